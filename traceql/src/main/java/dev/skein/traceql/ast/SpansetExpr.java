package dev.skein.traceql.ast;

/**
 * An expression producing spansets: a filter {@code { ... }}, two spanset expressions joined by a
 * {@link SpansetOp}, or a {@link Pipeline}.
 */
public sealed interface SpansetExpr extends PipelineStage
    permits SpansetFilter, SpansetOperation, Pipeline {}
