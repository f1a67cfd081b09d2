package dev.skein.bench.workload;

import dev.skein.trace.TraceId;

/**
 * The spans of one trace that travel in one batch.
 *
 * @param traceIndex the trace's position in the workload
 * @param traceId its id
 * @param spanIds the ids of the spans of this trace in the batch, as big-endian longs
 * @param traceSpanCount how many spans the whole trace has, over all batches
 */
public record TraceSlice(int traceIndex, TraceId traceId, long[] spanIds, int traceSpanCount) {}
