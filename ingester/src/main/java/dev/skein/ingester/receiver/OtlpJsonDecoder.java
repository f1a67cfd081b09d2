package dev.skein.ingester.receiver;

import com.google.protobuf.ByteString;
import dev.skein.common.InvalidRequestException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * A streaming decoder for OTLP/JSON trace requests, written to the OTLP specification rather than
 * protobuf's JSON mapping: trace and span ids are hex (not base64), enums are integers (names are
 * accepted too), keys are lowerCamelCase (snake_case is accepted too), 64-bit integers may be JSON
 * strings or numbers, {@code null} means the default and unknown fields are ignored.
 *
 * <p>Errors name the JSON path, for example {@code malformed OTLP JSON at
 * $.resourceSpans[0].scopeSpans[2].spans[1].traceId: expected 32 hex characters, got 30}.
 *
 * <p>Use {@link #decode(byte[])}; each call creates its own parser, so it is thread-safe.
 */
public final class OtlpJsonDecoder {

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private final JsonParser p;
  private final JsonPath path = new JsonPath();

  private OtlpJsonDecoder(JsonParser p) {
    this.p = p;
  }

  /**
   * Decodes one OTLP/JSON {@code ExportTraceServiceRequest}.
   *
   * @param body the (already inflated) UTF-8 request body
   * @throws InvalidRequestException when the body is not valid OTLP/JSON, naming the path
   */
  public static ExportTraceServiceRequest decode(byte[] body) {
    OtlpJsonDecoder decoder = null;
    // createParser belongs inside the try: it sniffs the encoding and throws on a bad BOM (fuzz)
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), body)) {
      decoder = new OtlpJsonDecoder(parser);
      return decoder.request();
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where =
          at == null || at == TokenStreamLocation.NA
              ? ""
              : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new InvalidRequestException(
          "malformed OTLP JSON at "
              + (decoder == null ? "$" : decoder.path)
              + where
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  private ExportTraceServiceRequest request() {
    if (p.nextToken() == null) {
      throw fail("the body is empty");
    }
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    object(
        name -> {
          if (name.equals("resourceSpans")) {
            array(() -> b.addResourceSpans(resourceSpans()));
          } else {
            p.skipChildren();
          }
        });
    if (p.nextToken() != null) {
      throw fail("unexpected content after the request object");
    }
    return b.build();
  }

  private ResourceSpans resourceSpans() {
    ResourceSpans.Builder b = ResourceSpans.newBuilder();
    object(
        name -> {
          switch (name) {
            case "resource" -> b.setResource(resource());
            case "scopeSpans" -> array(() -> b.addScopeSpans(scopeSpans()));
            case "schemaUrl" -> b.setSchemaUrl(string());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private Resource resource() {
    Resource.Builder b = Resource.newBuilder();
    object(
        name -> {
          switch (name) {
            case "attributes" -> array(() -> b.addAttributes(keyValue()));
            case "droppedAttributesCount" -> b.setDroppedAttributesCount(uint32());
            case "entityRefs" -> array(() -> b.addEntityRefs(entityRef()));
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private EntityRef entityRef() {
    EntityRef.Builder b = EntityRef.newBuilder();
    object(
        name -> {
          switch (name) {
            case "schemaUrl" -> b.setSchemaUrl(string());
            case "type" -> b.setType(string());
            case "idKeys" -> array(() -> b.addIdKeys(string()));
            case "descriptionKeys" -> array(() -> b.addDescriptionKeys(string()));
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private ScopeSpans scopeSpans() {
    ScopeSpans.Builder b = ScopeSpans.newBuilder();
    object(
        name -> {
          switch (name) {
            case "scope" -> b.setScope(scope());
            case "spans" -> array(() -> b.addSpans(span()));
            case "schemaUrl" -> b.setSchemaUrl(string());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private InstrumentationScope scope() {
    InstrumentationScope.Builder b = InstrumentationScope.newBuilder();
    object(
        name -> {
          switch (name) {
            case "name" -> b.setName(string());
            case "version" -> b.setVersion(string());
            case "attributes" -> array(() -> b.addAttributes(keyValue()));
            case "droppedAttributesCount" -> b.setDroppedAttributesCount(uint32());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private Span span() {
    Span.Builder b = Span.newBuilder();
    object(
        name -> {
          switch (name) {
            case "traceId" -> b.setTraceId(hexId(16));
            case "spanId" -> b.setSpanId(hexId(8));
            case "traceState" -> b.setTraceState(string());
            case "parentSpanId" -> b.setParentSpanId(hexId(8));
            case "flags" -> b.setFlags(uint32());
            case "name" -> b.setName(string());
            case "kind" -> b.setKindValue(enumValue(Span.SpanKind::valueOf));
            case "startTimeUnixNano" -> b.setStartTimeUnixNano(uint64());
            case "endTimeUnixNano" -> b.setEndTimeUnixNano(uint64());
            case "attributes" -> array(() -> b.addAttributes(keyValue()));
            case "droppedAttributesCount" -> b.setDroppedAttributesCount(uint32());
            case "events" -> array(() -> b.addEvents(event()));
            case "droppedEventsCount" -> b.setDroppedEventsCount(uint32());
            case "links" -> array(() -> b.addLinks(link()));
            case "droppedLinksCount" -> b.setDroppedLinksCount(uint32());
            case "status" -> b.setStatus(status());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private Span.Event event() {
    Span.Event.Builder b = Span.Event.newBuilder();
    object(
        name -> {
          switch (name) {
            case "timeUnixNano" -> b.setTimeUnixNano(uint64());
            case "name" -> b.setName(string());
            case "attributes" -> array(() -> b.addAttributes(keyValue()));
            case "droppedAttributesCount" -> b.setDroppedAttributesCount(uint32());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private Span.Link link() {
    Span.Link.Builder b = Span.Link.newBuilder();
    object(
        name -> {
          switch (name) {
            case "traceId" -> b.setTraceId(hexId(16));
            case "spanId" -> b.setSpanId(hexId(8));
            case "traceState" -> b.setTraceState(string());
            case "attributes" -> array(() -> b.addAttributes(keyValue()));
            case "droppedAttributesCount" -> b.setDroppedAttributesCount(uint32());
            case "flags" -> b.setFlags(uint32());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private Status status() {
    Status.Builder b = Status.newBuilder();
    object(
        name -> {
          switch (name) {
            case "message" -> b.setMessage(string());
            case "code" -> b.setCodeValue(enumValue(Status.StatusCode::valueOf));
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private KeyValue keyValue() {
    KeyValue.Builder b = KeyValue.newBuilder();
    object(
        name -> {
          switch (name) {
            case "key" -> b.setKey(string());
            case "value" -> b.setValue(anyValue());
            case "keyStrindex" -> b.setKeyStrindex(int32());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private AnyValue anyValue() {
    AnyValue.Builder b = AnyValue.newBuilder();
    object(
        name -> {
          switch (name) {
            case "stringValue" -> b.setStringValue(string());
            case "boolValue" -> b.setBoolValue(bool());
            case "intValue" -> b.setIntValue(int64());
            case "doubleValue" -> b.setDoubleValue(doubleValue());
            case "arrayValue" -> b.setArrayValue(arrayValue());
            case "kvlistValue" -> b.setKvlistValue(kvlistValue());
            case "bytesValue" -> b.setBytesValue(base64());
            case "stringValueStrindex" -> b.setStringValueStrindex(int32());
            default -> p.skipChildren();
          }
        });
    return b.build();
  }

  private ArrayValue arrayValue() {
    ArrayValue.Builder b = ArrayValue.newBuilder();
    object(
        name -> {
          if (name.equals("values")) {
            array(() -> b.addValues(anyValue()));
          } else {
            p.skipChildren();
          }
        });
    return b.build();
  }

  private KeyValueList kvlistValue() {
    KeyValueList.Builder b = KeyValueList.newBuilder();
    object(
        name -> {
          if (name.equals("values")) {
            array(() -> b.addValues(keyValue()));
          } else {
            p.skipChildren();
          }
        });
    return b.build();
  }

  // ---- structure ----

  /** Reads an object whose start is the current token, calling {@code field} once per field. */
  private void object(Consumer<String> field) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw fail("expected an object, got " + describe(p.currentToken()));
    }
    for (String raw = p.nextName(); raw != null; raw = p.nextName()) {
      String name = camelCase(raw);
      path.field(name);
      if (p.nextToken() != JsonToken.VALUE_NULL) {
        field.accept(name);
      }
      path.pop();
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw fail("expected a field name, got " + describe(p.currentToken()));
    }
  }

  private void array(Runnable element) {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw fail("expected an array, got " + describe(p.currentToken()));
    }
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      path.index(i++);
      element.run();
      path.pop();
    }
  }

  // ---- scalars ----

  private String string() {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw fail("expected a string, got " + describe(p.currentToken()));
    }
    return p.getString();
  }

  private boolean bool() {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> throw fail("expected true or false, got " + describe(p.currentToken()));
    };
  }

  private long int64() {
    return integer(Long.MIN_VALUE, Long.MAX_VALUE, false, "a 64-bit integer");
  }

  private long uint64() {
    return integer(0, -1, true, "an unsigned 64-bit integer");
  }

  private int uint32() {
    return (int) integer(0, 0xffff_ffffL, false, "an unsigned 32-bit integer");
  }

  private int int32() {
    return (int) integer(Integer.MIN_VALUE, Integer.MAX_VALUE, false, "a 32-bit integer");
  }

  /** An integer given as a JSON number or string; {@code unsigned64} allows up to 2^64-1. */
  private long integer(long min, long max, boolean unsigned64, String what) {
    String text;
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_STRING) {
      text = p.getString().strip();
    } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      // proto3 JSON allows exponent notation for integral values, e.g. 1e3
      text = p.getString();
      try {
        text = new java.math.BigDecimal(text).toBigIntegerExact().toString();
      } catch (ArithmeticException | NumberFormatException e) {
        throw fail("expected " + what + ", got " + text);
      }
    } else {
      throw fail("expected " + what + ", got " + describe(t));
    }
    try {
      if (unsigned64) {
        return Long.parseUnsignedLong(text);
      }
      long v = Long.parseLong(text);
      if (v < min || v > max) {
        throw fail("expected " + what + ", got " + text + " (out of range)");
      }
      return v;
    } catch (NumberFormatException e) {
      throw fail("expected " + what + ", got " + abbreviate(text));
    }
  }

  private double doubleValue() {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getString();
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw fail("expected a number, got \"" + abbreviate(s) + "\"");
          }
      }
    }
    throw fail("expected a number, got " + describe(t));
  }

  /** An enum as its number or its name, e.g. 2 or "SPAN_KIND_SERVER". */
  private int enumValue(java.util.function.Function<String, ? extends Enum<?>> byName) {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return int32();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getString();
      try {
        Enum<?> e = byName.apply(s);
        if (!e.name().equals("UNRECOGNIZED")) {
          return ((com.google.protobuf.ProtocolMessageEnum) e).getNumber();
        }
      } catch (IllegalArgumentException e) {
        // fall through: maybe a number as a string
      }
      try {
        return Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw fail("unknown enum value \"" + abbreviate(s) + "\"");
      }
    }
    throw fail("expected an enum number or name, got " + describe(t));
  }

  /** An id as OTLP/JSON writes it: lower- or upper-case hex, or empty for "not set". */
  private ByteString hexId(int bytes) {
    String s = string();
    if (s.isEmpty()) {
      return ByteString.EMPTY;
    }
    if (s.length() != bytes * 2) {
      throw fail("expected " + bytes * 2 + " hex characters, got " + s.length());
    }
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      int hi = Character.digit(s.charAt(2 * i), 16);
      int lo = Character.digit(s.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        int at = hi < 0 ? 2 * i : 2 * i + 1;
        throw fail("not hex: character '" + s.charAt(at) + "' at position " + at);
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return ByteString.copyFrom(out);
  }

  /** bytes values (not ids) are base64, standard or URL-safe alphabet. */
  private ByteString base64() {
    String s = string();
    try {
      return ByteString.copyFrom(
          s.indexOf('-') >= 0 || s.indexOf('_') >= 0
              ? java.util.Base64.getUrlDecoder().decode(s)
              : java.util.Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      throw fail("expected base64, " + e.getMessage());
    }
  }

  // ---- helpers ----

  private InvalidRequestException fail(String what) {
    return new InvalidRequestException("malformed OTLP JSON at " + path + ": " + what);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** trace_id → traceId; names without an underscore are returned as they are. */
  static String camelCase(String name) {
    int us = name.indexOf('_');
    if (us < 0) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }
}
