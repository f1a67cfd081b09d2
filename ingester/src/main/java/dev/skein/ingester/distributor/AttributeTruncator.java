package dev.skein.ingester.distributor;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Truncates string and bytes attribute values (nested ones too) to a byte limit, counting each
 * truncation. Messages are rebuilt only when something is too long, so the common case allocates
 * nothing. Not thread-safe: one instance per request.
 */
final class AttributeTruncator {

  private final int maxBytes;
  private int truncated;

  AttributeTruncator(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** How many values were truncated so far. */
  int truncated() {
    return truncated;
  }

  /** Whether any value in {@code attributes} needs truncating. */
  boolean needed(List<KeyValue> attributes) {
    if (maxBytes == 0) {
      return false;
    }
    for (KeyValue kv : attributes) {
      if (tooLong(kv.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** {@code resource}, or a copy with long attribute values truncated. */
  Resource apply(Resource resource) {
    if (!needed(resource.getAttributesList())) {
      return resource;
    }
    return resource.toBuilder()
        .clearAttributes()
        .addAllAttributes(apply(resource.getAttributesList()))
        .build();
  }

  /** {@code scope}, or a copy with long attribute values truncated. */
  InstrumentationScope apply(InstrumentationScope scope) {
    if (!needed(scope.getAttributesList())) {
      return scope;
    }
    return scope.toBuilder()
        .clearAttributes()
        .addAllAttributes(apply(scope.getAttributesList()))
        .build();
  }

  /** {@code span}, or a copy with long values of its, its events' and links' attributes cut. */
  Span apply(Span span) {
    boolean spanAttrs = needed(span.getAttributesList());
    boolean events = span.getEventsList().stream().anyMatch(e -> needed(e.getAttributesList()));
    boolean links = span.getLinksList().stream().anyMatch(l -> needed(l.getAttributesList()));
    if (!spanAttrs && !events && !links) {
      return span;
    }
    Span.Builder b = span.toBuilder();
    if (spanAttrs) {
      b.clearAttributes().addAllAttributes(apply(span.getAttributesList()));
    }
    for (Span.Event.Builder e : b.getEventsBuilderList()) {
      if (needed(e.getAttributesList())) {
        List<KeyValue> a = apply(e.getAttributesList());
        e.clearAttributes().addAllAttributes(a);
      }
    }
    for (Span.Link.Builder l : b.getLinksBuilderList()) {
      if (needed(l.getAttributesList())) {
        List<KeyValue> a = apply(l.getAttributesList());
        l.clearAttributes().addAllAttributes(a);
      }
    }
    return b.build();
  }

  /** {@code attributes} with long values truncated. */
  List<KeyValue> apply(List<KeyValue> attributes) {
    return attributes.stream().map(this::apply).toList();
  }

  private KeyValue apply(KeyValue kv) {
    return tooLong(kv.getValue()) ? kv.toBuilder().setValue(apply(kv.getValue())).build() : kv;
  }

  private AnyValue apply(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> AnyValue.newBuilder().setStringValue(cut(v.getStringValue())).build();
      case BYTES_VALUE -> {
        truncated++;
        yield AnyValue.newBuilder().setBytesValue(v.getBytesValue().substring(0, maxBytes)).build();
      }
      case ARRAY_VALUE ->
          AnyValue.newBuilder()
              .setArrayValue(
                  ArrayValue.newBuilder()
                      .addAllValues(
                          v.getArrayValue().getValuesList().stream()
                              .map(x -> tooLong(x) ? apply(x) : x)
                              .toList()))
              .build();
      case KVLIST_VALUE ->
          AnyValue.newBuilder()
              .setKvlistValue(
                  KeyValueList.newBuilder().addAllValues(apply(v.getKvlistValue().getValuesList())))
              .build();
      default -> v;
    };
  }

  private boolean tooLong(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> utf8Longer(v.getStringValue());
      case BYTES_VALUE -> v.getBytesValue().size() > maxBytes;
      case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().anyMatch(this::tooLong);
      case KVLIST_VALUE ->
          v.getKvlistValue().getValuesList().stream().anyMatch(kv -> tooLong(kv.getValue()));
      default -> false;
    };
  }

  private boolean utf8Longer(String s) {
    // a char is 1 to 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 chars)
    if (s.length() > maxBytes) {
      return true;
    }
    if ((long) s.length() * 3 <= maxBytes) {
      return false;
    }
    return s.getBytes(StandardCharsets.UTF_8).length > maxBytes;
  }

  /** Cuts to at most maxBytes of UTF-8 without splitting a character. */
  private String cut(String s) {
    truncated++;
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int end = maxBytes;
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return ByteString.copyFrom(utf8, 0, end).toStringUtf8();
  }
}
