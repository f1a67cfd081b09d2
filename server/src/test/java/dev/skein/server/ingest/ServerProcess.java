package dev.skein.server.ingest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts Skein as a separate JVM from the test classpath, as an operator would run it, and waits
 * for {@code /ready}. Used by the crash tests, which need real processes to SIGKILL.
 */
final class ServerProcess {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long READY_TIMEOUT_SECONDS = 240;

  private ServerProcess() {}

  /**
   * Launches a server JVM without waiting for it.
   *
   * @param dir where the log file {@code <name>.log} goes
   * @param name names the log file
   * @param args Skein flags ({@code --skein.…})
   */
  static Process launch(Path dir, String name, List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx256m");
    // several server JVMs share two cores in these tests: start fast, collect cheaply
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.skein.server.SkeinApplication");
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  /** Waits until the process answers 200 on {@code /ready} at {@code api}, or fails. */
  static void awaitReady(Process p, int api, Path dir, String name) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + p.exitValue() + "; see " + dir.resolve(name + ".log"));
      }
      try {
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        name + " did not become ready; see " + dir.resolve(name + ".log"));
  }

  /** Launches and waits for readiness. */
  static Process start(Path dir, String name, int api, List<String> args) throws Exception {
    Process p = launch(dir, name, args);
    awaitReady(p, api, dir, name);
    return p;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
