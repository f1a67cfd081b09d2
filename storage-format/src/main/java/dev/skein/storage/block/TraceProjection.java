package dev.skein.storage.block;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which parts of the spans a read materializes. Every read returns each span's ids, name, kind,
 * start and end time, status code and resource; the parts listed here come on top. A part left out
 * is not read from storage at all and stays empty in the returned OTLP, so a search reads only the
 * columns its query and its response need.
 *
 * @param parts the optional parts to read
 */
public record TraceProjection(Set<Part> parts) {

  /** The optional parts of a span. */
  public enum Part {
    /** Span attributes (generic and dedicated columns). */
    SPAN_ATTRIBUTES,
    /** Events with their attributes. */
    EVENTS,
    /** Links with their attributes. */
    LINKS,
    /** The instrumentation scope (name, version, attributes). */
    SCOPE,
    /** The status message. */
    STATUS_MESSAGE,
    /** Trace state, flags, dropped counts and unknown fields. */
    DETAILS
  }

  /** Every part: the exact stored trace. */
  public static final TraceProjection ALL = new TraceProjection(EnumSet.allOf(Part.class));

  /** Copies the parts. */
  public TraceProjection {
    parts = parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts));
  }

  /** Whether {@code part} is read. */
  public boolean has(Part part) {
    return parts.contains(part);
  }

  /** Whether every part is read. */
  public boolean isAll() {
    return parts.size() == Part.values().length;
  }
}
