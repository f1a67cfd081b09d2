/**
 * The load generator and end-to-end benchmark of issue #8: {@link dev.skein.bench.Main} is the
 * command line; the workload, senders, verifier, query bench, ceilings and report live in the
 * sub-packages, and the JMH micro-benchmarks in {@code dev.skein.bench.jmh}.
 */
@NullMarked
package dev.skein.bench;

import org.jspecify.annotations.NullMarked;
