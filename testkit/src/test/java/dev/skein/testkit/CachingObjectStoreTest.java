package dev.skein.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.storage.backend.CachingObjectStore;
import dev.skein.storage.backend.CachingObjectStoreConfig;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CachingObjectStoreTest {

  private static final Duration TTL = Duration.ofMinutes(10);

  private final InMemoryObjectStore backing = new InMemoryObjectStore();
  private final AtomicLong nanos = new AtomicLong();

  private CachingObjectStore cache(long maxBytes, int maxEntryBytes) {
    return new CachingObjectStore(
        backing, new CachingObjectStoreConfig(maxBytes, maxEntryBytes, TTL), nanos::get);
  }

  @Nested
  class Contract extends ObjectStoreContract {

    private CachingObjectStore store;

    @Override
    protected void setUpStore() {
      // A small budget and entry limit so eviction and bypass happen during the contract too.
      store = cache(512 * 1024, 64 * 1024);
    }

    @Override
    protected ObjectStore store() {
      return store;
    }
  }

  @Test
  void get_twice_secondIsHitWithoutBackendRead() {
    CachingObjectStore store = cache(1 << 20, 1024);
    backing.put("t/b/bloom-0", new byte[] {1, 2, 3});
    assertThat(store.get("t/b/bloom-0")).containsExactly(1, 2, 3);
    assertThat(store.get("t/b/bloom-0")).containsExactly(1, 2, 3);
    assertThat(backing.reads()).isEqualTo(1);
    assertThat(store.hits()).isEqualTo(1);
    assertThat(store.misses()).isEqualTo(1);
  }

  @Test
  void getRange_ofCachedWholeObject_servedFromIt() {
    CachingObjectStore store = cache(1 << 20, 1024);
    backing.put("t/b/footer", new byte[] {1, 2, 3, 4, 5});
    store.get("t/b/footer");
    assertThat(store.getRange("t/b/footer", 3, 10)).containsExactly(4, 5);
    assertThat(store.size("t/b/footer")).isEqualTo(5);
    assertThat(backing.reads()).isEqualTo(1);
  }

  @Test
  void getRange_sameRangeTwice_cachedByKeyOffsetAndLength() {
    CachingObjectStore store = cache(1 << 20, 1024);
    backing.put("t/b/data", ObjectStoreContract.random(4096, 1));
    byte[] first = store.getRange("t/b/data", 100, 50);
    assertThat(store.getRange("t/b/data", 100, 50)).isEqualTo(first);
    store.getRange("t/b/data", 100, 51);
    assertThat(backing.reads()).isEqualTo(2);
    assertThat(store.hits()).isEqualTo(1);
  }

  @Test
  void get_objectAboveEntryLimit_neverCached() {
    CachingObjectStore store = cache(1 << 20, 100);
    backing.put("t/b/data.parquet", new byte[101]);
    store.get("t/b/data.parquet");
    store.get("t/b/data.parquet");
    store.getRange("t/b/data.parquet", 0, 101);
    assertThat(backing.reads()).isEqualTo(3);
    assertThat(store.cachedBytes()).isZero();
  }

  @Test
  void put_cachedKey_invalidatesWholeAndRanges() {
    CachingObjectStore store = cache(1 << 20, 1024);
    store.put("t/b/meta.json", new byte[] {1, 2, 3});
    store.get("t/b/meta.json");
    store.getRange("t/b/meta.json", 1, 1);
    store.put("t/b/meta.json", new byte[] {9, 8, 7});
    assertThat(store.get("t/b/meta.json")).containsExactly(9, 8, 7);
    assertThat(store.getRange("t/b/meta.json", 1, 1)).containsExactly(8);
  }

  @Test
  void delete_cachedKey_laterReadsNotFound() {
    CachingObjectStore store = cache(1 << 20, 1024);
    store.put("t/b/meta.json", new byte[] {1});
    store.get("t/b/meta.json");
    store.delete("t/b/meta.json");
    assertThatThrownBy(() -> store.get("t/b/meta.json"))
        .isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.exists("t/b/meta.json")).isFalse();
  }

  @Test
  void cache_overBudget_evictsToStayWithinMaxBytes() {
    CachingObjectStore store = cache(10_000, 2000);
    for (int i = 0; i < 20; i++) {
      backing.put("t/b/shard-" + i, new byte[1000]);
      store.get("t/b/shard-" + i);
    }
    assertThat(store.cachedBytes()).isPositive().isLessThanOrEqualTo(10_000);
  }

  @Test
  void cache_zeroBudget_cachesNothing() {
    CachingObjectStore store = cache(0, 1024);
    backing.put("t/b/x", new byte[] {1});
    store.get("t/b/x");
    store.get("t/b/x");
    assertThat(backing.reads()).isEqualTo(2);
  }

  @Test
  void get_afterExpiry_readsBackendAgain() {
    CachingObjectStore store = cache(1 << 20, 1024);
    backing.put("t/index.json.gz", new byte[] {1});
    store.get("t/index.json.gz");
    backing.put("t/index.json.gz", new byte[] {2}); // rewritten by another process
    assertThat(store.get("t/index.json.gz")).containsExactly(1);
    nanos.addAndGet(TTL.toNanos() + 1);
    assertThat(store.get("t/index.json.gz")).containsExactly(2);
  }

  @Test
  void get_returnedBytesModified_cacheUnaffected() {
    CachingObjectStore store = cache(1 << 20, 1024);
    backing.put("t/b/x", new byte[] {1, 2});
    store.get("t/b/x")[0] = 99;
    store.get("t/b/x")[0] = 98;
    assertThat(store.get("t/b/x")).containsExactly(1, 2);
  }

  @Test
  void get_missingKey_notFoundIsNotCached() {
    CachingObjectStore store = cache(1 << 20, 1024);
    assertThatThrownBy(() -> store.get("t/b/x")).isInstanceOf(ObjectNotFoundException.class);
    backing.put("t/b/x", new byte[] {5});
    assertThat(store.get("t/b/x")).containsExactly(5);
  }

  @Test
  void config_negativeBudget_rejectedNamingField() {
    assertThatThrownBy(() -> new CachingObjectStoreConfig(-1, 10, TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be >= 0, was -1");
  }
}
