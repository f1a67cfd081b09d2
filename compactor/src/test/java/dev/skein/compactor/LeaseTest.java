package dev.skein.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.storage.block.BlockMeta;
import dev.skein.testkit.InMemoryObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaseTest {

  final InMemoryObjectStore store = new InMemoryObjectStore();
  final TestBlocks.MutableClock clock = new TestBlocks.MutableClock(Instant.EPOCH);
  final Leases a = new Leases(store, "a", Duration.ofMinutes(10), clock);
  final Leases b = new Leases(store, "b", Duration.ofMinutes(10), clock);

  static CompactionJob job(BlockMeta... inputs) {
    return new CompactionJob("t", 0, 0, List.of(inputs));
  }

  @Test
  void lease_jsonRoundTrip_equal() {
    Lease l = new Lease("me", Instant.EPOCH, UUID.randomUUID(), List.of(UUID.randomUUID()));
    assertThat(Lease.parse(l.toJson())).contains(l);
    assertThat(Lease.parse("nonsense".getBytes())).isEmpty();
  }

  @Test
  void acquire_heldByLiveOther_refusedAndHoldsNothing() {
    BlockMeta x = PlannerTest.block(1, 0);
    BlockMeta y = PlannerTest.block(2, 0);
    BlockMeta z = PlannerTest.block(3, 0);
    assertThat(a.acquire(job(y), UUID.randomUUID())).isTrue();

    assertThat(b.acquire(job(x, y, z), UUID.randomUUID())).isFalse();

    assertThat(store.list("t/compactor-leases/")).containsExactly(Lease.key("t", y.blockId()));
  }

  @Test
  void acquire_expiredLease_takenOver() {
    BlockMeta x = PlannerTest.block(1, 0);
    UUID out = UUID.randomUUID();
    assertThat(a.acquire(job(x), UUID.randomUUID())).isTrue();
    clock.advance(Duration.ofMinutes(11));

    assertThat(b.acquire(job(x), out)).isTrue();

    assertThat(b.stillOwned(job(x), out)).isTrue();
    assertThat(a.read(Lease.key("t", x.blockId())))
        .hasValueSatisfying(l -> assertThat(l.owner()).isEqualTo("b"));
  }

  @Test
  void release_ownLeases_deleted() {
    BlockMeta x = PlannerTest.block(1, 0);
    UUID out = UUID.randomUUID();
    a.acquire(job(x), out);
    b.release("t", List.of(x.blockId()), out);
    assertThat(store.list("t/compactor-leases/")).hasSize(1);
    a.release("t", List.of(x.blockId()), out);
    assertThat(store.list("t/compactor-leases/")).isEmpty();
  }
}
