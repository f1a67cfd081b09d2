package dev.skein.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Generates random but valid OTLP traces for property-based tests: every AnyValue kind (nested
 * arrays and kvlists, bytes, empty values), empty and non-ASCII strings, well-known attribute keys
 * with matching and mismatching types, duplicate keys, events, links, trace state, flags, dropped
 * counts, several resources and scopes, missing optional messages and unknown fields. Deterministic
 * for a seed. Not thread-safe.
 */
public final class RandomTraces {

  private static final String[] WORDS = {
    "", "a", "GET", "select * from t", "żółć", "日本語", "emoji 🚀", "x".repeat(300), "tab\tnew\nline"
  };
  private static final String[] KEYS = {
    "service.name",
    "http.method",
    "http.request.method",
    "http.status_code",
    "http.route",
    "db.system",
    "rpc.method",
    "k8s.pod.name",
    "cluster",
    "server.port",
    "custom.key",
    "empty",
    ""
  };

  private final Random random;

  /** A generator for {@code seed}. */
  public RandomTraces(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} traces with distinct ids, sorted by id. */
  public List<Trace> traces(int count, int maxSpans) {
    List<Trace> out = new ArrayList<>(count);
    java.util.Set<TraceId> seen = new java.util.HashSet<>();
    while (out.size() < count) {
      TraceId id = new TraceId(random.nextLong(), random.nextLong());
      if (id.isZero() || !seen.add(id)) {
        continue;
      }
      out.add(trace(id, 1 + random.nextInt(maxSpans)));
    }
    out.sort(Comparator.comparing(Trace::traceId));
    return out;
  }

  /** One trace with {@code spans} spans spread over random resources and scopes. */
  public Trace trace(TraceId id, int spans) {
    int resources = 1 + random.nextInt(3);
    List<ResourceSpans.Builder> rss = new ArrayList<>();
    List<ScopeSpans.Builder> scopes = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int r = 0; r < resources; r++) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder().setSchemaUrl(pick(WORDS));
      if (random.nextInt(8) != 0) {
        rs.setResource(resource());
      }
      rss.add(rs);
      int n = 1 + random.nextInt(2);
      for (int s = 0; s < n; s++) {
        ScopeSpans.Builder ss = ScopeSpans.newBuilder().setSchemaUrl(pick(WORDS));
        if (random.nextInt(6) != 0) {
          ss.setScope(scope());
        }
        scopes.add(ss);
        owner.add(r);
      }
    }
    List<ByteString> ids = new ArrayList<>();
    for (int i = 0; i < spans; i++) {
      ByteString spanId = bytes(8);
      Span span = span(id, spanId, parent(ids));
      ids.add(spanId);
      scopes.get(random.nextInt(scopes.size())).addSpans(span);
    }
    for (int i = 0; i < scopes.size(); i++) {
      rss.get(owner.get(i)).addScopeSpans(scopes.get(i));
    }
    return new Trace(id, rss.stream().map(ResourceSpans.Builder::build).toList());
  }

  private ByteString parent(List<ByteString> ids) {
    int r = random.nextInt(10);
    if (ids.isEmpty() || r == 0) {
      return ByteString.EMPTY;
    }
    return r == 1 ? bytes(8) : ids.get(random.nextInt(ids.size())); // r == 1: orphan
  }

  private Span span(TraceId traceId, ByteString spanId, ByteString parent) {
    long start =
        random.nextInt(4) == 0
            ? random.nextLong()
            : 1_700_000_000_000_000_000L + random.nextInt(1 << 30);
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(traceId.toByteString())
            .setSpanId(spanId)
            .setParentSpanId(parent)
            .setName(pick(WORDS))
            .setKindValue(random.nextInt(7))
            .setStartTimeUnixNano(start)
            .setEndTimeUnixNano(start + (random.nextInt(5) == 0 ? -5 : random.nextInt(1 << 20)))
            .setTraceState(random.nextBoolean() ? "" : "k=v,x=" + random.nextInt(9))
            .setFlags(random.nextInt(3) == 0 ? random.nextInt() : 0x101)
            .setDroppedAttributesCount(random.nextInt(3))
            .setDroppedEventsCount(random.nextInt(2))
            .setDroppedLinksCount(random.nextInt(2))
            .addAllAttributes(attributes(6));
    if (random.nextInt(3) != 0) {
      s.setStatus(Status.newBuilder().setCodeValue(random.nextInt(4)).setMessage(pick(WORDS)));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      s.addEvents(
          Span.Event.newBuilder()
              .setTimeUnixNano(start + random.nextInt(1000))
              .setName(pick(WORDS))
              .setDroppedAttributesCount(random.nextInt(2))
              .addAllAttributes(attributes(3)));
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      s.addLinks(
          Span.Link.newBuilder()
              .setTraceId(bytes(16))
              .setSpanId(bytes(8))
              .setTraceState(pick(WORDS))
              .setFlags(random.nextInt(3))
              .setDroppedAttributesCount(random.nextInt(2))
              .addAllAttributes(attributes(2)));
    }
    if (random.nextInt(20) == 0) {
      s.setUnknownFields(unknown());
    }
    return s.build();
  }

  private Resource resource() {
    Resource.Builder r =
        Resource.newBuilder()
            .addAttributes(
                kv(
                    "service.name",
                    AnyValue.newBuilder().setStringValue("svc-" + random.nextInt(4)).build()))
            .addAllAttributes(attributes(4))
            .setDroppedAttributesCount(random.nextInt(2));
    if (random.nextInt(10) == 0) {
      r.addEntityRefs(EntityRef.newBuilder().setType("service").addIdKeys("service.name"));
    }
    if (random.nextInt(20) == 0) {
      r.setUnknownFields(unknown());
    }
    return r.build();
  }

  private InstrumentationScope scope() {
    return InstrumentationScope.newBuilder()
        .setName(pick(WORDS))
        .setVersion(random.nextBoolean() ? "" : "1.2." + random.nextInt(3))
        .addAllAttributes(attributes(2))
        .setDroppedAttributesCount(random.nextInt(2))
        .build();
  }

  private List<KeyValue> attributes(int max) {
    List<KeyValue> out = new ArrayList<>();
    for (int i = random.nextInt(max + 1); i > 0; i--) {
      String key = random.nextBoolean() ? pick(KEYS) : "k" + random.nextInt(50);
      if (random.nextInt(15) == 0) {
        out.add(KeyValue.newBuilder().setKey(key).build()); // no value at all
      } else {
        out.add(kv(key, value(2)));
      }
    }
    return out;
  }

  private AnyValue value(int depth) {
    AnyValue.Builder v = AnyValue.newBuilder();
    switch (random.nextInt(depth > 0 ? 9 : 7)) {
      case 0, 1 -> v.setStringValue(pick(WORDS));
      case 2 -> v.setBoolValue(random.nextBoolean());
      case 3 -> v.setIntValue(random.nextBoolean() ? random.nextInt(600) : random.nextLong());
      case 4 -> v.setDoubleValue(random.nextBoolean() ? random.nextDouble() : -0.0);
      case 5 -> v.setBytesValue(bytes(random.nextInt(5)));
      case 6 -> {} // empty AnyValue
      case 7 -> {
        ArrayValue.Builder a = ArrayValue.newBuilder();
        for (int i = random.nextInt(4); i > 0; i--) {
          a.addValues(value(depth - 1));
        }
        v.setArrayValue(a);
      }
      default -> {
        KeyValueList.Builder l = KeyValueList.newBuilder();
        for (int i = random.nextInt(3); i > 0; i--) {
          l.addValues(kv(pick(KEYS), value(depth - 1)));
        }
        v.setKvlistValue(l);
      }
    }
    return v.build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private UnknownFieldSet unknown() {
    return UnknownFieldSet.newBuilder()
        .addField(
            1000 + random.nextInt(10),
            UnknownFieldSet.Field.newBuilder().addVarint(random.nextInt(100)).build())
        .build();
  }

  private ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
