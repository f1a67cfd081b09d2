package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.index.SearchIndex;
import dev.skein.testkit.ManyKeyTraces;
import dev.skein.testkit.RandomTraces;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compactor's copy path: traces read with {@link BlockReader#iterateStored()} and written with
 * {@link BlockWriter#addStored} without decoding must give exactly the block that decoding them and
 * encoding them again gives (same data file and search index, byte for byte), and read back as the
 * same OTLP traces; with inputs whose attribute slot columns are assigned differently, the copied
 * rows' slots are moved onto the output's (or the trace is decoded when a key finds no free slot).
 */
class StoredTraceCopyTest {

  /** Small row groups, so that traces straddle row groups. */
  private static final BlockConfig CONFIG = BlockConfig.defaults().withRowGroupBytes(64 << 10);

  @TempDir Path dir;
  private LocalObjectStore store;

  @BeforeEach
  void setUp() {
    store = new LocalObjectStore(new LocalObjectStoreConfig(dir.resolve("store"), false));
  }

  static Stream<Named<Supplier<List<Trace>>>> workloads() {
    return Stream.of(
        Named.of("shop traces", () -> new ShopTraces(7).traces(400)),
        // arrays, kvlists, bytes, unknown fields, events, links, odd ids
        Named.of("random traces", () -> new RandomTraces(11).traces(300, 40)));
  }

  @ParameterizedTest
  @MethodSource("workloads")
  void addStored_tracesOfOneInput_blockIdenticalToDecodedAndReencoded(
      Supplier<List<Trace>> workload) throws Exception {
    BlockMeta input = write(sorted(workload.get()));
    assertThat(input.rowGroups()).as("several row groups").isGreaterThan(2);

    BlockMeta copied;
    BlockMeta reencoded;
    try (BlockReader r = open(input)) {
      try (BlockWriter w = newWriter();
          StoredTraceIterator it = r.iterateStored()) {
        it.forEachRemaining(w::addStored);
        copied = w.complete();
      }
      try (BlockWriter w = newWriter();
          TraceIterator it = r.iterateTraces()) {
        it.forEachRemaining(w::add);
        reencoded = w.complete();
      }
    }

    assertThat(bytes(copied, "data.parquet")).isEqualTo(bytes(reencoded, "data.parquet"));
    assertThat(bytes(copied, SearchIndex.OBJECT_NAME))
        .isEqualTo(bytes(reencoded, SearchIndex.OBJECT_NAME));
    assertThat(copied)
        .usingRecursiveComparison()
        .ignoringFields("blockId", "createdAt")
        .isEqualTo(reencoded);
    assertThat(readAll(copied)).isEqualTo(readAll(input));
  }

  @Test
  void addStored_inputsAssigningSlotsInOtherOrders_blockIdenticalToDecodedAndReencoded()
      throws Exception {
    // 4 keys: every (key, kind) pair has a slot in each input and in the output, but each input
    // assigned them in its own order, so most copied rows have their slots moved
    Merged m = mergeInterleaved(4);

    assertThat(m.copied).as("traces copied without decoding").isEqualTo(m.traces);
    assertThat(bytes(m.copy, "data.parquet")).isEqualTo(bytes(m.reference, "data.parquet"));
    assertThat(bytes(m.copy, SearchIndex.OBJECT_NAME))
        .isEqualTo(bytes(m.reference, SearchIndex.OBJECT_NAME));
    assertThat(readAll(m.copy)).isEqualTo(readAll(m.reference));
  }

  @Test
  void addStored_inputsWithMoreKeysThanSlots_readBackAsDecodedAndReencoded() throws Exception {
    // 80 keys of changing kinds: each input and the output fill their slots with different keys;
    // a trace using a key the output has no slot for is decoded, the others are copied
    Merged m = mergeInterleaved(80);

    assertThat(m.copied).as("traces copied without decoding").isBetween(1L, m.traces - 1);
    List<Trace> expected = readAll(m.reference);
    assertThat(expected).hasSize((int) m.traces);
    assertThat(readAll(m.copy)).isEqualTo(expected);
    try (BlockReader r = open(m.copy)) {
      for (Trace t : expected) {
        assertThat(r.findTrace(t.traceId())).contains(t);
      }
    }
    assertThat(bytes(m.copy, SearchIndex.OBJECT_NAME))
        .isEqualTo(bytes(m.reference, SearchIndex.OBJECT_NAME));
  }

  /** Two blocks merged by trace id: stored traces copied, and every trace decoded and re-added. */
  private record Merged(BlockMeta copy, BlockMeta reference, long copied, long traces) {}

  /**
   * Writes three inputs of interleaved trace ids from {@link ManyKeyTraces} generators of different
   * seeds over {@code keyCount} keys, and merges them both ways.
   */
  private Merged mergeInterleaved(int keyCount) {
    List<BlockMeta> inputs = new ArrayList<>();
    int perInput = 40;
    for (int i = 0; i < 3; i++) {
      ManyKeyTraces gen = new ManyKeyTraces(100 + i, keyCount);
      List<Trace> traces = new ArrayList<>();
      for (int t = 0; t < perInput; t++) {
        traces.add(gen.trace(new TraceId(t * 3L + i + 1, 7)));
      }
      inputs.add(write(traces));
    }
    List<BlockReader> readers = inputs.stream().map(this::open).toList();
    try {
      long copied = 0;
      BlockMeta copy;
      try (BlockWriter w = newWriter()) {
        List<StoredTraceIterator> its = readers.stream().map(BlockReader::iterateStored).toList();
        for (StoredTrace t : new ById<>(its, StoredTrace::traceId)) {
          copied += w.addStored(t) ? 1 : 0;
        }
        its.forEach(StoredTraceIterator::close);
        copy = w.complete();
      }
      BlockMeta reference;
      try (BlockWriter w = newWriter()) {
        List<TraceIterator> its = readers.stream().map(BlockReader::iterateTraces).toList();
        for (Trace t : new ById<>(its, Trace::traceId)) {
          w.add(t);
        }
        its.forEach(TraceIterator::close);
        reference = w.complete();
      }
      return new Merged(copy, reference, copied, 3L * perInput);
    } finally {
      readers.forEach(BlockReader::close);
    }
  }

  /**
   * The items of several id-ordered iterators with distinct ids, in id order; an item is handed out
   * before its iterator moves on (stored traces are valid until then).
   */
  private record ById<T>(List<? extends Iterator<T>> its, Function<T, TraceId> id)
      implements Iterable<T> {
    @Override
    public Iterator<T> iterator() {
      List<T> heads = new ArrayList<>();
      its.forEach(it -> heads.add(it.hasNext() ? it.next() : null));
      return new Iterator<>() {
        int last = -1;

        @Override
        public boolean hasNext() {
          if (last >= 0) {
            Iterator<T> it = its.get(last);
            heads.set(last, it.hasNext() ? it.next() : null);
            last = -1;
          }
          return heads.stream().anyMatch(Objects::nonNull);
        }

        @Override
        public T next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          for (int i = 0; i < heads.size(); i++) {
            T h = heads.get(i);
            if (h != null && (last < 0 || id.apply(h).compareTo(id.apply(heads.get(last))) < 0)) {
              last = i;
            }
          }
          return heads.get(last);
        }
      };
    }
  }

  @Test
  void addStored_copiedTrace_traceLevelColumnsMatchTheTrace() throws Exception {
    List<Trace> traces = sorted(new ShopTraces(5).traces(200));
    BlockMeta input = write(traces);
    BlockMeta copied;
    try (BlockReader r = open(input);
        BlockWriter w = newWriter();
        StoredTraceIterator it = r.iterateStored()) {
      it.forEachRemaining(w::addStored);
      copied = w.complete();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    try (BlockReader r = open(copied)) {
      r.scan(
          List.of("trace_start_unix_nano", "trace_duration_nano"),
          null,
          row -> rows.add(new HashMap<>(row.values())));
    }
    int row = 0;
    for (Trace t : traces) {
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      for (var rs : t.resourceSpans()) {
        for (var ss : rs.getScopeSpansList()) {
          for (var s : ss.getSpansList()) {
            start = Math.min(start, s.getStartTimeUnixNano());
            end = Math.max(end, s.getEndTimeUnixNano());
          }
        }
      }
      for (int i = 0; i < t.spanCount(); i++, row++) {
        // trace-level values (end = start + duration) are stored on a trace's first row only
        assertThat(rows.get(row))
            .as("row %d of trace %s", row, t.traceId())
            .containsEntry("trace_start_unix_nano", i == 0 ? start : null)
            .containsEntry("trace_duration_nano", i == 0 ? end - start : null);
      }
    }
    assertThat(rows).hasSize(row);
    assertThat(copied.startTimeUnixNano()).isEqualTo(input.startTimeUnixNano());
    assertThat(copied.endTimeUnixNano()).isEqualTo(input.endTimeUnixNano());
  }

  @Test
  void storedTrace_decode_equalsIteratedTrace() {
    BlockMeta input = write(sorted(new RandomTraces(3).traces(100, 30)));
    List<Trace> decoded = new ArrayList<>();
    try (BlockReader r = open(input);
        StoredTraceIterator it = r.iterateStored()) {
      it.forEachRemaining(t -> decoded.add(t.decode()));
    }
    assertThat(decoded).isEqualTo(readAll(input));
  }

  @Test
  void addStored_decodedTrace_isAddedLikeAnyTrace() {
    List<Trace> traces = sorted(new ShopTraces(9).traces(50));
    BlockMeta meta;
    try (BlockWriter w = newWriter()) {
      traces.forEach(t -> w.addStored(StoredTrace.of(t)));
      meta = w.complete();
    }
    assertThat(meta.totalTraces()).isEqualTo(50);
    assertThat(readAll(meta)).isEqualTo(readAll(write(traces)));
  }

  private static List<Trace> sorted(List<Trace> traces) {
    List<Trace> out = new ArrayList<>(traces);
    out.sort(Comparator.comparing(Trace::traceId));
    return out;
  }

  private BlockMeta write(List<Trace> traces) {
    try (BlockWriter w = newWriter()) {
      traces.forEach(w::add);
      return w.complete();
    }
  }

  private BlockWriter newWriter() {
    Path work = dir.resolve("work-" + UUID.randomUUID());
    return BlockFormats.defaultForWrites().newWriter(store, NewBlock.level0("t", work), CONFIG);
  }

  private BlockReader open(BlockMeta meta) {
    return BlockFormats.forVersion(meta.format()).openReader(store, meta);
  }

  private byte[] bytes(BlockMeta meta, String object) throws Exception {
    return Files.readAllBytes(dir.resolve("store").resolve(meta.key(object)));
  }

  private List<Trace> readAll(BlockMeta meta) {
    List<Trace> out = new ArrayList<>();
    try (BlockReader r = open(meta);
        TraceIterator it = r.iterateTraces()) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
