/**
 * TraceQL: lexer, parser, AST, validation and evaluation over spansets, with no dependency on
 * storage.
 *
 * <p>Nothing here yet: this package is delivered by issue #7.
 */
@NullMarked
package dev.skein.traceql;

import org.jspecify.annotations.NullMarked;
