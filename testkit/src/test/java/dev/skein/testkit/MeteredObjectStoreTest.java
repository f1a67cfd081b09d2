package dev.skein.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.MeteredObjectStore;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeteredObjectStoreTest {

  private final MockClock clock = new MockClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  private final InMemoryObjectStore backing = new InMemoryObjectStore();
  private final MeteredObjectStore store = new MeteredObjectStore(slow(backing), registry, "mem");

  @TempDir Path dir;

  @Nested
  class Contract extends ObjectStoreContract {

    private MeteredObjectStore contractStore;

    @Override
    protected void setUpStore() {
      contractStore =
          new MeteredObjectStore(new InMemoryObjectStore(), new SimpleMeterRegistry(), "mem");
    }

    @Override
    protected ObjectStore store() {
      return contractStore;
    }
  }

  @Test
  void get_success_countsRequestLatencyAndBytes() {
    backing.put("t/b/x", new byte[10]);
    store.get("t/b/x");
    store.getRange("t/b/x", 2, 3);
    Timer get = timer("get", "success");
    assertThat(get.count()).isEqualTo(1);
    assertThat(get.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7);
    assertThat(bytes("get")).isEqualTo(10);
    assertThat(bytes("get_range")).isEqualTo(3);
  }

  @Test
  void get_missing_countsNotFoundAndRethrows() {
    assertThatThrownBy(() -> store.get("t/b/none")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(timer("get", "not_found").count()).isEqualTo(1);
    assertThat(timer("get", "success").count()).isZero();
    assertThat(bytes("get")).isZero();
  }

  @Test
  void put_invalidKey_countsInvalid() {
    assertThatThrownBy(() -> store.put("../x", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(timer("put", "invalid").count()).isEqualTo(1);
  }

  @Test
  void putIfAbsent_existing_countsExistsOutcome() {
    assertThat(store.putIfAbsent("t/b/lock", new byte[4])).isTrue();
    assertThat(store.putIfAbsent("t/b/lock", new byte[4])).isFalse();
    assertThat(timer("put_if_absent", "success").count()).isEqualTo(1);
    assertThat(timer("put_if_absent", "exists").count()).isEqualTo(1);
    assertThat(bytes("put_if_absent")).isEqualTo(4);
  }

  @Test
  void putFile_success_countsFileBytes() throws Exception {
    Path file = Files.write(dir.resolve("f"), new byte[1234]);
    store.put("t/b/data.parquet", file);
    assertThat(timer("put_file", "success").count()).isEqualTo(1);
    assertThat(bytes("put_file")).isEqualTo(1234);
  }

  @Test
  void putFile_failure_countsError() {
    assertThatThrownBy(() -> store.put("t/b/x", dir.resolve("missing")))
        .isInstanceOf(RuntimeException.class);
    assertThat(timer("put_file", "error").count()).isEqualTo(1);
  }

  @Test
  void listChildrenDelete_counted() {
    store.put("t/b/x", new byte[1]);
    store.list("t/");
    store.children("t/");
    store.delete("t/b/x");
    assertThat(timer("list", "success").count()).isEqualTo(1);
    assertThat(timer("children", "success").count()).isEqualTo(1);
    assertThat(timer("delete", "success").count()).isEqualTo(1);
  }

  @Test
  void constructor_registersEveryMeterUpFront() {
    assertThat(registry.find(MeteredObjectStore.REQUESTS).timers()).hasSize(50);
    assertThat(registry.find(MeteredObjectStore.BYTES).counters()).hasSize(10);
  }

  private Timer timer(String op, String outcome) {
    return registry
        .get(MeteredObjectStore.REQUESTS)
        .tags("backend", "mem", "op", op, "outcome", outcome)
        .timer();
  }

  private double bytes(String op) {
    return registry
        .get(MeteredObjectStore.BYTES)
        .tags("backend", "mem", "op", op)
        .counter()
        .count();
  }

  /** Forwards to {@code target}, advancing the mock clock by 7 ms per call, like a slow disk. */
  private ObjectStore slow(ObjectStore target) {
    return (ObjectStore)
        Proxy.newProxyInstance(
            ObjectStore.class.getClassLoader(),
            new Class<?>[] {ObjectStore.class},
            (proxy, method, args) -> {
              clock.add(Duration.ofMillis(7));
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
