/**
 * The pushdown plan of a query: the leaf conditions storage can use to choose columns and prune
 * blocks, row groups or index candidates before any span is evaluated.
 */
@NullMarked
package dev.skein.traceql.plan;

import org.jspecify.annotations.NullMarked;
