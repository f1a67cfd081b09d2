package dev.skein.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints invalid configuration as a list of problems instead of a stack trace. */
public final class InvalidConfigFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConfigException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigException cause) {
    return new FailureAnalysis(
        "Skein " + cause.getMessage(),
        "Fix the properties above (application.yaml, SKEIN_* environment variables or"
            + " --skein.* flags); docs/configuration.md lists every property and its default.",
        cause);
  }
}
