package dev.skein.ingester.kafka;

import static dev.skein.testkit.OtlpSpans.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.common.OverCapacityException;
import dev.skein.ingester.distributor.PushResult;
import dev.skein.ingester.distributor.TraceBatch;
import dev.skein.trace.TraceId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink completes a push only once Kafka acknowledged every record, and fails it otherwise. */
class KafkaSpanSinkTest {

  final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final KafkaConfig config = KafkaConfigTest.withoutTopicCreation("unused:9092");
  final KafkaSpanSink sink = new KafkaSpanSink(config, meters, c -> producer);

  KafkaSpanSinkTest() {
    sink.start();
  }

  @AfterEach
  void close() {
    sink.close();
  }

  static List<TraceBatch> traces(int... ids) {
    return java.util.Arrays.stream(ids)
        .mapToObj(
            i -> new TraceBatch(TraceId.parseHex(hex(i)), SpanRecordsTest.tracesData(i, 1, 2), 2))
        .toList();
  }

  @Test
  void push_completesOnlyAfterEveryRecordAcknowledged() {
    CompletableFuture<PushResult> f = sink.push("t", traces(1, 2));
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.history().get(0).topic()).isEqualTo(KafkaConfig.DEFAULT_TOPIC);
    assertThat(producer.history().get(0).key())
        .isEqualTo(SpanRecords.key("t", TraceId.parseHex(hex(1))));

    producer.completeNext();
    assertThat(f).isNotDone();
    producer.completeNext();
    assertThat(f).isCompletedWithValue(PushResult.ACCEPTED);
    assertThat(meters.counter("skein.kafka.produced.records").count()).isEqualTo(2);
  }

  @Test
  void push_oneRecordFails_pushFailsRetryably() {
    CompletableFuture<PushResult> f = sink.push("t", traces(1, 2));
    producer.completeNext();
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

    assertThat(f)
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(OverCapacityException.class)
        .withMessageContaining("Kafka did not acknowledge")
        .withMessageContaining("Expiring 1 record");
    assertThat(meters.counter("skein.kafka.produce.failures").count()).isEqualTo(1);
  }

  @Test
  void push_afterClose_failsRetryably() {
    sink.close();
    assertThat(sink.push("t", traces(1)))
        .failsWithin(java.time.Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(OverCapacityException.class);
    assertThat(sink.check().ok()).isFalse();
  }
}
