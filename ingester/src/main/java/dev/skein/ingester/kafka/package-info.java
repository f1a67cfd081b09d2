/**
 * Scale-out mode: distributors produce each trace's spans to a Kafka topic partitioned by tenant
 * and trace id ({@link dev.skein.ingester.kafka.KafkaSpanSink}); ingesters consume it as one
 * consumer group ({@link dev.skein.ingester.kafka.KafkaIngestConsumer}) and commit offsets only
 * once the records are in blocks in the object store. Kafka is the durable, replicated log between
 * them.
 */
@NullMarked
package dev.skein.ingester.kafka;

import org.jspecify.annotations.NullMarked;
