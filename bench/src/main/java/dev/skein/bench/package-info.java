/**
 * Load generator, end-to-end benchmark and JMH micro-benchmarks.
 *
 * <p>Nothing here yet: this package is delivered by issue #8.
 */
@NullMarked
package dev.skein.bench;

import org.jspecify.annotations.NullMarked;
