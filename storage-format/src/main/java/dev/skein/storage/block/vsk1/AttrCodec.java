package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes OTLP attribute lists into vsk1's generic attribute groups ({@link RowDecoder} reads them
 * back, exactly). Scalars go to typed columns; arrays and kvlists are kept as serialized protobuf
 * (nested values are rare and searched by scanning); anything OTLP may add later (unknown fields,
 * string-table indexes) is kept as the whole serialized KeyValue.
 */
final class AttrCodec {

  static final int NO_VALUE = 0;
  static final int EMPTY = 1;
  static final int STRING = 2;
  static final int BOOL = 3;
  static final int INT = 4;
  static final int DOUBLE = 5;
  static final int BYTES = 6;
  static final int ARRAY = 7;
  static final int KVLIST = 8;
  static final int DEDICATED = 9;
  static final int RAW = 15;

  private AttrCodec() {}

  /**
   * Writes {@code attrs} as the repeated group {@code field}; string (and int) values of keys in
   * {@code dedicatedStrings} ({@code dedicatedInts}) go to {@code dedicatedOut} instead, first
   * occurrence only.
   */
  static void write(
      RecordConsumer rc,
      String field,
      int index,
      List<KeyValue> attrs,
      Map<String, String> dedicatedStrings,
      Map<String, String> dedicatedInts,
      @Nullable Map<String, Object> dedicatedOut) {
    if (attrs.isEmpty()) {
      return;
    }
    rc.startField(field, index);
    for (KeyValue kv : attrs) {
      rc.startGroup();
      rc.startField("key", 0);
      rc.addBinary(Binary.fromString(kv.getKey()));
      rc.endField("key", 0);
      int type = typeOf(kv);
      AnyValue v = kv.getValue();
      if (dedicatedOut != null && type == STRING) {
        String col = dedicatedStrings.get(kv.getKey());
        if (col != null && dedicatedOut.putIfAbsent(col, v.getStringValue()) == null) {
          type = DEDICATED;
        }
      } else if (dedicatedOut != null && type == INT) {
        String col = dedicatedInts.get(kv.getKey());
        if (col != null && dedicatedOut.putIfAbsent(col, v.getIntValue()) == null) {
          type = DEDICATED;
        }
      }
      rc.startField("type", 1);
      rc.addInteger(type);
      rc.endField("type", 1);
      switch (type) {
        case STRING -> binaryField(rc, "str", 2, Binary.fromString(v.getStringValue()));
        case BOOL -> longField(rc, "int", 3, v.getBoolValue() ? 1 : 0);
        case INT -> longField(rc, "int", 3, v.getIntValue());
        case DOUBLE -> {
          rc.startField("dbl", 4);
          rc.addDouble(v.getDoubleValue());
          rc.endField("dbl", 4);
        }
        case BYTES -> binaryField(rc, "raw", 5, bin(v.getBytesValue()));
        case ARRAY -> binaryField(rc, "raw", 5, bin(v.getArrayValue().toByteString()));
        case KVLIST -> binaryField(rc, "raw", 5, bin(v.getKvlistValue().toByteString()));
        case RAW -> binaryField(rc, "raw", 5, bin(kv.toByteString()));
        default -> {}
      }
      rc.endGroup();
    }
    rc.endField(field, index);
  }

  private static int typeOf(KeyValue kv) {
    if (kv.getKeyStrindex() != 0 || !kv.getUnknownFields().asMap().isEmpty()) {
      return RAW;
    }
    if (!kv.hasValue()) {
      return NO_VALUE;
    }
    AnyValue v = kv.getValue();
    if (!v.getUnknownFields().asMap().isEmpty()) {
      return RAW;
    }
    return switch (v.getValueCase()) {
      case STRING_VALUE -> STRING;
      case BOOL_VALUE -> BOOL;
      case INT_VALUE -> INT;
      case DOUBLE_VALUE -> DOUBLE;
      case BYTES_VALUE -> BYTES;
      case ARRAY_VALUE -> ARRAY;
      case KVLIST_VALUE -> KVLIST;
      case VALUE_NOT_SET -> EMPTY;
      default -> RAW;
    };
  }

  static Binary bin(ByteString b) {
    return Binary.fromConstantByteArray(b.toByteArray());
  }

  static void binaryField(RecordConsumer rc, String name, int index, Binary value) {
    rc.startField(name, index);
    rc.addBinary(value);
    rc.endField(name, index);
  }

  static void longField(RecordConsumer rc, String name, int index, long value) {
    rc.startField(name, index);
    rc.addLong(value);
    rc.endField(name, index);
  }

  static void intField(RecordConsumer rc, String name, int index, int value) {
    rc.startField(name, index);
    rc.addInteger(value);
    rc.endField(name, index);
  }
}
