package dev.skein.querier.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the ingesters a querier asks, from {@code skein.querier.ingesters}. Each entry is either
 * {@code host:port}, one ingester (gRPC resolves the name), or {@code dns+host:port}, every A/AAAA
 * record of {@code host} as its own ingester, resolved again every refresh interval so ingesters
 * added to or removed from a headless service (Kubernetes, Docker Compose) are picked up. A name
 * that stops resolving keeps its last known addresses, with a warning; one that never resolved is
 * reported as a problem, which makes queries PARTIAL. Thread-safe.
 */
public final class IngesterDiscovery implements AutoCloseable {

  /** The prefix of an entry resolved to all its addresses. */
  public static final String DNS_PREFIX = "dns+";

  private static final Logger LOG = LoggerFactory.getLogger(IngesterDiscovery.class);

  /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * The ingesters known now.
   *
   * @param endpoints the ingesters to ask, without duplicates
   * @param problems entries that yielded no ingester, each naming the entry and why
   */
  public record Snapshot(List<IngesterEndpoint> endpoints, List<String> problems) {
    /** Copies the lists. */
    public Snapshot {
      endpoints = List.copyOf(endpoints);
      problems = List.copyOf(problems);
    }
  }

  private record Entry(String spec, IngesterEndpoint endpoint, boolean dns) {}

  private final List<Entry> entries;
  private final Resolver resolver;
  private final @Nullable ScheduledExecutorService refresher;
  private final java.util.Map<Entry, List<IngesterEndpoint>> lastResolved =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Snapshot snapshot = new Snapshot(List.of(), List.of());

  /**
   * Parses the entries and resolves them once; starts periodic refresh when any is {@code dns+}.
   *
   * @throws IllegalArgumentException naming the entry when one is not {@code [dns+]host:port}
   */
  public IngesterDiscovery(List<String> specs, Duration refreshInterval, Resolver resolver) {
    List<Entry> parsed = new ArrayList<>();
    for (String spec : specs) {
      if (!spec.isBlank()) {
        parsed.add(parse(spec.strip()));
      }
    }
    this.entries = List.copyOf(parsed);
    this.resolver = resolver;
    refresh();
    if (entries.stream().anyMatch(Entry::dns)) {
      if (refreshInterval.isNegative() || refreshInterval.isZero()) {
        throw new IllegalArgumentException(
            "skein.querier.ingester-refresh-interval must be > 0, was " + refreshInterval);
      }
      refresher =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().name("ingester-discovery").daemon().factory());
      refresher.scheduleWithFixedDelay(
          this::refresh,
          refreshInterval.toMillis(),
          refreshInterval.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      refresher = null;
    }
  }

  /** Discovery over fixed entries with the system resolver. */
  public static IngesterDiscovery of(List<String> specs, Duration refreshInterval) {
    return new IngesterDiscovery(specs, refreshInterval, InetAddress::getAllByName);
  }

  /** Whether no entry is configured (the querier then reads no remote ingester). */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The ingesters known now. */
  public Snapshot current() {
    return snapshot;
  }

  /** Resolves every {@code dns+} entry again. Called periodically; public for tests. */
  public void refresh() {
    Set<IngesterEndpoint> endpoints = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.dns()) {
        endpoints.add(entry.endpoint());
        continue;
      }
      try {
        List<IngesterEndpoint> found = new ArrayList<>();
        for (InetAddress address : resolver.resolve(entry.endpoint().host())) {
          found.add(new IngesterEndpoint(address.getHostAddress(), entry.endpoint().port()));
        }
        List<IngesterEndpoint> before = lastResolved.put(entry, List.copyOf(found));
        if (before == null || !before.equals(found)) {
          LOG.info("{} resolves to {} ingester(s): {}", entry.spec(), found.size(), found);
        }
        endpoints.addAll(found);
      } catch (UnknownHostException | RuntimeException e) {
        List<IngesterEndpoint> last = lastResolved.get(entry);
        if (last != null && !last.isEmpty()) {
          LOG.warn("cannot resolve {} ({}); keeping its last addresses {}", entry.spec(), e, last);
          endpoints.addAll(last);
        } else {
          LOG.warn("cannot resolve {}: {}", entry.spec(), e.toString());
          problems.add(entry.spec() + " does not resolve (" + e.getMessage() + ")");
        }
      }
    }
    snapshot = new Snapshot(new ArrayList<>(endpoints), problems);
  }

  /**
   * Checks every entry's form without resolving anything.
   *
   * @throws IllegalArgumentException naming the first bad entry
   */
  public static void validate(List<String> specs) {
    for (String spec : specs) {
      if (!spec.isBlank()) {
        parse(spec.strip());
      }
    }
  }

  static Entry parse(String spec) {
    boolean dns = spec.toLowerCase(Locale.ROOT).startsWith(DNS_PREFIX);
    String address = dns ? spec.substring(DNS_PREFIX.length()) : spec;
    int colon = address.lastIndexOf(':');
    String problem = null;
    if (colon <= 0 || colon == address.length() - 1) {
      problem = "is not host:port";
    } else {
      try {
        int port = Integer.parseInt(address.substring(colon + 1));
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        return new Entry(spec, new IngesterEndpoint(host, port), dns);
      } catch (NumberFormatException e) {
        problem = "has a port that is not a number";
      } catch (IllegalArgumentException e) {
        problem = "is invalid: " + e.getMessage();
      }
    }
    throw new IllegalArgumentException(
        "skein.querier.ingesters entry '"
            + spec
            + "' "
            + problem
            + "; use host:port for one ingester or dns+host:port for every address of a name");
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "IngesterDiscovery" + entries.stream().map(Entry::spec).toList();
  }
}
