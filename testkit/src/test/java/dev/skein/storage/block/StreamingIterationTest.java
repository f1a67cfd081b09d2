package dev.skein.storage.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iterating a block streams: a forked JVM with a 64 MiB heap iterates a block whose single row
 * group decodes into far more OTLP objects than that heap holds (a row group decoded at once, as
 * the iterator used to, fails with OutOfMemoryError there).
 */
class StreamingIterationTest {

  @TempDir Path dir;

  @Test
  void iterateTraces_rowGroupLargerThanHeap_completesInSmallHeap() throws Exception {
    LocalObjectStore store =
        new LocalObjectStore(new LocalObjectStoreConfig(dir.resolve("store"), false));
    ShopTraces shop = new ShopTraces(3);
    List<Trace> traces = new ArrayList<>(shop.traces(5_000));
    traces.sort(java.util.Comparator.comparing(Trace::traceId));
    long spans = traces.stream().mapToLong(Trace::spanCount).sum();
    long otlpBytes =
        traces.stream()
            .flatMap(t -> t.resourceSpans().stream())
            .mapToLong(rs -> rs.getSerializedSize())
            .sum();
    BlockMeta meta;
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(
                store,
                NewBlock.level0("t", dir.resolve("work")),
                BlockConfig.defaults()
                    .withRowGroupBytes(512L << 20)
                    .withRowGroupRows(Integer.MAX_VALUE))) {
      traces.forEach(w::add);
      meta = w.complete();
    }
    traces = null;
    assertThat(meta.rowGroups()).as("one row group holds the whole block").isEqualTo(1);
    // protobuf objects take several times their serialized size on the heap
    assertThat(otlpBytes).as("serialized OTLP of the row group").isGreaterThan(40L << 20);

    Path out = dir.resolve("out.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                IterateBlockMain.class.getName(),
                dir.resolve("store").toString(),
                meta.key(BlockMeta.META_JSON))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("iteration finished").isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("forked JVM output: %s", output).isZero();
    assertThat(output.lines().reduce((a, b) -> b).orElse("")).isEqualTo("5000 " + spans);
    assertThat(new File(out.toString())).exists();
  }
}
