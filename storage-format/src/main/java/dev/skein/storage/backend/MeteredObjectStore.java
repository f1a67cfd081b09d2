package dev.skein.storage.backend;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A decorator that records, per operation, requests and their latency, bytes moved and failures in
 * a Micrometer registry. Thread-safe. Every meter is registered up front, so dashboards see zeros
 * rather than gaps.
 *
 * <ul>
 *   <li>{@code skein.objectstore.requests} (timer), tags {@code backend}, {@code op} (get,
 *       get_range, size, exists, put, put_file, put_if_absent, list, children, delete) and {@code
 *       outcome}: {@code success}; {@code not_found}; {@code exists} (put-if-absent found an
 *       object); {@code invalid} (rejected key or argument); {@code error} (anything else).
 *   <li>{@code skein.objectstore.bytes} (counter, bytes), tags {@code backend}, {@code op}: bytes
 *       returned by reads and sent by writes that succeeded.
 * </ul>
 *
 * Time comes from the registry's clock. Exceptions pass through unchanged.
 */
public final class MeteredObjectStore implements ObjectStore {

  /** Name of the request timer. */
  public static final String REQUESTS = "skein.objectstore.requests";

  /** Name of the byte counter. */
  public static final String BYTES = "skein.objectstore.bytes";

  private final ObjectStore delegate;
  private final String backend;
  private final Clock clock;
  private final Map<Op, Map<Outcome, Timer>> timers = new EnumMap<>(Op.class);
  private final Map<Op, Counter> bytes = new EnumMap<>(Op.class);

  /**
   * Wraps {@code delegate}, tagging every meter with {@code backend} (e.g. "local", "s3"). Closing
   * this store closes the delegate.
   */
  public MeteredObjectStore(ObjectStore delegate, MeterRegistry registry, String backend) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.clock = registry.config().clock();
    for (Op op : Op.values()) {
      Map<Outcome, Timer> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        byOutcome.put(
            outcome,
            Timer.builder(REQUESTS)
                .description("Object store requests and their latency")
                .tags("backend", backend, "op", op.tag, "outcome", outcome.tag)
                .register(registry));
      }
      timers.put(op, byOutcome);
      bytes.put(
          op,
          Counter.builder(BYTES)
              .description("Bytes read from or written to the object store")
              .baseUnit("bytes")
              .tags("backend", backend, "op", op.tag)
              .register(registry));
    }
  }

  @Override
  public byte[] get(String key) {
    byte[] result = timed(Op.GET, () -> delegate.get(key));
    bytes.get(Op.GET).increment(result.length);
    return result;
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    byte[] result = timed(Op.GET_RANGE, () -> delegate.getRange(key, offset, length));
    bytes.get(Op.GET_RANGE).increment(result.length);
    return result;
  }

  @Override
  public long size(String key) {
    return timed(Op.SIZE, () -> delegate.size(key));
  }

  @Override
  public boolean exists(String key) {
    return timed(Op.EXISTS, () -> delegate.exists(key));
  }

  @Override
  public void put(String key, byte[] data) {
    timed(
        Op.PUT,
        () -> {
          delegate.put(key, data);
          return null;
        });
    bytes.get(Op.PUT).increment(data.length);
  }

  @Override
  public void put(String key, Path file) {
    timed(
        Op.PUT_FILE,
        () -> {
          delegate.put(key, file);
          return null;
        });
    try {
      bytes.get(Op.PUT_FILE).increment(Files.size(file));
    } catch (IOException e) {
      // The upload succeeded; a file that vanished right after only costs us its byte count.
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    long start = clock.monotonicTime();
    boolean created;
    try {
      created = delegate.putIfAbsent(key, data);
    } catch (RuntimeException e) {
      record(Op.PUT_IF_ABSENT, outcomeOf(e), start);
      throw e;
    }
    record(Op.PUT_IF_ABSENT, created ? Outcome.SUCCESS : Outcome.EXISTS, start);
    if (created) {
      bytes.get(Op.PUT_IF_ABSENT).increment(data.length);
    }
    return created;
  }

  @Override
  public List<String> list(String prefix) {
    return timed(Op.LIST, () -> delegate.list(prefix));
  }

  @Override
  public List<String> children(String prefix) {
    return timed(Op.CHILDREN, () -> delegate.children(prefix));
  }

  @Override
  public void delete(String key) {
    timed(
        Op.DELETE,
        () -> {
          delegate.delete(key);
          return null;
        });
  }

  /** Closes the wrapped store; the meters stay registered. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "MeteredObjectStore{backend=" + backend + ", delegate=" + delegate + "}";
  }

  private <T> T timed(Op op, Supplier<T> call) {
    long start = clock.monotonicTime();
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      record(op, outcomeOf(e), start);
      throw e;
    }
    record(op, Outcome.SUCCESS, start);
    return result;
  }

  private void record(Op op, Outcome outcome, long start) {
    timers.get(op).get(outcome).record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
  }

  private static Outcome outcomeOf(RuntimeException e) {
    if (e instanceof ObjectNotFoundException) {
      return Outcome.NOT_FOUND;
    }
    if (e instanceof IllegalArgumentException) {
      return Outcome.INVALID;
    }
    return Outcome.ERROR;
  }

  private enum Op {
    GET,
    GET_RANGE,
    SIZE,
    EXISTS,
    PUT,
    PUT_FILE,
    PUT_IF_ABSENT,
    LIST,
    CHILDREN,
    DELETE;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private enum Outcome {
    SUCCESS,
    NOT_FOUND,
    EXISTS,
    INVALID,
    ERROR;

    final String tag = name().toLowerCase(Locale.ROOT);
  }
}
