package dev.skein.server.lifecycle;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Ties the {@link ComponentRegistry} to Spring's lifecycle: components start in the last phase,
 * after the HTTP listener, and close when the context is destroyed, after the listener has drained
 * in-flight requests (graceful shutdown on SIGTERM).
 */
public final class ComponentLifecycle implements SmartLifecycle, DisposableBean {

  private final ComponentRegistry registry;
  private volatile boolean running;

  /** Wraps {@code registry}. */
  public ComponentLifecycle(ComponentRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void start() {
    registry.start();
    running = true;
  }

  @Override
  public void stop() {
    // Closing happens in destroy(), once the web server has stopped taking requests.
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  @Override
  public void destroy() {
    registry.close();
  }
}
