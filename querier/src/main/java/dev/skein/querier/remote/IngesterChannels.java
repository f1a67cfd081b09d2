package dev.skein.querier.remote;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One gRPC channel per known ingester, created on first use and shut down when the ingester leaves
 * discovery. A channel reconnects by itself, so a restarted ingester is asked again without any
 * action here. Thread-safe.
 */
final class IngesterChannels implements AutoCloseable {

  private final Function<IngesterEndpoint, ManagedChannel> factory;
  private final Map<IngesterEndpoint, ManagedChannel> channels = new ConcurrentHashMap<>();

  IngesterChannels(Function<IngesterEndpoint, ManagedChannel> factory) {
    this.factory = factory;
  }

  /** Plain-text channels (the query port is internal), accepting messages up to {@code bytes}. */
  static Function<IngesterEndpoint, ManagedChannel> plaintext(int maxMessageBytes) {
    return e ->
        Grpc.newChannelBuilderForAddress(e.host(), e.port(), InsecureChannelCredentials.create())
            .maxInboundMessageSize(maxMessageBytes)
            .build();
  }

  ManagedChannel get(IngesterEndpoint endpoint) {
    return channels.computeIfAbsent(endpoint, factory);
  }

  /** Shuts down the channels of ingesters no longer in {@code current}. */
  void retain(Collection<IngesterEndpoint> current) {
    for (IngesterEndpoint gone : new HashSet<>(channels.keySet())) {
      if (!current.contains(gone)) {
        ManagedChannel channel = channels.remove(gone);
        if (channel != null) {
          channel.shutdown();
        }
      }
    }
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel channel : channels.values()) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    channels.clear();
  }
}
