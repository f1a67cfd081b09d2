/**
 * The TraceQL abstract syntax tree: immutable records and sealed interfaces produced by {@link
 * dev.skein.traceql.TraceQL#parse(String)}, plus the typed {@link dev.skein.traceql.ast.Value}s
 * that literals and span attributes share. Every node's {@code toString()} prints canonical TraceQL
 * that parses back to an equal node.
 */
@NullMarked
package dev.skein.traceql.ast;

import org.jspecify.annotations.NullMarked;
