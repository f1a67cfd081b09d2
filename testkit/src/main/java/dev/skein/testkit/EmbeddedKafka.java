package dev.skein.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside the test
 * JVM on free loopback ports, with its log in a temporary directory. Close it to stop the broker
 * and delete the directory.
 *
 * <p>Starting fails with an exception, never silently: a test that cannot get its broker fails.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *   String servers = kafka.bootstrapServers(); // "127.0.0.1:port"
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaRaftServer server;
  private final Path logDir;
  private final int port;

  private EmbeddedKafka(KafkaRaftServer server, Path logDir, int port) {
    this.server = server;
    this.logDir = logDir;
    this.port = port;
  }

  /** Formats a fresh log directory and starts the broker; returns once it accepts clients. */
  public static EmbeddedKafka start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("skein-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka log directory", e);
    }
    int broker = freePort();
    int controller = freePort();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + broker + ",CONTROLLER://127.0.0.1:" + controller);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + broker);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
    try (PrintStream ps = new PrintStream(formatLog, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(ps)
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(1)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(dir.toString())
          .setDirectories(List.of(dir.toString()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .run();
    } catch (Exception e) {
      deleteQuietly(dir);
      throw new IllegalStateException(
          "cannot format the Kafka log directory: " + e.getMessage() + "\n" + formatLog, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw new IllegalStateException("cannot start the embedded Kafka broker", e);
    }
    return new EmbeddedKafka(server, dir, broker);
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:40123}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's log directory (one sub-directory per topic partition). */
  public Path logDir() {
    return logDir;
  }

  /** Stops the broker and deletes its log directory. */
  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      deleteQuietly(logDir);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka{" + bootstrapServers() + ", logDir=" + logDir + "}";
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
