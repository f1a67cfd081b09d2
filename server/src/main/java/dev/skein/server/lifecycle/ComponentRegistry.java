package dev.skein.server.lifecycle;

import dev.skein.common.CheckResult;
import dev.skein.common.Component;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the components of this process in order, answers readiness, and closes them in reverse
 * order. Thread-safe: {@link #readiness()} may be called from any request thread at any time.
 *
 * <p>Components start after the HTTP listener is up, so {@code /ready} answers 503 while, say, a
 * write-ahead log replays, and 200 once every component has started and checks healthy.
 */
public final class ComponentRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);

  /** Where the registry is in its life. */
  public enum State {
    NEW,
    STARTING,
    RUNNING,
    CLOSING,
    CLOSED,
    FAILED
  }

  private final Map<String, Component> components;
  private final List<String> started = Collections.synchronizedList(new ArrayList<>());
  private volatile State state = State.NEW;

  /**
   * Creates a registry over named components, started in the map's iteration order.
   *
   * @param components name to component; copied
   */
  public ComponentRegistry(Map<String, ? extends Component> components) {
    this.components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
  }

  /**
   * Starts every component in order. When one fails, those already started are closed and the
   * failure is rethrown with the component's name.
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("components already " + state);
    }
    state = State.STARTING;
    for (Map.Entry<String, Component> e : components.entrySet()) {
      long t0 = System.nanoTime();
      try {
        e.getValue().start();
      } catch (RuntimeException failure) {
        state = State.FAILED;
        closeStarted();
        throw new IllegalStateException("component " + e.getKey() + " failed to start", failure);
      }
      started.add(e.getKey());
      LOG.info(
          "started {} in {} ms: {}",
          e.getKey(),
          (System.nanoTime() - t0) / 1_000_000,
          e.getValue());
    }
    state = State.RUNNING;
  }

  /** Closes every started component in reverse start order; idempotent. */
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSING;
    closeStarted();
    state = State.CLOSED;
  }

  private void closeStarted() {
    List<String> names = new ArrayList<>(started);
    Collections.reverse(names);
    for (String name : names) {
      try {
        components.get(name).close();
        LOG.info("closed {}", name);
      } catch (RuntimeException e) {
        LOG.warn("closing {} failed; going on with the others", name, e);
      }
    }
    started.clear();
  }

  /** The current lifecycle state. */
  public State state() {
    return state;
  }

  /** Names of the registered components, in start order. */
  public List<String> names() {
    return List.copyOf(components.keySet());
  }

  /**
   * Whether this process can serve: all components started and each check ok.
   *
   * @return the readiness with a reason per component that is not ready
   */
  public Readiness readiness() {
    State current = state;
    Map<String, String> notReady = new LinkedHashMap<>();
    if (current != State.RUNNING) {
      notReady.put("skein", "components are " + current.name().toLowerCase(java.util.Locale.ROOT));
    }
    for (Map.Entry<String, Component> e : components.entrySet()) {
      if (!started.contains(e.getKey())) {
        notReady.put(e.getKey(), "not started");
        continue;
      }
      CheckResult check;
      try {
        check = e.getValue().check();
      } catch (RuntimeException ex) {
        check = CheckResult.failed("check threw " + ex);
      }
      if (!check.ok()) {
        notReady.put(e.getKey(), String.valueOf(check.reason()));
      }
    }
    return new Readiness(notReady.isEmpty(), notReady);
  }

  /**
   * Readiness of the process.
   *
   * @param ready whether every component is started and healthy
   * @param notReady component name to the reason it is not ready
   */
  public record Readiness(boolean ready, Map<String, String> notReady) {

    /** Copies the map. */
    public Readiness {
      notReady = Collections.unmodifiableMap(new LinkedHashMap<>(notReady));
    }
  }
}
