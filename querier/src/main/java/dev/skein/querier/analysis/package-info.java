/**
 * Trace analysis: turns one trace into answers. {@link dev.skein.querier.analysis.TraceAnalyzer}
 * computes self time, depth and the critical path of every span, time per service, and findings for
 * the bad shapes operators look for (N+1, retry storms, fan-out tails, idle and network gaps,
 * broken context propagation, errors and their first cause). Plain Java, no I/O.
 */
@NullMarked
package dev.skein.querier.analysis;

import org.jspecify.annotations.NullMarked;
