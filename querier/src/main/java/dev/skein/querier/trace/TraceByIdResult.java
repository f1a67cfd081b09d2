package dev.skein.querier.trace;

import dev.skein.trace.Trace;
import java.util.Optional;

/**
 * The answer to a trace-by-id query.
 *
 * @param trace the combined trace, or empty when no source held any span of it
 * @param partial whether the answer may be incomplete (size cap, a failed or slow source)
 * @param message why it is partial, or empty
 * @param inspectedBytes bytes read across all sources
 */
public record TraceByIdResult(
    Optional<Trace> trace, boolean partial, String message, long inspectedBytes) {}
