package dev.skein.storage.block;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One span row of a projected {@link BlockReader#scan}: its row number in the block and the values
 * of the projected columns (String for text, byte[] for ids, Long, Integer or Double for numbers; a
 * missing column value maps to null). The map is only valid during the visitor call.
 *
 * @param row the row number, 0-based across the whole block
 * @param values column name to value
 */
public record SpanRow(long row, Map<String, @Nullable Object> values) {

  /** The value of a column, or null. */
  public @Nullable Object get(String column) {
    return values.get(column);
  }
}
