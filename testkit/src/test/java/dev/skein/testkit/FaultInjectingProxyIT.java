package dev.skein.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.ObjectStoreException;
import dev.skein.storage.backend.S3ObjectStore;
import dev.skein.testkit.FaultInjectingProxy.Fault;
import dev.skein.testkit.FaultInjectingProxy.Schedule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real AWS SDK (through {@link S3ObjectStore}) against S3Proxy behind the fault-injecting
 * proxy: each fault is seen by the SDK as it would be from S3 (retried, timed out, or reported as
 * {@link ObjectStoreException}), and data is never silently wrong.
 */
class FaultInjectingProxyIT {

  static S3TestServer s3;
  static FaultInjectingProxy proxy;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    s3 = S3TestServer.start();
    proxy = FaultInjectingProxy.start(s3.endpoint(), Duration.ofSeconds(3));
  }

  @AfterAll
  static void stop() {
    proxy.close();
    s3.close();
  }

  S3ObjectStore store(String prefix, int retries) {
    return new S3ObjectStore(
        s3.config(prefix)
            .endpoint(proxy.endpoint())
            .maxRetries(retries)
            .readTimeout(Duration.ofSeconds(1))
            .build());
  }

  @Test
  void noFaults_forwardsEverything_includingMultipartUploads() throws Exception {
    proxy.schedule(Schedule.NONE);
    byte[] big = new byte[11 << 20];
    new Random(1).nextBytes(big);
    Path file = Files.write(dir.resolve("big"), big);
    try (S3ObjectStore store =
        new S3ObjectStore(
            s3.config("plain")
                .endpoint(proxy.endpoint())
                .multipartThresholdBytes(5 << 20)
                .partSizeBytes(5 << 20)
                .build())) {
      store.put("a/small", "hello".getBytes(StandardCharsets.UTF_8));
      store.put("a/big", file);
      assertThat(store.get("a/small")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
      assertThat(store.get("a/big")).isEqualTo(big);
      assertThat(store.getRange("a/big", 100, 10)).containsExactly(copy(big, 100, 10));
      assertThat(store.list("a/")).containsExactlyInAnyOrder("a/small", "a/big");
    }
  }

  @Test
  void everyFault_isRetriedBySdk_andTheAnswersAreRight() {
    try (S3ObjectStore store = store("retried", 10)) {
      for (Fault fault : EnumSet.complementOf(EnumSet.of(Fault.NONE))) {
        long before = proxy.counts().get(fault);
        // every other request faulted: the SDK's retries get through
        proxy.schedule(alternating(fault));
        String key = "k/" + fault;
        byte[] value = ("value of " + fault).repeat(100).getBytes(StandardCharsets.UTF_8);
        store.put(key, value);
        assertThat(store.get(key)).as(fault.toString()).isEqualTo(value);
        assertThat(store.getRange(key, 10, 20)).as(fault.toString()).isEqualTo(copy(value, 10, 20));
        assertThat(proxy.counts().get(fault)).as(fault + " injected").isGreaterThan(before);
      }
    } finally {
      proxy.schedule(Schedule.NONE);
    }
  }

  @Test
  void persistentFaults_failWithObjectStoreException_neverAWrongAnswer() {
    try (S3ObjectStore store = store("failing", 1)) {
      store.put("k", "right".getBytes(StandardCharsets.UTF_8));
      for (Fault fault :
          EnumSet.of(
              Fault.SLOW_DOWN, Fault.INTERNAL_ERROR, Fault.RESET, Fault.TRUNCATE, Fault.STALL)) {
        proxy.schedule(r -> fault);
        assertThatThrownBy(() -> store.get("k"))
            .as(fault.toString())
            .isInstanceOf(ObjectStoreException.class);
      }
    } finally {
      proxy.schedule(Schedule.NONE);
    }
  }

  private static Schedule alternating(Fault fault) {
    java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
    return r -> n.getAndIncrement() % 2 == 0 ? fault : Fault.NONE;
  }

  private static byte[] copy(byte[] b, int from, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, from, out, 0, length);
    return out;
  }
}
