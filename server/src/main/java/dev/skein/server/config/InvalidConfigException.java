package dev.skein.server.config;

import java.util.List;

/** Startup stops because the configuration is invalid; carries every problem found. */
public final class InvalidConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** Creates the exception from a non-empty list of problems. */
  public InvalidConfigException(List<String> problems) {
    super(
        "invalid configuration ("
            + problems.size()
            + " problem"
            + (problems.size() == 1 ? "" : "s")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, each naming a property and its value. */
  public List<String> problems() {
    return problems;
  }
}
