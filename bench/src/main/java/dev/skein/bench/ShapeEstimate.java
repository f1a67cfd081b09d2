package dev.skein.bench;

import com.github.luben.zstd.Zstd;
import dev.skein.storage.block.TraceNormalizer;
import dev.skein.storage.block.TraceNormalizer.FlatSpan;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * What a per-block "span shape" table would cost (issue #3, fourth size pass, candidate 1), printed
 * before building it: the tuple of a span's low-cardinality values (name, kind, status code,
 * resource, attribute layout, and the values of attribute keys with at most T distinct values in
 * the block) stored once per block, and one dictionary-encoded shape ordinal per row. For each T:
 * distinct shapes, the ordinal column (per row group: dense dictionary ids bit-packed at the row
 * group's bit width, zstd-3, plus a 4-byte-per-entry dictionary page, as Parquet's RLE/bit-packed
 * dictionary indexes under page v1), the table (zstd-3 of the distinct tuples), and the bytes of
 * the block's leaf columns the shape would replace (from the footer).
 */
final class ShapeEstimate {

  private static final int[] THRESHOLDS = {0, 16, 64, 256, 1024, 5000};

  private final int rowGroupRows;
  private final Map<String, Integer> values = new HashMap<>();
  private final Map<String, Integer> keys = new HashMap<>();
  private final List<Set<Integer>> valuesByKey = new ArrayList<>();
  private final List<int[]> rows = new ArrayList<>();

  ShapeEstimate(int rowGroupRows) {
    this.rowGroupRows = rowGroupRows;
  }

  /** Adds the rows of {@code trace}, in block row order. */
  void add(Trace trace) {
    for (FlatSpan f : TraceNormalizer.flattenSorted(trace)) {
      Span s = f.span();
      StringBuilder layout = new StringBuilder();
      int[] row = new int[5 + 2 * s.getAttributesCount()];
      row[0] = intern("n" + s.getName());
      row[1] = s.getKindValue();
      row[2] = s.getStatus().getCodeValue() + (s.hasStatus() ? 8 : 0);
      row[3] = intern("r" + f.resource().getResource().toString());
      int i = 5;
      for (KeyValue kv : s.getAttributesList()) {
        layout.append(kv.getKey()).append(kv.getValue().getValueCase().getNumber()).append(',');
        int key = keys.computeIfAbsent(kv.getKey(), k -> keys.size());
        if (key == valuesByKey.size()) {
          valuesByKey.add(new HashSet<>());
        }
        int value = intern("v" + key + "=" + text(kv.getValue()));
        valuesByKey.get(key).add(value);
        row[i++] = key;
        row[i++] = value;
      }
      row[4] = intern("l" + layout);
      rows.add(row);
    }
  }

  /** Prints one line per threshold; {@code footer} is the block's, for the replaced columns. */
  void print(ParquetMetadata footer, long spans) {
    Map<String, Long> leaves = new HashMap<>();
    for (BlockMetaData b : footer.getBlocks()) {
      for (ColumnChunkMetaData c : b.getColumns()) {
        leaves.merge(c.getPath().toDotString(), c.getTotalSize(), Long::sum);
      }
    }
    Map<String, String> slotColumns =
        slotColumns(footer.getFileMetaData().getKeyValueMetaData().get("skein.attr_slots"));
    System.out.println(
        "span shape estimate (name, kind, status, resource, attr_layout + keys with <= T values):");
    for (int t : THRESHOLDS) {
      estimate(t, leaves, slotColumns, spans);
    }
  }

  private void estimate(int t, Map<String, Long> leaves, Map<String, String> slots, long spans) {
    boolean[] inShape = new boolean[keys.size()];
    List<String> replaced =
        new ArrayList<>(List.of("name", "kind", "status_code", "presence", "resource"));
    replaced.add("attr_layout");
    for (Map.Entry<String, Integer> k : keys.entrySet()) {
      if (valuesByKey.get(k.getValue()).size() <= t) {
        inShape[k.getValue()] = true;
        replaced.add("span_" + k.getKey().replace('.', '_'));
        String slot = slots.get(k.getKey());
        if (slot != null) {
          replaced.add(slot);
        }
      }
    }
    Map<List<Integer>, Integer> shapes = new HashMap<>();
    int[] ordinals = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      int[] row = rows.get(r);
      List<Integer> tuple = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        tuple.add(row[i]);
      }
      for (int i = 5; i < row.length; i += 2) {
        if (inShape[row[i]]) {
          tuple.add(row[i + 1]);
        }
      }
      ordinals[r] = shapes.computeIfAbsent(tuple, x -> shapes.size());
    }
    long ordinalBytes = ordinalColumnBytes(ordinals);
    long tableBytes = tableBytes(shapes.keySet());
    long replacedBytes = 0;
    for (String c : replaced) {
      replacedBytes += leaves.getOrDefault(c, 0L);
    }
    System.out.printf(
        "  T=%-5d %,6d shapes; ordinal column %.2f B/span + table %.3f B/span = %.2f;"
            + " replaces %.2f B/span (%d columns) -> saves %.2f B/span%n",
        t,
        shapes.size(),
        (double) ordinalBytes / spans,
        (double) tableBytes / spans,
        (double) (ordinalBytes + tableBytes) / spans,
        (double) replacedBytes / spans,
        replaced.stream().filter(leaves::containsKey).count(),
        (double) (replacedBytes - ordinalBytes - tableBytes) / spans);
  }

  private long ordinalColumnBytes(int[] ordinals) {
    long total = 0;
    for (int from = 0; from < ordinals.length; from += rowGroupRows) {
      int to = Math.min(ordinals.length, from + rowGroupRows);
      Map<Integer, Integer> dense = new HashMap<>();
      int[] ids = new int[to - from];
      for (int i = from; i < to; i++) {
        ids[i - from] = dense.computeIfAbsent(ordinals[i], x -> dense.size());
      }
      int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(dense.size() - 1));
      byte[] packed = new byte[(int) (((long) ids.length * width + 7) / 8)];
      long bit = 0;
      for (int id : ids) {
        for (int b = 0; b < width; b++, bit++) {
          if ((id >>> b & 1) != 0) {
            packed[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
          }
        }
      }
      byte[] dictionary = new byte[dense.size() * 4];
      for (Map.Entry<Integer, Integer> e : dense.entrySet()) {
        int v = e.getKey();
        int at = e.getValue() * 4;
        dictionary[at] = (byte) v;
        dictionary[at + 1] = (byte) (v >>> 8);
        dictionary[at + 2] = (byte) (v >>> 16);
        dictionary[at + 3] = (byte) (v >>> 24);
      }
      total += Zstd.compress(packed, 3).length + Zstd.compress(dictionary, 3).length;
    }
    return total;
  }

  private long tableBytes(Set<List<Integer>> shapes) {
    String[] byId = new String[values.size()];
    values.forEach((v, id) -> byId[id] = v);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (List<Integer> tuple : shapes) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < tuple.size(); i++) {
        sb.append(i == 1 || i == 2 ? String.valueOf(tuple.get(i)) : byId[tuple.get(i)]);
        sb.append('\u0001');
      }
      out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return Zstd.compress(out.toByteArray(), 3).length;
  }

  private int intern(String v) {
    return values.computeIfAbsent(v, x -> values.size());
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      default -> v.toString();
    };
  }

  /** Key to slot column from {@code skein.attr_slots} ({@code <kind><slot>:<length>:<key>}...). */
  private static Map<String, String> slotColumns(String s) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (s != null && i < s.length()) {
      int colon = s.indexOf(':', i);
      int colon2 = s.indexOf(':', colon + 1);
      int length = Integer.parseInt(s.substring(colon + 1, colon2));
      String prefix =
          switch (s.charAt(i)) {
            case 's' -> "attr_str_";
            case 'i' -> "attr_int_";
            default -> "attr_hex_";
          };
      out.put(s.substring(colon2 + 1, colon2 + 1 + length), prefix + s.substring(i + 1, colon));
      i = colon2 + 1 + length;
    }
    return out;
  }
}
