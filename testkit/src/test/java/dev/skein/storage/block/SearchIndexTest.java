package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** search.idx against a brute-force scan of the same traces, and the projected scan API. */
class SearchIndexTest {

  /** Marks a key that held a value the index cannot post. */
  private static final TagValue UNINDEXABLE = TagValue.string("\u0000unindexable");

  private static final int MAX_VALUES = 50;

  @TempDir Path dir;

  @Test
  void index_randomAndShopTraces_matchesBruteForce() {
    List<Trace> random = new RandomTraces(21).traces(120, 10);
    List<Trace> shop = new ShopTraces(22).traces(200);
    for (List<Trace> traces : List.of(random, shop)) {
      InMemoryObjectStore store = new InMemoryObjectStore();
      BlockMeta meta = write(store, traces, "b" + traces.size());
      Map<TagScope, Map<String, Map<TagValue, RoaringBitmap>>> expected = bruteForce(traces);
      try (BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
        SearchIndex index = reader.searchIndex();
        for (TagScope scope : TagScope.values()) {
          assertThat(index.tagNames(scope))
              .containsExactlyElementsOf(new TreeSet<>(expected.get(scope).keySet()));
          for (var e : expected.get(scope).entrySet()) {
            String key = e.getKey();
            Map<TagValue, RoaringBitmap> values = e.getValue();
            if (values.size() > MAX_VALUES || values.containsKey(UNINDEXABLE)) {
              assertThat(index.isIndexed(scope, key)).as(key).isFalse();
              assertThat(index.rows(scope, key, TagValue.string("x"))).isEmpty();
              continue;
            }
            assertThat(index.tagValues(scope, key))
                .as(key)
                .containsExactlyElementsOf(new TreeMap<>(values).keySet());
            for (var v : values.entrySet()) {
              assertThat(index.traces(scope, key, v.getKey()))
                  .as("%s=%s", key, v.getKey())
                  .contains(v.getValue());
              assertThat(index.rows(scope, key, v.getKey())).contains(rowsOf(traces, v.getValue()));
            }
          }
          assertThat(index.rows(scope, "no.such.key", TagValue.string("x")))
              .contains(new RoaringBitmap());
        }
      }
    }
  }

  @Test
  void scan_withRowsFromIndex_returnsExactlyThoseRows() {
    List<Trace> traces = new ShopTraces(23).traces(300);
    InMemoryObjectStore store = new InMemoryObjectStore();
    BlockMeta meta = write(store, traces, "scan");
    try (BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
      RoaringBitmap errors =
          reader
              .searchIndex()
              .rows(TagScope.INTRINSIC, "status", TagValue.string("error"))
              .orElseThrow();
      assertThat(errors.getCardinality()).isPositive();
      // candidate rows: every span of a trace with an error span; the scan applies the predicate
      List<Long> rows = new ArrayList<>();
      List<Long> errorRows = new ArrayList<>();
      reader.scan(
          List.of("status_code", "resource", "name"),
          errors,
          row -> {
            rows.add(row.row());
            if (Integer.valueOf(2).equals(row.get("status_code"))) {
              errorRows.add(row.row());
            }
            assertThat(row.get("resource")).isInstanceOf(byte[].class);
          });
      assertThat(rows).containsExactlyElementsOf(errors.stream().mapToObj(i -> (long) i).toList());
      List<Long> expected = new ArrayList<>();
      reader.scan(
          List.of("status_code"),
          null,
          row -> {
            if (Integer.valueOf(2).equals(row.get("status_code"))) {
              expected.add(row.row());
            }
          });
      assertThat(errorRows).isNotEmpty().isEqualTo(expected);

      List<Long> all = new ArrayList<>();
      reader.scan(List.of("trace_id"), null, row -> all.add(row.row()));
      assertThat(all).hasSize((int) meta.totalSpans());
      assertThat(reader.scanColumns()).contains("name", "span_http_route", "trace_duration_nano");
    }
  }

  @Test
  void scan_scatteredRows_valuesMatchFullScan() {
    // guards the parquet-java GH-3747 workaround: page skipping must never shift values
    List<Trace> traces = new RandomTraces(24).traces(200, 12);
    InMemoryObjectStore store = new InMemoryObjectStore();
    BlockMeta meta = write(store, traces, "scattered");
    List<String> columns =
        List.of("trace_id", "name", "status_code", "start_delta_nano", "span_http_method");
    try (BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta)) {
      Map<Long, List<Object>> truth = new HashMap<>();
      reader.scan(columns, null, row -> truth.put(row.row(), values(row, columns)));
      java.util.Random random = new java.util.Random(1);
      for (int round = 0; round < 20; round++) {
        RoaringBitmap rows = new RoaringBitmap();
        for (int i = random.nextInt(40); i >= 0; i--) {
          rows.add(random.nextInt((int) meta.totalSpans()));
        }
        if (round % 5 == 0) {
          rows.add((int) meta.totalSpans() - 1);
        }
        List<Long> seen = new ArrayList<>();
        reader.scan(
            columns,
            rows,
            row -> {
              seen.add(row.row());
              assertThat(values(row, columns))
                  .as("row %d", row.row())
                  .isEqualTo(truth.get(row.row()));
            });
        assertThat(seen).containsExactlyElementsOf(rows.stream().mapToObj(i -> (long) i).toList());
      }
    }
  }

  private static List<Object> values(SpanRow row, List<String> columns) {
    List<Object> out = new ArrayList<>();
    for (String c : columns) {
      Object v = row.get(c);
      out.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v));
    }
    return out;
  }

  private BlockMeta write(InMemoryObjectStore store, List<Trace> traces, String sub) {
    BlockConfig config = new BlockConfig(64 << 10, 4096, 100, 0.01, 1024, MAX_VALUES, 3);
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0("t1", dir.resolve(sub)), config)) {
      traces.forEach(w::add);
      return w.complete();
    }
  }

  /** Rows are numbered in block order: traces by id, spans in canonical order. */
  /**
   * Arrays, bytes and kvlists are not posted, and make their key unindexed (TraceQL may match
   * them).
   */
  private static void attribute(
      Map<TagScope, Map<String, Map<TagValue, RoaringBitmap>>> out,
      TagScope scope,
      KeyValue kv,
      int row) {
    Optional<TagValue> v = value(kv.getValue());
    if (v.isPresent()) {
      put(out, scope, kv.getKey(), v.get(), row);
    } else if (kv.getValue().getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET) {
      out.get(scope).computeIfAbsent(kv.getKey(), k -> new HashMap<>()).put(UNINDEXABLE, null);
    }
  }

  private static Map<TagScope, Map<String, Map<TagValue, RoaringBitmap>>> bruteForce(
      List<Trace> traces) {
    Map<TagScope, Map<String, Map<TagValue, RoaringBitmap>>> out = new HashMap<>();
    for (TagScope s : TagScope.values()) {
      out.put(s, new HashMap<>());
    }
    for (int ordinal = 0; ordinal < traces.size(); ordinal++) {
      final int row = ordinal; // postings are per trace ordinal
      for (TraceNormalizer.FlatSpan f : TraceNormalizer.flattenSorted(traces.get(ordinal))) {
        Span span = f.span();
        put(out, TagScope.INTRINSIC, "name", TagValue.string(span.getName()), row);
        put(
            out,
            TagScope.INTRINSIC,
            "status",
            TagValue.string(
                switch (span.getStatus().getCodeValue()) {
                  case 0 -> "unset";
                  case 1 -> "ok";
                  case 2 -> "error";
                  default -> Integer.toString(span.getStatus().getCodeValue());
                }),
            row);
        put(out, TagScope.INTRINSIC, "kind", TagValue.string(kind(span.getKindValue())), row);
        final int r = row;
        for (KeyValue kv : f.resource().getResource().getAttributesList()) {
          attribute(out, TagScope.RESOURCE, kv, r);
        }
        for (KeyValue kv : span.getAttributesList()) {
          attribute(out, TagScope.SPAN, kv, r);
        }
      }
    }
    return out;
  }

  private static RoaringBitmap rowsOf(List<Trace> traces, RoaringBitmap ordinals) {
    RoaringBitmap rows = new RoaringBitmap();
    long first = 0;
    for (int t = 0; t < traces.size(); t++) {
      long n = traces.get(t).spanCount();
      if (ordinals.contains(t)) {
        rows.add(first, first + n);
      }
      first += n;
    }
    return rows;
  }

  private static String kind(int k) {
    String[] names = {"unspecified", "internal", "server", "client", "producer", "consumer"};
    return k < names.length ? names[k] : Integer.toString(k);
  }

  private static Optional<TagValue> value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> Optional.of(TagValue.string(v.getStringValue()));
      case INT_VALUE -> Optional.of(TagValue.ofInt(v.getIntValue()));
      case DOUBLE_VALUE ->
          Optional.of(new TagValue(TagValue.Type.DOUBLE, Double.toString(v.getDoubleValue())));
      case BOOL_VALUE ->
          Optional.of(new TagValue(TagValue.Type.BOOL, Boolean.toString(v.getBoolValue())));
      default -> Optional.empty();
    };
  }

  private static void put(
      Map<TagScope, Map<String, Map<TagValue, RoaringBitmap>>> out,
      TagScope scope,
      String key,
      TagValue v,
      int row) {
    out.get(scope)
        .computeIfAbsent(key, k -> new HashMap<>())
        .computeIfAbsent(v, k -> new RoaringBitmap())
        .add(row);
  }
}
