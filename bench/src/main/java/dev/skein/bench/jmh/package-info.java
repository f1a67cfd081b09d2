/**
 * JMH micro-benchmarks of the hot paths. Run them from the shaded jar: {@code java -jar
 * bench/target/skein-bench.jar jmh [JMH args]}, e.g. {@code jmh OtlpDecode -f 1 -wi 2 -i 3}.
 * Benchmark classes are not final because JMH generates subclasses of them.
 */
@NullMarked
package dev.skein.bench.jmh;

import org.jspecify.annotations.NullMarked;
