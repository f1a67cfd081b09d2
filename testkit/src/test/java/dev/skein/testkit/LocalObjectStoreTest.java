package dev.skein.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalObjectStoreTest {

  @TempDir Path dir;

  @Nested
  class Contract extends ObjectStoreContract {

    private LocalObjectStore store;

    @Override
    protected void setUpStore() {
      store = new LocalObjectStore(LocalObjectStoreConfig.of(dir.resolve("root")));
    }

    @Override
    protected void tearDownStore() {
      store.close();
    }

    @Override
    protected ObjectStore store() {
      return store;
    }
  }

  @ParameterizedTest(name = "key ''{0}''")
  @ValueSource(
      strings = {"../outside", "a/../../outside", "..", "./x", "/etc/passwd", "a\\..\\..\\x"})
  void put_traversalKey_rejectedAndNothingWrittenOutsideRoot(String key) throws Exception {
    Path root = dir.resolve("root");
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root));
    assertThatThrownBy(() -> store.put(key, new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void get_fileOutsideRootViaTraversal_rejected() throws Exception {
    Files.writeString(dir.resolve("secret"), "secret");
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(dir.resolve("root")));
    assertThatThrownBy(() -> store.get("../secret")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void list_crashLeftoverTempFile_notListed() throws Exception {
    Path root = dir.resolve("root");
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root));
    store.put("t/b/meta.json", "{}".getBytes(UTF_8));
    // What a crash between writing the temporary file and renaming it leaves behind.
    Files.writeString(root.resolve("t/b/.data.parquet~1a2b3c.tmp"), "half");
    Files.createDirectories(root.resolve("t/c"));
    Files.writeString(root.resolve("t/c/.meta.json~99.tmp"), "half");

    assertThat(store.list("")).containsExactly("t/b/meta.json");
    assertThat(store.children("t/")).containsExactly("b");
    assertThat(store.children("t/b/")).containsExactly("meta.json");
  }

  @Test
  void put_success_leavesNoTempFiles() throws Exception {
    Path root = dir.resolve("root");
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root));
    store.put("t/b/a", new byte[] {1});
    store.putIfAbsent("t/b/b", new byte[] {2});
    store.putIfAbsent("t/b/b", new byte[] {3});
    try (var names = Files.list(root.resolve("t/b"))) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void delete_lastObject_prunesEmptyDirectoriesButKeepsRoot() {
    Path root = dir.resolve("root");
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(root));
    store.put("t/b/meta.json", new byte[] {1});
    store.delete("t/b/meta.json");
    assertThat(root.resolve("t")).doesNotExist();
    assertThat(root).isDirectory();
  }

  @Test
  void putAndDelete_racingInOneDirectory_neverFailOnPrunedDirectory() throws Exception {
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(dir.resolve("root")));
    int threads = 4;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String key = "t/blk/k" + t;
        byte[] content = {(byte) t};
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  // Each delete may prune t/blk/ and t/ while another thread is about to write.
                  for (int i = 0; i < 200; i++) {
                    store.put(key, content);
                    assertThat(store.get(key)).isEqualTo(content);
                    store.delete(key);
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void readOps_rootMissing_notFoundAndEmptyLists() {
    LocalObjectStore store = new LocalObjectStore(LocalObjectStoreConfig.of(dir.resolve("none")));
    assertThatThrownBy(() -> store.get("t/x")).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.list("")).isEmpty();
    assertThat(store.children("")).isEmpty();
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void put_withoutFsync_roundTrips() {
    LocalObjectStore store =
        new LocalObjectStore(new LocalObjectStoreConfig(dir.resolve("root"), false));
    store.put("t/b/x", new byte[] {7});
    assertThat(store.get("t/b/x")).containsExactly(7);
  }

  @Test
  void config_filesystemRoot_rejected() {
    assertThatThrownBy(() -> LocalObjectStoreConfig.of(Path.of("/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filesystem root");
  }

  @Test
  void toString_showsRoot() {
    Path root = dir.resolve("root");
    assertThat(new LocalObjectStore(LocalObjectStoreConfig.of(root)).toString())
        .contains(root.toString());
  }
}
