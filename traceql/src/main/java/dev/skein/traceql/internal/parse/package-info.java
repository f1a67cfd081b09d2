/**
 * Not API: the hand-written lexer, the recursive-descent (Pratt) parser and the type rules behind
 * {@link dev.skein.traceql.TraceQL#parse(String)}. Public only so the root package can call it.
 */
@NullMarked
package dev.skein.traceql.internal.parse;

import org.jspecify.annotations.NullMarked;
