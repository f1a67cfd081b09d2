package dev.skein.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Tenant and trace ids that try to address a path or key outside their tenant. */
final class HostileIds {

  /** Sent as X-Scope-OrgID; each must be refused with 400 / INVALID_ARGUMENT. */
  static final List<String> TENANTS =
      List.of(
          "../x",
          "..",
          ".",
          "a/b",
          "/abs",
          "a\\b",
          "%2e%2e",
          "..%2f..%2fx",
          "a|../x",
          "a|",
          "a b",
          "x".repeat(151),
          "a:b",
          "a*");

  /** Path segments in place of a trace id; each must be refused (400) or unrouted (404). */
  static final List<String> TRACE_IDS =
      List.of(
          "..%2F..%2Fx",
          "%2e%2e",
          "%2E%2E%2Fmeta.json",
          "a%2Fb",
          "abc%00",
          "abc%5C..%5Cx",
          "0123456789abcdef0123456789abcdef0",
          "zz",
          "%D9%A3");

  private HostileIds() {}

  /**
   * Nothing under the data directory got a name from a hostile id, and nothing was created next to
   * it (the data directory must be the only child of its own parent).
   */
  static void assertNothingOutside(Path dataDir) {
    try (Stream<Path> paths = Files.walk(dataDir)) {
      List<Path> all = paths.map(dataDir::relativize).toList();
      for (Path p : all) {
        for (Path segment : p) {
          assertThat(segment.toString())
              .as(p.toString())
              .doesNotContain("%", "..", "\\", "|", " ")
              .isNotIn("x", "abs", "b");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> siblings = Files.list(dataDir.getParent())) {
      assertThat(siblings).as("next to the data directory").containsExactly(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
