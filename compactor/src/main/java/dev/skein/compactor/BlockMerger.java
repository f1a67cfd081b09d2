package dev.skein.compactor;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormat;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockReader;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.block.StoredTrace;
import dev.skein.storage.block.StoredTraceIterator;
import dev.skein.trace.TraceCombiner;
import dev.skein.trace.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges committed blocks into one new block with a streaming k-way merge by trace id: each input
 * is read in id order as stored ({@link BlockReader#iterateStored()}), a priority queue holds the
 * current trace of each input. A trace found in one input only (the vast majority) is handed to the
 * writer as stored ({@link BlockWriter#addStored}), which copies its rows without decoding them
 * when the formats match; the parts of a trace id found in several inputs are decoded and combined
 * by {@link TraceCombiner} (duplicate spans dropped, a byte cap applied), and the writer recomputes
 * the trace-level columns over the combined trace. Memory is bounded by one trace per input plus
 * the writer's row-group buffer, whatever the block sizes. Thread-safe for distinct calls; each
 * call is single-threaded.
 */
public final class BlockMerger {

  private final ObjectStore store;
  private final BlockConfig blockConfig;
  private final long maxTraceBytes;

  /**
   * Creates a merger.
   *
   * @param store where inputs are read and the output is written
   * @param blockConfig how the output block is written
   * @param maxTraceBytes span bytes kept of a trace combined from several inputs
   */
  public BlockMerger(ObjectStore store, BlockConfig blockConfig, long maxTraceBytes) {
    this.store = store;
    this.blockConfig = blockConfig;
    this.maxTraceBytes = maxTraceBytes;
  }

  /**
   * Merges {@code inputs} into the block {@code output} and commits it ({@code meta.json} is
   * written last, by the writer). Nothing is visible when this throws.
   *
   * @return the committed output meta and what the merge did
   * @throws IllegalArgumentException when inputs is empty
   */
  public Result merge(List<BlockMeta> inputs, NewBlock output) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("inputs must not be empty");
    }
    BlockFormat format = BlockFormats.defaultForWrites();
    List<BlockReader> readers = new ArrayList<>();
    PriorityQueue<Head> queue = new PriorityQueue<>(Head.ORDER);
    List<Head> parts = new ArrayList<>();
    long combined = 0;
    long copied = 0;
    long truncatedSpans = 0;
    long duplicateSpans = 0;
    try (BlockWriter writer = format.newWriter(store, output, blockConfig)) {
      for (int i = 0; i < inputs.size(); i++) {
        BlockMeta meta = inputs.get(i);
        BlockReader reader = BlockFormats.forVersion(meta.format()).openReader(store, meta);
        readers.add(reader);
        Head head = new Head(i, reader.iterateStored());
        if (head.advance()) {
          queue.add(head);
        } else {
          head.iterator.close();
        }
      }
      // a stored trace is valid until its iterator moves on: write it, then advance
      while (!queue.isEmpty()) {
        Head first = queue.poll();
        TraceId id = first.current.traceId();
        parts.add(first);
        while (!queue.isEmpty() && queue.peek().current.traceId().equals(id)) {
          parts.add(queue.poll());
        }
        if (parts.size() == 1) {
          if (writer.addStored(first.current)) {
            copied++;
          }
        } else {
          TraceCombiner combiner = new TraceCombiner(id, maxTraceBytes);
          parts.forEach(h -> combiner.add(h.current.decode()));
          writer.add(combiner.result());
          combined++;
          truncatedSpans += combiner.truncatedSpans();
          duplicateSpans += combiner.duplicates();
        }
        for (Head h : parts) {
          advanceOrClose(h, queue);
        }
        parts.clear();
      }
      BlockMeta meta = writer.complete();
      return new Result(meta, combined, duplicateSpans, truncatedSpans, copied);
    } finally {
      for (Head h : queue) {
        h.iterator.close();
      }
      parts.forEach(h -> h.iterator.close());
      readers.forEach(BlockReader::close);
    }
  }

  private static void advanceOrClose(Head head, PriorityQueue<Head> queue) {
    if (head.advance()) {
      queue.add(head);
    } else {
      head.iterator.close();
    }
  }

  /**
   * What one merge did.
   *
   * @param output the committed output block
   * @param combinedTraces trace ids found in more than one input
   * @param duplicateSpans spans dropped as duplicates (same span id and kind)
   * @param truncatedSpans spans cut by the per-trace byte cap
   * @param copiedTraces traces of one input copied without decoding (the others were decoded)
   */
  public record Result(
      BlockMeta output,
      long combinedTraces,
      long duplicateSpans,
      long truncatedSpans,
      long copiedTraces) {}

  /** The current trace of one input; ties on trace id are broken by input order. */
  private static final class Head {
    static final Comparator<Head> ORDER =
        Comparator.<Head, TraceId>comparing(h -> h.current.traceId())
            .thenComparingInt(h -> h.input);

    final int input;
    final StoredTraceIterator iterator;
    StoredTrace current;

    Head(int input, StoredTraceIterator iterator) {
      this.input = input;
      this.iterator = iterator;
    }

    boolean advance() {
      if (!iterator.hasNext()) {
        return false;
      }
      current = iterator.next();
      return true;
    }
  }
}
