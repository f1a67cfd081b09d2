/**
 * Latency distributions and the run report: a markdown table on stdout and a JSON file under {@code
 * bench/results/}.
 */
@NullMarked
package dev.skein.bench.report;

import org.jspecify.annotations.NullMarked;
