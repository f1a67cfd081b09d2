/**
 * TraceQL for Skein: {@link dev.skein.traceql.TraceQL#parse(String)} turns a query into a
 * type-checked {@link dev.skein.traceql.Query}; {@link dev.skein.traceql.eval.Evaluator} runs it
 * over traces that storage exposes through {@link dev.skein.traceql.eval.TraceView}; {@link
 * dev.skein.traceql.Query#conditions()} lists the conditions storage may push down. The module has
 * no dependency on storage.
 */
@NullMarked
package dev.skein.traceql;

import org.jspecify.annotations.NullMarked;
