package dev.skein.server.config;

import java.util.List;

/**
 * The outcome of validating the configuration.
 *
 * @param problems invalid settings; any one of them stops startup
 * @param warnings legal but suspicious settings, logged at startup
 */
public record ConfigReport(List<String> problems, List<String> warnings) {

  /** Copies both lists. */
  public ConfigReport {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** Whether startup may go on. */
  public boolean valid() {
    return problems.isEmpty();
  }
}
