package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.block.vsk1.AttrSlots.Kind;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class AttrSlotsTest {

  @Test
  void metadata_keysWithSeparatorsAndUnicode_roundTrip() {
    AttrSlots.Assigner a = new AttrSlots.Assigner();
    assertThat(a.slot("a:1:b", Kind.STR)).isZero();
    assertThat(a.slot("", Kind.STR)).isEqualTo(1);
    assertThat(a.slot("日本語\n", Kind.INT)).isZero();
    assertThat(a.slot("s0:3:x", Kind.HEX)).isZero();
    assertThat(a.slot("a:1:b", Kind.STR)).as("same key, same slot").isZero();

    AttrSlots read = AttrSlots.fromMetadata(Map.of(AttrSlots.METADATA_KEY, a.metadata()));

    assertThat(read.key(Kind.STR, 0)).isEqualTo("a:1:b");
    assertThat(read.key(Kind.STR, 1)).isEmpty();
    assertThat(read.key(Kind.STR, 2)).isNull();
    assertThat(read.key(Kind.INT, 0)).isEqualTo("日本語\n");
    assertThat(read.key(Kind.HEX, 0)).isEqualTo("s0:3:x");
    assertThat(read.column("a:1:b", Kind.STR)).isEqualTo("attr_str_0");
    assertThat(read.column("日本語\n", Kind.INT)).isEqualTo("attr_int_0");
    assertThat(read.column("a:1:b", Kind.INT)).as("other kind").isNull();
    assertThat(AttrSlots.fromMetadata(Map.of()).column("a:1:b", Kind.STR)).isNull();
  }

  @Test
  void assigner_full_returnsMinusOne() {
    AttrSlots.Assigner a = new AttrSlots.Assigner();
    for (int i = 0; i < Kind.HEX.slots; i++) {
      assertThat(a.slot("k" + i, Kind.HEX)).isEqualTo(i);
    }
    assertThat(a.slot("one-too-many", Kind.HEX)).isEqualTo(-1);
    assertThat(a.slot("k0", Kind.HEX)).isZero();
  }

  @Test
  void metadata_corrupt_failsWithPosition() {
    assertThatThrownBy(() -> AttrSlots.fromMetadata(Map.of(AttrSlots.METADATA_KEY, "s0:99:short")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(AttrSlots.METADATA_KEY);
    assertThatThrownBy(() -> AttrSlots.fromMetadata(Map.of(AttrSlots.METADATA_KEY, "x0:1:a")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AttrSlots.fromMetadata(Map.of(AttrSlots.METADATA_KEY, "h9:1:a")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void split_placesFixedSlotsAndGenericInOrder() {
    AttrSlots.Assigner slots = new AttrSlots.Assigner();
    List<KeyValue> attrs =
        List.of(
            str("http.route", "/cart"), // fixed dedicated
            str("client.address", "10.0.0.1"), // string slot
            str("session.id", "0123456789abcdef"), // hex slot, even
            str("session.id", "123456789abcdef"), // duplicate key: generic
            integer("app.items", 3), // int slot
            bool("app.cache.hit", true), // int slot, bool
            KeyValue.newBuilder()
                .setKey("d")
                .setValue(AnyValue.newBuilder().setDoubleValue(1.5))
                .build(), // doubles stay generic
            str("http.route", "/again")); // second value of a fixed key: a slot of its own
    SpanColumns columns = new SpanColumns();
    List<KeyValue> generic = new ArrayList<>();

    byte[] layout = SpanAttrLayout.split(attrs, slots, columns, generic);

    assertThat(layout)
        .containsExactly(
            1 + SpanAttrLayout.FIXED.indexOf("span_http_route"),
            SpanAttrLayout.STR,
            SpanAttrLayout.HEX,
            SpanAttrLayout.GENERIC,
            SpanAttrLayout.INT,
            SpanAttrLayout.BOOL + 1,
            SpanAttrLayout.GENERIC,
            SpanAttrLayout.STR + 1);
    assertThat(generic).containsExactly(attrs.get(3), attrs.get(6));
    assertThat(columns.asMap())
        .containsEntry("span_http_route", "/cart")
        .containsEntry("attr_str_0", "10.0.0.1")
        .containsEntry("attr_int_0", 3L)
        .containsEntry("attr_int_1", 1L)
        .containsEntry("attr_str_1", "/again")
        .containsEntry(
            "attr_hex_0", Binary.fromConstantByteArray(AttrCodec.hexBytes("0123456789abcdef")));

    // the next span reuses the slots; an odd-length hex id keeps its slot with the odd code
    columns.clear();
    generic.clear();
    layout =
        SpanAttrLayout.split(
            List.of(str("session.id", "123456789abcdef")), slots, columns, generic);
    assertThat(layout).containsExactly(SpanAttrLayout.HEX_ODD);
    assertThat(generic).isEmpty();
  }

  @Test
  void layoutCodes_nameTheColumnAndKeyTheWriterUsed_andTheScanFindsEveryColumnOfAKey() {
    AttrSlots.Assigner assigner = new AttrSlots.Assigner();
    List<KeyValue> attrs =
        List.of(
            str("http.route", "/cart"),
            str("client.address", "10.0.0.1"),
            str("session.id", "0123456789abcdef"),
            integer("app.items", 3),
            bool("app.cache.hit", true),
            str("http.route", "/again"),
            integer("client.address", 7));
    SpanColumns columns = new SpanColumns();
    byte[] layout = SpanAttrLayout.split(attrs, assigner, columns, new ArrayList<>());
    AttrSlots slots = AttrSlots.fromMetadata(Map.of(AttrSlots.METADATA_KEY, assigner.metadata()));

    for (int i = 0; i < layout.length; i++) {
      int code = layout[i];
      assertThat(SpanAttrLayout.key(code, slots))
          .as("key of code %s", code)
          .isEqualTo(attrs.get(i).getKey());
      assertThat(columns.asMap()).containsKey(SpanAttrLayout.column(code));
      assertThat(SpanAttrLayout.isString(code))
          .as("string column of code %s", code)
          .isEqualTo(columns.asMap().get(SpanAttrLayout.column(code)) instanceof String);
    }
    assertThat(SpanAttrLayout.column(SpanAttrLayout.GENERIC)).isNull();
    assertThat(SpanAttrLayout.key(SpanAttrLayout.STR + 5, slots)).as("unassigned slot").isNull();

    assertThat(AttrLocator.columns("http.route", slots))
        .containsExactly("span_http_route", "attr_str_1");
    assertThat(AttrLocator.columns("client.address", slots))
        .containsExactly("attr_str_0", "attr_int_2");
    assertThat(AttrLocator.codes("app.items", slots))
        .as("an int slot holds ints and bools")
        .containsExactly(SpanAttrLayout.INT, SpanAttrLayout.BOOL);
    assertThat(AttrLocator.codes("session.id", slots))
        .containsExactly(SpanAttrLayout.HEX, SpanAttrLayout.HEX_ODD);
    assertThat(AttrLocator.columns("no.such.key", slots)).isEmpty();
    assertThat(AttrLocator.needsLayout(List.of("no.such.key"), slots)).isFalse();
    assertThat(AttrLocator.needsLayout(List.of("app.items"), slots)).isTrue();
    assertThat(AttrLocator.needsLayout(List.of("http.route"), slots)).isTrue();
  }

  private static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue integer(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static KeyValue bool(String k, boolean v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setBoolValue(v)).build();
  }
}
