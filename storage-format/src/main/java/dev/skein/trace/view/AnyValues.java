package dev.skein.trace.view;

import dev.skein.traceql.ast.Value;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Converts OTLP attribute values to TraceQL values. Stateless. */
public final class AnyValues {

  private AnyValues() {}

  /** The value of {@code key} among {@code attributes}, or null when absent. */
  public static @Nullable Value find(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return convert(kv.getValue());
      }
    }
    return null;
  }

  /**
   * The TraceQL value of an OTLP value: arrays become arrays, bytes become lower-case hex strings
   * and key-value lists their protobuf text form (TraceQL has no map type); an empty value is null.
   */
  public static @Nullable Value convert(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> Value.of(value.getStringValue());
      case INT_VALUE -> Value.of(value.getIntValue());
      case DOUBLE_VALUE -> Value.of(value.getDoubleValue());
      case BOOL_VALUE -> Value.of(value.getBoolValue());
      case BYTES_VALUE -> Value.of(HexFormat.of().formatHex(value.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        List<Value> items = new ArrayList<>(value.getArrayValue().getValuesCount());
        for (AnyValue item : value.getArrayValue().getValuesList()) {
          Value v = convert(item);
          if (v != null) {
            items.add(v);
          }
        }
        yield Value.array(items);
      }
      case KVLIST_VALUE -> Value.of(value.getKvlistValue().toString());
      default -> null;
    };
  }

  /** The string form of a value for display (search results), or null when absent. */
  static @Nullable String asString(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key) && kv.getValue().hasStringValue()) {
        return kv.getValue().getStringValue();
      }
    }
    return null;
  }
}
