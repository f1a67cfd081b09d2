package dev.skein.storage.block.vsk1;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.storage.block.TraceProjection;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import org.apache.parquet.schema.MessageType;

/**
 * Decodes captured rows the way the reading path does: each row replayed into a {@link
 * SpanMaterializer}, then {@link RowDecoder} and {@link ParentLinks.Assembler}. Not thread-safe.
 */
final class StoredRowDecoder {

  private final SpanMaterializer materializer;
  private final RowDecoder decoder;

  /** Captured top-level field to the materializer's field, or -1 for a column it does not read. */
  private final int[] fieldMap;

  /**
   * A decoder for rows captured with {@code schema} from a block with slot assignment {@code slots}
   * and span shapes {@code shapes}.
   */
  StoredRowDecoder(MessageType schema, AttrSlots slots, ShapeTable shapes) {
    this.decoder = new RowDecoder(slots);
    MessageType read = SpanMaterializer.schemaFor(TraceProjection.ALL);
    this.materializer = new SpanMaterializer(read, shapes);
    this.fieldMap = new int[schema.getFieldCount()];
    for (int f = 0; f < fieldMap.length; f++) {
      String name = schema.getFieldName(f);
      fieldMap[f] = read.containsField(name) ? read.getFieldIndex(name) : -1;
    }
  }

  /** Row {@code row} as a record; valid until the next call. */
  SpanRecord record(CapturedRows rows, int row) {
    rows.replay(row, materializer.getRootConverter(), fieldMap);
    return materializer.getCurrentRecord();
  }

  /**
   * The rows as one trace, parents resolved.
   *
   * @throws InvalidProtocolBufferException when a stored value does not parse
   * @throws IllegalStateException when a parent distance points outside the trace
   */
  Trace trace(CapturedRows rows, TraceId traceId) throws InvalidProtocolBufferException {
    ParentLinks.Assembler spans = new ParentLinks.Assembler();
    for (int i = 0; i < rows.rowCount(); i++) {
      spans.add(decoder.decode(record(rows, i)));
    }
    return spans.toTrace(traceId);
  }
}
