package dev.skein.ingester.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.common.TenantIds;
import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The wire format of one Kafka record: the spans of one trace from one push.
 *
 * <ul>
 *   <li>key: format version (1 byte, {@value #VERSION}), the 16-byte trace id, then the tenant id
 *       in UTF-8. Kafka's default partitioner hashes the whole key (murmur2), so a trace's spans
 *       always land in the same partition: partitioned by tenant and trace id.
 *   <li>value: the serialized OTLP {@code TracesData} exactly as the distributor built it (no
 *       re-encoding; the producer compresses batches).
 * </ul>
 *
 * <p>Stateless; {@link #decode} is the consumer's guard against poison records: anything it refuses
 * never reaches the write-ahead log.
 */
public final class SpanRecords {

  /** The key format version written by this code. */
  public static final byte VERSION = 1;

  private static final int TENANT_OFFSET = 1 + TraceId.BYTES;

  private SpanRecords() {}

  /** The record key of a trace of a tenant. */
  public static byte[] key(String tenant, TraceId traceId) {
    byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[TENANT_OFFSET + t.length];
    key[0] = VERSION;
    System.arraycopy(traceId.toBytes(), 0, key, 1, TraceId.BYTES);
    System.arraycopy(t, 0, key, TENANT_OFFSET, t.length);
    return key;
  }

  /**
   * Decodes and checks one record.
   *
   * @param key the record key
   * @param value the record value
   * @return the tenant and the spans
   * @throws IllegalArgumentException saying what is wrong, for a record that must be skipped
   */
  public static Decoded decode(byte @Nullable [] key, byte @Nullable [] value) {
    if (key == null || key.length <= TENANT_OFFSET) {
      throw new IllegalArgumentException(
          "key must be version + 16-byte trace id + tenant, was "
              + (key == null ? "null" : key.length + " bytes"));
    }
    if (key[0] != VERSION) {
      throw new IllegalArgumentException(
          "unknown key format version " + key[0] + ", this ingester reads " + VERSION);
    }
    TraceId traceId = TraceId.fromBytes(Arrays.copyOfRange(key, 1, TENANT_OFFSET));
    String tenant =
        new String(key, TENANT_OFFSET, key.length - TENANT_OFFSET, StandardCharsets.UTF_8);
    if (!TenantIds.isValid(tenant)) {
      throw new IllegalArgumentException("invalid tenant id in key: '" + tenant + "'");
    }
    if (value == null) {
      throw new IllegalArgumentException("value is null (a tombstone)");
    }
    int spans = countSpans(traceId, value);
    if (spans == 0) {
      throw new IllegalArgumentException("value holds no span of trace " + traceId.toHex());
    }
    return new Decoded(tenant, new TraceBatch(traceId, value, spans));
  }

  private static int countSpans(TraceId traceId, byte[] value) {
    TracesData data;
    try {
      data = TracesData.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("value is not an OTLP TracesData: " + e.getMessage(), e);
    }
    int n = 0;
    for (ResourceSpans rs : data.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          if (!traceId.toByteString().equals(s.getTraceId())) {
            throw new IllegalArgumentException(
                "value holds a span of another trace than the key's " + traceId.toHex());
          }
          n++;
        }
      }
    }
    return n;
  }

  /**
   * One decoded record.
   *
   * @param tenant the validated tenant
   * @param batch the spans, all of {@code batch.traceId()}
   */
  public record Decoded(String tenant, TraceBatch batch) {}
}
