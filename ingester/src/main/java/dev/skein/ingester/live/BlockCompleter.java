package dev.skein.ingester.live;

import dev.skein.trace.Trace;
import java.io.IOException;
import java.util.Iterator;
import java.util.UUID;

/**
 * Turns the traces of a cut head block into a complete block in durable storage (a vsk1 block in
 * the object store). This is the seam between the ingester and the block format: the ingester cuts
 * head blocks and deletes their write-ahead-log segments only after {@link #complete} returned.
 *
 * <p>The ingester calls it from its flush workers ({@code skein.ingester.flush-workers}), retries
 * failures with backoff, and keeps answering for a completed block until complete-block-timeout.
 *
 * <p>Implementations must be thread-safe; the ingester may complete blocks of several tenants at
 * once.
 */
@FunctionalInterface
public interface BlockCompleter {

  /**
   * Writes one block and returns once it is durable (every object stored and the block known to the
   * tenant's block list). Throwing means nothing is durable: the ingester retries later with the
   * same block id and the same traces.
   *
   * @param tenant the block's tenant
   * @param blockId the block id, stable across retries
   * @param traces the traces in ascending trace-id order, each id once; read lazily from the
   *     write-ahead log, so callers should stream rather than collect them
   * @throws IOException when the block cannot be written or stored
   */
  void complete(String tenant, UUID blockId, Iterator<Trace> traces) throws IOException;
}
