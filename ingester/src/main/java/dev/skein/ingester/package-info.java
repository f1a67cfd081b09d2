/**
 * The write path: OTLP receivers, distributor logic (tenant, validation, limits), write-ahead log,
 * live traces, head block, block completion and flush.
 *
 * <p>Nothing here yet: this package is delivered by issue #4.
 */
@NullMarked
package dev.skein.ingester;

import org.jspecify.annotations.NullMarked;
