/**
 * The query half of the benchmark: trace by id for random acknowledged ids (and for the ones just
 * acknowledged, while the load runs) and a fixed set of searches, as latency distributions.
 */
@NullMarked
package dev.skein.bench.query;

import org.jspecify.annotations.NullMarked;
