package dev.skein.compactor;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.TraceIterator;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Test helpers: write blocks, read every span back, a settable clock. */
final class TestBlocks {

  /** Right after ShopTraces' first timestamps. */
  static final Instant NOW = Instant.ofEpochSecond(1_764_000_000L).plus(Duration.ofHours(2));

  static final BlockConfig SMALL = BlockConfig.defaults().withRowGroupBytes(256 << 10);

  private TestBlocks() {}

  /** Writes and commits one block holding {@code traces} (any order, distinct ids). */
  static BlockMeta write(
      ObjectStore store, String tenant, List<Trace> traces, Path tmp, int level) {
    List<Trace> sorted = new ArrayList<>(traces);
    sorted.sort(Comparator.comparing(Trace::traceId));
    Path dir = tmp.resolve(UUID.randomUUID().toString());
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(store, new NewBlock(tenant, UUID.randomUUID(), level, level, dir), SMALL)) {
      sorted.forEach(w::add);
      return w.complete();
    }
  }

  /** The live blocks of a tenant, by listing. */
  static List<BlockMeta> live(ObjectStore store, String tenant) {
    PolledBlockList list = PolledBlockList.listingOnly(store);
    list.refresh();
    return list.blocks(tenant);
  }

  /** Every span of every block, as "traceId/spanId/kind" -> count. */
  static Map<String, Integer> spanCounts(ObjectStore store, List<BlockMeta> blocks) {
    Map<String, Integer> counts = new TreeMap<>();
    for (BlockMeta meta : blocks) {
      try (BlockReader r = BlockFormats.forVersion(meta.format()).openReader(store, meta);
          TraceIterator it = r.iterateTraces()) {
        while (it.hasNext()) {
          for (Span s : spans(it.next())) {
            counts.merge(key(s), 1, Integer::sum);
          }
        }
      }
    }
    return counts;
  }

  /** Each distinct span once, as the expected result of compacting {@code inputs}. */
  static Map<String, Integer> distinctSpans(List<List<Trace>> inputs) {
    Map<String, Integer> counts = new TreeMap<>();
    for (List<Trace> block : inputs) {
      for (Trace t : block) {
        for (Span s : spans(t)) {
          counts.put(key(s), 1);
        }
      }
    }
    return counts;
  }

  static List<Span> spans(Trace t) {
    List<Span> out = new ArrayList<>();
    for (ResourceSpans rs : t.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        out.addAll(ss.getSpansList());
      }
    }
    return out;
  }

  /** The spans of a trace, sorted by span id, for comparing traces regardless of grouping. */
  static List<Span> sortedSpans(Trace t) {
    List<Span> out = spans(t);
    out.sort(Comparator.comparing(s -> s.getSpanId().toStringUtf8() + s.getKindValue()));
    return out;
  }

  private static String key(Span s) {
    return TraceId.fromByteString(s.getTraceId()).toHex()
        + "/"
        + java.util.HexFormat.of().formatHex(s.getSpanId().toByteArray())
        + "/"
        + s.getKindValue();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
