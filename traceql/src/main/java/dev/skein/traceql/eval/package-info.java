/**
 * Evaluation of TraceQL over an abstract span model. Storage and ingesters implement {@link
 * dev.skein.traceql.eval.TraceView} and {@link dev.skein.traceql.eval.SpanView}; {@link
 * dev.skein.traceql.eval.Evaluator} returns the matching {@link dev.skein.traceql.eval.Spanset}s of
 * one trace.
 */
@NullMarked
package dev.skein.traceql.eval;

import org.jspecify.annotations.NullMarked;
