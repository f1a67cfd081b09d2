package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.testkit.InMemoryObjectStore;
import dev.skein.testkit.RandomTraces;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockWriterTest {

  @TempDir Path dir;

  final List<Trace> traces = new RandomTraces(31).traces(20, 4);

  @Test
  void complete_writesMetaJsonLastAndCleansWorkDir() {
    List<String> puts = new ArrayList<>();
    InMemoryObjectStore memory = new InMemoryObjectStore();
    ObjectStore store =
        new ReadLog(memory, "") {
          @Override
          public void put(String key, byte[] b) {
            puts.add(key);
            super.put(key, b);
          }

          @Override
          public void put(String key, Path file) {
            puts.add(key);
            super.put(key, file);
          }
        };
    NewBlock block = NewBlock.level0("t1", dir.resolve("w"));
    BlockMeta meta;
    try (BlockWriter w =
        BlockFormats.defaultForWrites().newWriter(store, block, BlockConfig.defaults())) {
      traces.forEach(w::add);
      assertThat(w.traceCount()).isEqualTo(traces.size());
      meta = w.complete();
    }
    assertThat(puts).last().isEqualTo(meta.key(BlockMeta.META_JSON));
    assertThat(puts)
        .contains(meta.key("data.parquet"), meta.key("bloom-0"), meta.key("search.idx"));
    assertThat(BlockMetaJson.read("k", memory.get(meta.key(BlockMeta.META_JSON)))).isEqualTo(meta);
    assertThat(meta.minTraceId()).isEqualTo(traces.get(0).traceId());
    assertThat(meta.maxTraceId()).isEqualTo(traces.get(traces.size() - 1).traceId());
    assertThat(meta.format()).isEqualTo("vsk1");
    assertThat(dir.resolve("w").resolve("data.parquet")).doesNotExist();
  }

  @Test
  void add_outOfOrderOrDuplicate_throws() {
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                new InMemoryObjectStore(), NewBlock.level0("t1", dir), BlockConfig.defaults())) {
      w.add(traces.get(1));
      assertThatThrownBy(() -> w.add(traces.get(0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ascending");
      assertThatThrownBy(() -> w.add(traces.get(1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void add_spanWithOtherTraceId_throws() {
    Trace t = traces.get(0);
    Trace wrong = new Trace(new TraceId(1, 1), t.resourceSpans());
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                new InMemoryObjectStore(), NewBlock.level0("t1", dir), BlockConfig.defaults())) {
      assertThatThrownBy(() -> w.add(wrong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("carries trace id");
    }
  }

  @Test
  void closeWithoutComplete_writesNothingVisible() throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0("t1", dir), BlockConfig.defaults())) {
      w.add(traces.get(0));
    }
    assertThat(store.list("")).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".parquet"))).isEmpty();
    }
  }

  @Test
  void complete_empty_throws() {
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                new InMemoryObjectStore(), NewBlock.level0("t1", dir), BlockConfig.defaults())) {
      assertThatThrownBy(w::complete).isInstanceOf(IllegalStateException.class);
    }
  }
}
