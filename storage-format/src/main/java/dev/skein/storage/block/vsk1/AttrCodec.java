package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

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

  // 9 was DEDICATED, a placeholder for a dedicated column; attr_layout replaced it

  /**
   * A string of at least {@link #HEX_MIN_CHARS} lowercase hex digits (ids: request, session, span
   * ids as text), stored as its bytes in {@code raw}: half the size, and no hex alphabet for zstd
   * to code. {@code HEX_ODD}: odd length, stored with a leading {@code '0'} that the reader drops.
   */
  static final int HEX = 10;

  static final int HEX_ODD = 11;

  static final int HEX_MIN_CHARS = 15;
  static final int RAW = 15;

  private AttrCodec() {}

  /**
   * Writes {@code attrs} as the repeated group {@code field} (nothing when empty); span attributes
   * that have a column of their own are split off before ({@link SpanAttrLayout}).
   */
  static void write(RecordConsumer rc, String field, int index, List<KeyValue> attrs) {
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
      if (type == STRING && isLowerHex(v.getStringValue())) {
        type = v.getStringValue().length() % 2 == 0 ? HEX : HEX_ODD;
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
        case HEX, HEX_ODD ->
            binaryField(rc, "raw", 5, Binary.fromConstantByteArray(hexBytes(v.getStringValue())));
        case ARRAY -> binaryField(rc, "raw", 5, bin(v.getArrayValue().toByteString()));
        case KVLIST -> binaryField(rc, "raw", 5, bin(v.getKvlistValue().toByteString()));
        case RAW -> binaryField(rc, "raw", 5, bin(kv.toByteString()));
        default -> {}
      }
      rc.endGroup();
    }
    rc.endField(field, index);
  }

  /** The vsk1 type of an attribute (before the hex check), {@link #RAW} for anything unknown. */
  static int typeOf(KeyValue kv) {
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

  /** Whether {@code s} is at least {@link #HEX_MIN_CHARS} characters of [0-9a-f]. */
  static boolean isLowerHex(String s) {
    if (s.length() < HEX_MIN_CHARS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of a lowercase hex string; an odd-length one gets a leading zero digit. */
  static byte[] hexBytes(String hex) {
    int odd = hex.length() % 2;
    byte[] out = new byte[(hex.length() + odd) / 2];
    for (int i = 0; i < hex.length(); i++) {
      int nibble = Character.digit(hex.charAt(i), 16);
      int pos = i + odd;
      out[pos / 2] |= (byte) (pos % 2 == 0 ? nibble << 4 : nibble);
    }
    return out;
  }

  /** The inverse of {@link #hexBytes}: {@code type} {@link #HEX_ODD} drops the leading digit. */
  static String hexString(Binary bytes, int type) throws InvalidProtocolBufferException {
    return hexString(bytes.getBytesUnsafe(), type);
  }

  /** As {@link #hexString(Binary, int)}, for the materializer's copied {@code raw} value. */
  static String hexString(ByteString bytes, int type) throws InvalidProtocolBufferException {
    return hexString(bytes.toByteArray(), type);
  }

  private static String hexString(byte[] b, int type) throws InvalidProtocolBufferException {
    char[] out = new char[b.length * 2];
    for (int i = 0; i < b.length; i++) {
      out[2 * i] = Character.forDigit((b[i] >> 4) & 0xf, 16);
      out[2 * i + 1] = Character.forDigit(b[i] & 0xf, 16);
    }
    if (type == HEX_ODD) {
      if (out.length == 0 || out[0] != '0') {
        throw new InvalidProtocolBufferException("odd-length hex attribute without leading zero");
      }
      return new String(out, 1, out.length - 1);
    }
    return new String(out);
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
