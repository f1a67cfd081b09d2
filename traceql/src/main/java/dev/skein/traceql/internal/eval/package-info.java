/**
 * Not API: the compiled form of queries used by {@link dev.skein.traceql.eval.Evaluator} (field
 * functions, comparisons, structural joins, pipeline stages) and the RE2/J regex helper.
 */
@NullMarked
package dev.skein.traceql.internal.eval;

import org.jspecify.annotations.NullMarked;
