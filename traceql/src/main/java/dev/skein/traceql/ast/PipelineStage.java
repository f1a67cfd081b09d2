package dev.skein.traceql.ast;

/**
 * One stage after a {@code |} in a pipeline: a spanset expression (filtering each incoming
 * spanset), a {@link ScalarFilter} such as {@code count() > 3}, {@link GroupBy}, {@link Select} or
 * {@link Coalesce}.
 */
public sealed interface PipelineStage
    permits SpansetExpr, ScalarFilter, GroupBy, Select, Coalesce {}
