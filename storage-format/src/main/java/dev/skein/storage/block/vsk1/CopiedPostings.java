package dev.skein.storage.block.vsk1;

import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.SearchIndexBuilder;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The search-index postings of traces copied without decoding: rather than deriving them again from
 * every span, the writer remembers which trace of which input each copied trace was, and when the
 * block completes maps the inputs' postings to the new trace ordinals ({@link
 * SearchIndexBuilder#addAll}). Memory: one int per trace of each input. Not thread-safe.
 */
final class CopiedPostings {

  private final Map<Vsk1StoredTraceIterator, Source> sources = new IdentityHashMap<>();

  /** Records that {@code trace} was written as trace {@code ordinal} of the new block. */
  void copied(Vsk1StoredTrace trace, int ordinal) {
    Source s = sources.get(trace.source());
    if (s == null) {
      s = new Source(trace.source().searchIndex());
      sources.put(trace.source(), s);
    }
    if (trace.inputOrdinal() >= s.ordinals.length) {
      throw new IllegalStateException(
          "trace "
              + trace.traceId()
              + " is trace "
              + trace.inputOrdinal()
              + " of its input, whose search index has "
              + s.ordinals.length);
    }
    s.ordinals[trace.inputOrdinal()] = ordinal;
  }

  /** Adds the copied traces' postings to {@code index}. */
  void addTo(SearchIndexBuilder index) {
    for (Source s : sources.values()) {
      index.addAll(s.index, s.ordinals);
    }
  }

  private static final class Source {
    final SearchIndex index;
    final int[] ordinals;

    Source(SearchIndex index) {
      this.index = index;
      this.ordinals = new int[index.traceCount()];
      Arrays.fill(ordinals, -1);
    }
  }
}
