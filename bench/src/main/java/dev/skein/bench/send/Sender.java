package dev.skein.bench.send;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one encoded OTLP export request. Implementations are thread-safe and never throw from
 * {@link #send}: every failure completes the future with a {@link SendResult}.
 */
public interface Sender extends AutoCloseable {

  /** Sends {@code body}; the future completes when the server answered or the call failed. */
  CompletableFuture<SendResult> send(byte[] body);

  @Override
  void close();
}
