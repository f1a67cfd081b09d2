package dev.skein.bench.send;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Encodes OTLP trace requests as OTLP/JSON: protobuf's JSON mapping with lowerCamelCase names, but
 * trace and span ids as hex (not base64), enums as integers, 64-bit integers as strings and default
 * values left out, as the OTLP specification requires. Stateless and thread-safe.
 */
public final class OtlpJsonEncoder {
  private static final HexFormat HEX = HexFormat.of();

  private OtlpJsonEncoder() {}

  /** The request as UTF-8 OTLP/JSON bytes. */
  public static byte[] encode(ExportTraceServiceRequest request) {
    return encodeToString(request).getBytes(StandardCharsets.UTF_8);
  }

  /** The request as an OTLP/JSON string. */
  public static String encodeToString(ExportTraceServiceRequest request) {
    Json j = new Json(new StringBuilder(request.getSerializedSize() * 2));
    j.open('{');
    j.array("resourceSpans", request.getResourceSpansList(), OtlpJsonEncoder::resourceSpans);
    j.close('}');
    return j.out.toString();
  }

  private static void resourceSpans(Json j, ResourceSpans rs) {
    j.open('{');
    if (rs.hasResource()) {
      j.name("resource");
      resource(j, rs.getResource());
    }
    j.array("scopeSpans", rs.getScopeSpansList(), OtlpJsonEncoder::scopeSpans);
    j.string("schemaUrl", rs.getSchemaUrl());
    j.close('}');
  }

  private static void resource(Json j, Resource r) {
    j.open('{');
    j.array("attributes", r.getAttributesList(), OtlpJsonEncoder::keyValue);
    j.number("droppedAttributesCount", r.getDroppedAttributesCount());
    j.close('}');
  }

  private static void scopeSpans(Json j, ScopeSpans ss) {
    j.open('{');
    if (ss.hasScope()) {
      InstrumentationScope s = ss.getScope();
      j.name("scope");
      j.open('{');
      j.string("name", s.getName());
      j.string("version", s.getVersion());
      j.array("attributes", s.getAttributesList(), OtlpJsonEncoder::keyValue);
      j.number("droppedAttributesCount", s.getDroppedAttributesCount());
      j.close('}');
    }
    j.array("spans", ss.getSpansList(), OtlpJsonEncoder::span);
    j.string("schemaUrl", ss.getSchemaUrl());
    j.close('}');
  }

  private static void span(Json j, Span s) {
    j.open('{');
    j.hex("traceId", s.getTraceId().toByteArray());
    j.hex("spanId", s.getSpanId().toByteArray());
    j.string("traceState", s.getTraceState());
    j.hex("parentSpanId", s.getParentSpanId().toByteArray());
    j.number("flags", Integer.toUnsignedLong(s.getFlags()));
    j.string("name", s.getName());
    j.number("kind", s.getKindValue());
    j.int64("startTimeUnixNano", s.getStartTimeUnixNano());
    j.int64("endTimeUnixNano", s.getEndTimeUnixNano());
    j.array("attributes", s.getAttributesList(), OtlpJsonEncoder::keyValue);
    j.number("droppedAttributesCount", s.getDroppedAttributesCount());
    j.array("events", s.getEventsList(), OtlpJsonEncoder::event);
    j.number("droppedEventsCount", s.getDroppedEventsCount());
    j.array("links", s.getLinksList(), OtlpJsonEncoder::link);
    j.number("droppedLinksCount", s.getDroppedLinksCount());
    if (s.hasStatus()) {
      Status st = s.getStatus();
      j.name("status");
      j.open('{');
      j.string("message", st.getMessage());
      j.number("code", st.getCodeValue());
      j.close('}');
    }
    j.close('}');
  }

  private static void event(Json j, Span.Event e) {
    j.open('{');
    j.int64("timeUnixNano", e.getTimeUnixNano());
    j.string("name", e.getName());
    j.array("attributes", e.getAttributesList(), OtlpJsonEncoder::keyValue);
    j.number("droppedAttributesCount", e.getDroppedAttributesCount());
    j.close('}');
  }

  private static void link(Json j, Span.Link l) {
    j.open('{');
    j.hex("traceId", l.getTraceId().toByteArray());
    j.hex("spanId", l.getSpanId().toByteArray());
    j.string("traceState", l.getTraceState());
    j.array("attributes", l.getAttributesList(), OtlpJsonEncoder::keyValue);
    j.number("droppedAttributesCount", l.getDroppedAttributesCount());
    j.number("flags", Integer.toUnsignedLong(l.getFlags()));
    j.close('}');
  }

  private static void keyValue(Json j, KeyValue kv) {
    j.open('{');
    j.string("key", kv.getKey());
    if (kv.hasValue()) {
      j.name("value");
      anyValue(j, kv.getValue());
    }
    j.close('}');
  }

  private static void anyValue(Json j, AnyValue v) {
    j.open('{');
    switch (v.getValueCase()) {
      case STRING_VALUE -> j.stringAlways("stringValue", v.getStringValue());
      case BOOL_VALUE -> j.raw("boolValue", Boolean.toString(v.getBoolValue()));
      case INT_VALUE -> j.stringAlways("intValue", Long.toString(v.getIntValue()));
      case DOUBLE_VALUE -> j.doubleValue("doubleValue", v.getDoubleValue());
      case ARRAY_VALUE -> {
        j.name("arrayValue");
        j.open('{');
        j.array("values", v.getArrayValue().getValuesList(), OtlpJsonEncoder::anyValue);
        j.close('}');
      }
      case KVLIST_VALUE -> {
        j.name("kvlistValue");
        j.open('{');
        j.array("values", v.getKvlistValue().getValuesList(), OtlpJsonEncoder::keyValue);
        j.close('}');
      }
      case BYTES_VALUE ->
          j.stringAlways(
              "bytesValue", Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
      case STRING_VALUE_STRINDEX ->
          j.raw("stringValueStrindex", Integer.toString(v.getStringValueStrindex()));
      case VALUE_NOT_SET -> {}
    }
    j.close('}');
  }

  /** A minimal JSON writer that tracks whether a comma is due. */
  private static final class Json {
    final StringBuilder out;
    private boolean first = true;

    Json(StringBuilder out) {
      this.out = out;
    }

    void open(char c) {
      out.append(c);
      first = true;
    }

    void close(char c) {
      out.append(c);
      first = false;
    }

    void name(String name) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(name).append("\":");
    }

    void string(String name, String value) {
      if (!value.isEmpty()) {
        stringAlways(name, value);
      }
    }

    void stringAlways(String name, String value) {
      name(name);
      quote(value);
    }

    void hex(String name, byte[] bytes) {
      if (bytes.length > 0) {
        name(name);
        out.append('"').append(HEX.formatHex(bytes)).append('"');
      }
    }

    void number(String name, long value) {
      if (value != 0) {
        raw(name, Long.toString(value));
      }
    }

    void int64(String name, long value) {
      if (value != 0) {
        stringAlways(name, Long.toUnsignedString(value));
      }
    }

    void doubleValue(String name, double value) {
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        stringAlways(name, Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
      } else {
        raw(name, Double.toString(value));
      }
    }

    void raw(String name, String json) {
      name(name);
      out.append(json);
    }

    <T> void array(String name, List<T> values, Writer<T> writer) {
      if (values.isEmpty()) {
        return;
      }
      name(name);
      open('[');
      for (T v : values) {
        if (!first) {
          out.append(',');
        }
        writer.write(this, v);
        first = false;
      }
      close(']');
    }

    void quote(String s) {
      out.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append(String.format("\\u%04x", (int) c));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }
  }

  @FunctionalInterface
  private interface Writer<T> {
    void write(Json j, T value);
  }
}
