package dev.skein.storage.block.vsk1;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The Parquet schema of vsk1's {@code data.parquet}: one row per span, sorted by trace id then by
 * the canonical span order. Trace-level values (start, duration, root service and span name,
 * per-service counts, {@link ServiceStats}) are on a trace's first row only; span starts are deltas
 * to other rows of the trace ({@link StartReference}). Span ids of 8 bytes sit in a fixed-width
 * column, ids of any other length in {@code span_id_other}. The resource and scope of a span are
 * stored whole, as serialized OTLP group headers in dictionary-encoded columns ({@code resource},
 * {@code scope}): a block holds few distinct ones, so a row costs a dictionary index, the round
 * trip is exact by construction, and a predicate on a resource attribute is tested once per
 * dictionary entry. Well-known span attributes live in flat dedicated columns, other span
 * attributes in the block's slot columns ({@link AttrSlots}) as far as they go, everything else in
 * typed generic attribute lists; {@code attr_layout} tells which attribute of a span is where
 * ({@link SpanAttrLayout}). {@code shape} is the row's span shape ({@link ShapeTable}, in the
 * footer): the shape columns ({@link ShapeColumn}: presence, resource, scope, name, kind, status
 * code, attribute layout, dedicated and string/int slot columns) hold a value on a row only when
 * its shape says the value is in the column, so they are optional.
 */
final class Vsk1Schema {

  /** Bit of the {@code presence} column: the span had a status message. */
  static final int HAS_STATUS = 4;

  static final String ATTRS =
      """
      {
        required binary key (STRING);
        required int32 type;
        optional binary str (STRING);
        optional int64 int;
        optional double dbl;
        optional binary raw;
      }
      """;

  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(schemaText());

  private Vsk1Schema() {}

  private static String schemaText() {
    StringBuilder s = new StringBuilder("message vsk1_span {\n");
    s.append(
        """
        required fixed_len_byte_array(16) trace_id;
        optional int64 trace_start_unix_nano;
        optional int64 trace_duration_nano;
        optional binary trace_root_service (STRING);
        optional binary trace_root_span_name (STRING);
        optional binary trace_service_stats;
        required int32 shape;
        optional int32 presence;
        optional binary resource;
        """);
    s.append(
        """
        optional binary scope;
        optional binary scope_name (STRING);
        optional binary scope_version (STRING);
        """);
    s.append(
        """
        optional fixed_len_byte_array(8) span_id;
        optional binary span_id_other;
        optional int32 parent_distance;
        optional binary parent_span_id;
        optional binary name (STRING);
        optional int32 kind;
        required int64 start_delta_nano;
        required int64 duration_nano;
        optional int32 status_code;
        required binary status_message (STRING);
        required binary trace_state (STRING);
        required int32 flags;
        required int32 dropped_attributes_count;
        required int32 dropped_events_count;
        required int32 dropped_links_count;
        optional binary span_ext;
        """);
    s.append("optional binary attr_layout;\n");
    s.append("repeated group attrs ").append(ATTRS);
    for (String c : Dedicated.SPAN_STRING.values().stream().sorted().toList()) {
      s.append("optional binary ").append(c).append(" (STRING);\n");
    }
    for (String c : Dedicated.SPAN_INT.values().stream().sorted().toList()) {
      s.append("optional int64 ").append(c).append(";\n");
    }
    for (AttrSlots.Kind k : AttrSlots.Kind.values()) {
      for (int i = 0; i < k.slots; i++) {
        String type =
            switch (k) {
              case STR -> "binary %s (STRING)";
              case INT -> "int64 %s";
              case HEX -> "binary %s";
            };
        s.append("optional ").append(type.formatted(k.column(i))).append(";\n");
      }
    }
    // a span's events, serialized ({@link SpanWriteSupport#writeEvents}): one leaf, not eleven
    s.append("optional binary events;\n");
    s.append(
        """
        repeated group links {
          required binary trace_id;
          required binary span_id;
          required binary trace_state (STRING);
          required int32 flags;
          required int32 dropped_attributes_count;
          optional binary ext;
        """);
    s.append("repeated group attrs ").append(ATTRS).append("}\n");
    return s.append("}\n").toString();
  }
}
