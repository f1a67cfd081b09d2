package dev.skein.storage.block.vsk1;

import java.io.IOException;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.DictionaryPageReadStore;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;

/**
 * Whether a row group's generic span attribute lists may hold an entry of some key, from the footer
 * and the dictionary of {@code attrs.key}: since most keys have a dedicated or slot column, a
 * condition's key is usually in no list and the scan need not read them. Stateless.
 */
final class GenericKeys {

  private static final ColumnPath KEY = ColumnPath.get("attrs", "key");
  private static final ColumnDescriptor KEY_COLUMN =
      Vsk1Schema.SCHEMA.getColumnDescription(KEY.toArray());

  private GenericKeys() {}

  /**
   * False only when row group {@code rg} surely has no generic span attribute with a key among
   * {@code keys}: the lists are all empty, or every page of {@code attrs.key} is dictionary-encoded
   * and the dictionary holds none of the keys.
   */
  static boolean mayHold(ParquetFileReader reader, int rg, Set<String> keys) throws IOException {
    ColumnChunkMetaData chunk = null;
    for (ColumnChunkMetaData c : reader.getRowGroups().get(rg).getColumns()) {
      if (c.getPath().equals(KEY)) {
        chunk = c;
      }
    }
    if (chunk == null) {
      return true;
    }
    Statistics<?> stats = chunk.getStatistics();
    if (stats != null && stats.isNumNullsSet() && stats.getNumNulls() == chunk.getValueCount()) {
      return false; // no span of the row group has a generic attribute
    }
    EncodingStats encodings = chunk.getEncodingStats();
    if (encodings == null
        || !encodings.hasDictionaryPages()
        || encodings.hasNonDictionaryEncodedPages()) {
      return true;
    }
    DictionaryPageReadStore dictionaries = reader.getDictionaryReader(rg);
    DictionaryPage page = dictionaries.readDictionaryPage(KEY_COLUMN);
    if (page == null) {
      return true;
    }
    Dictionary dictionary = page.getEncoding().initDictionary(KEY_COLUMN, page);
    for (int id = 0; id <= dictionary.getMaxId(); id++) {
      if (keys.contains(dictionary.decodeToBinary(id).toStringUsingUTF8())) {
        return true;
      }
    }
    return false;
  }
}
