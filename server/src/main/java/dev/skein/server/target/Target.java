package dev.skein.server.target;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one Skein process is asked to be, set with {@code skein.target}. */
public enum Target {
  /** Every component in one process: the embedded default. */
  ALL,
  /** OTLP receivers and the distributor: accepts spans and hands them to a span sink. */
  DISTRIBUTOR,
  /** Write-ahead log, live traces, block building and flush; serves recent data. */
  INGESTER,
  /** Trace by id, search and tags over ingesters and blocks. */
  QUERIER,
  /** Merges blocks, enforces retention, writes the tenant index. */
  COMPACTOR;

  /** The lower-case name used in configuration, e.g. {@code querier}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The valid configuration names, comma separated, for error messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(Target::configName).collect(Collectors.joining(", "));
  }
}
