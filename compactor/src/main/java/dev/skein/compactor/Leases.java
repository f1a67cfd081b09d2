package dev.skein.compactor;

import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockMeta;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership of job inputs across compactors sharing a bucket, with nothing but conditional puts:
 * each input block gets a lease object created with {@link ObjectStore#putIfAbsent}. Leases are
 * taken in block-id order, so two compactors planning overlapping jobs cannot both win; an expired
 * lease (its owner presumed dead) or one of our own is taken over. See RATIONALE.md. Thread-safe.
 */
final class Leases {

  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

  private final ObjectStore store;
  private final String owner;
  private final Duration duration;
  private final Clock clock;

  Leases(ObjectStore store, String owner, Duration duration, Clock clock) {
    this.store = store;
    this.owner = owner;
    this.duration = duration;
    this.clock = clock;
  }

  /**
   * Takes a lease on every input of {@code job} for a job writing {@code output}.
   *
   * @return true when all are ours; false (holding none) when another live compactor owns one
   */
  boolean acquire(CompactionJob job, UUID output) {
    Lease mine = new Lease(owner, clock.instant().plus(duration), output, job.inputIds());
    byte[] bytes = mine.toJson();
    List<UUID> got = new ArrayList<>();
    for (UUID id : job.inputIds()) {
      String key = Lease.key(job.tenant(), id);
      if (store.putIfAbsent(key, bytes)) {
        got.add(id);
        continue;
      }
      Optional<Lease> existing = read(key);
      if (existing.isPresent()
          && !existing.get().owner().equals(owner)
          && existing.get().expiresAt().isAfter(clock.instant())) {
        release(job.tenant(), got, output);
        return false;
      }
      existing.ifPresent(l -> deleteUncommitted(job.tenant(), l.output()));
      store.delete(key);
      if (!store.putIfAbsent(key, bytes)) {
        release(job.tenant(), got, output);
        return false;
      }
      LOG.info("took over lease {} from {}", key, existing.map(Lease::owner).orElse("?"));
      got.add(id);
    }
    return true;
  }

  /** Whether every lease of {@code job} is still ours for {@code output}. */
  boolean stillOwned(CompactionJob job, UUID output) {
    for (UUID id : job.inputIds()) {
      Optional<Lease> l = read(Lease.key(job.tenant(), id));
      if (l.isEmpty() || !l.get().owner().equals(owner) || !l.get().output().equals(output)) {
        return false;
      }
    }
    return true;
  }

  /** Deletes the leases among {@code ids} that are ours for {@code output}. Best effort. */
  void release(String tenant, List<UUID> ids, UUID output) {
    for (UUID id : ids) {
      String key = Lease.key(tenant, id);
      try {
        Optional<Lease> l = read(key);
        if (l.isPresent() && l.get().owner().equals(owner) && l.get().output().equals(output)) {
          store.delete(key);
        }
      } catch (RuntimeException e) {
        LOG.warn("releasing lease {} failed; it expires on its own", key, e);
        return;
      }
    }
  }

  /**
   * Gives up a failed job: deletes what it uploaded of an uncommitted output, then its leases. When
   * the output was committed the leases stay, naming it, so the next cycle rolls the job forward;
   * when cleaning up fails, they stay too and whoever takes them over cleans up.
   */
  void abandon(CompactionJob job, UUID output) {
    try {
      if (store.exists(job.tenant() + "/" + output + "/" + BlockMeta.META_JSON)) {
        return;
      }
      deleteUncommitted(job.tenant(), output);
      release(job.tenant(), job.inputIds(), output);
    } catch (RuntimeException e) {
      LOG.warn("cleaning up after {} failed; its leases expire on their own", job, e);
    }
  }

  /**
   * The lease on a block, if any. Read as an unbounded range so that a caching decorator (which
   * keeps whole objects and small ranges, and would hide another compactor's takeover) passes the
   * read through to the store.
   */
  Optional<Lease> read(String key) {
    try {
      return Lease.parse(store.getRange(key, 0, Integer.MAX_VALUE));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Removes the objects of an output block a dead job left half-written (no meta.json, so no reader
   * ever saw it). A committed output is left alone.
   */
  private void deleteUncommitted(String tenant, UUID output) {
    String prefix = tenant + "/" + output + "/";
    if (store.exists(prefix + BlockMeta.META_JSON)) {
      return;
    }
    for (String key : store.list(prefix)) {
      store.delete(key);
    }
  }

  @Override
  public String toString() {
    return "Leases{owner=" + owner + ", duration=" + duration + "}";
  }
}
