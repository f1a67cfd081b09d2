/**
 * The scale-out scaling check: ingest throughput through Kafka with one and with two ingester
 * processes consuming the same topic, and the producer's compression choice.
 */
@NullMarked
package dev.skein.bench.kafka;

import org.jspecify.annotations.NullMarked;
