package dev.skein.testkit;

import com.google.protobuf.ByteString;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Traces whose span attributes exercise vsk1's per-block attribute slot columns: keys {@code key.0}
 * to {@code key.39} (more of each kind than a block has slots, so the rest stay in the generic
 * list), strings {@code value-0} to {@code value-4}, hex ids of even and odd length (a fixed {@link
 * #HEX_PREFIX} of 15 to 19 digits, and random longs in hex), random ints, bools under the same keys
 * as ints, doubles, duplicate keys, keys whose kind changes from span to span, and the fixed
 * dedicated keys {@code http.route} and {@code server.port} with string and int values. One
 * resource ({@code service.name} {@value #SERVICE}) and scope per trace. Deterministic for a seed.
 * Not thread-safe.
 */
public final class AttrSlotTraces {

  /** The number of distinct {@code key.<n>} attribute keys. */
  public static final int KEYS = 40;

  /** The longest fixed hex value; the values are its prefixes of 15 to 19 digits. */
  public static final String HEX_PREFIX = "abcdef0123456789abc";

  /** The service of every trace. */
  public static final String SERVICE = "slots";

  private static final long START = 1_700_000_000_000_000_000L;

  private final Random random;

  /** A generator for {@code seed}. */
  public AttrSlotTraces(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} traces with ids 1 to {@code count} in their high half, in that order. */
  public List<Trace> traces(int count) {
    List<Trace> out = new ArrayList<>(count);
    for (int t = 0; t < count; t++) {
      out.add(trace(new TraceId(t + 1, random.nextLong()), t));
    }
    return out;
  }

  private Trace trace(TraceId id, int index) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int s = 0; s < 1 + random.nextInt(6); s++) {
      long start = START + index * 1_000_000L + s;
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(id.toBytes()))
              .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("%016x".formatted(s + 1))))
              .setName("op")
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + 1_000_000L);
      for (int a = random.nextInt(30); a > 0; a--) {
        span.addAttributes(attribute());
      }
      scope.addSpans(span);
    }
    Resource resource =
        Resource.newBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("service.name")
                    .setValue(AnyValue.newBuilder().setStringValue(SERVICE)))
            .build();
    return new Trace(
        id, List.of(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope).build()));
  }

  /** Keys from a pool larger than the slots of each kind, values of changing kinds. */
  private KeyValue attribute() {
    String key = "key." + random.nextInt(KEYS);
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (random.nextInt(7)) {
      case 0 -> v.setStringValue("value-" + random.nextInt(5));
      case 1 -> v.setStringValue(Long.toHexString(random.nextLong())); // 15 or 16 digits, mostly
      case 2 -> v.setStringValue(HEX_PREFIX.substring(0, 15 + random.nextInt(5)));
      case 3 -> v.setIntValue(random.nextLong());
      case 4 -> v.setBoolValue(random.nextBoolean());
      case 5 -> v.setDoubleValue(random.nextDouble());
      default -> {
        key = random.nextBoolean() ? "http.route" : "server.port"; // fixed dedicated columns
        if (random.nextBoolean()) {
          v.setStringValue("/r" + random.nextInt(3));
        } else {
          v.setIntValue(random.nextInt(3));
        }
      }
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }
}
