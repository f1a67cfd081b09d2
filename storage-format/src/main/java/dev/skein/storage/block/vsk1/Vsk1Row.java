package dev.skein.storage.block.vsk1;

/**
 * One row handed to {@link SpanWriteSupport}: a span of a trace being encoded ({@link
 * SpanWriteSupport.Row}) or a row copied verbatim from an input block ({@link CopiedRow}).
 */
sealed interface Vsk1Row permits SpanWriteSupport.Row, CopiedRow {}
