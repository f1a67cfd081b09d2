package dev.skein.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of one run, in sections, rendered as a markdown table and as JSON. Not thread-safe:
 * fill it from one thread.
 */
public final class Report {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private record Row(String section, String metric, String value) {}

  private final String command;
  private final Instant started;
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();

  public Report(String command, Instant started) {
    this.command = command;
    this.started = started;
    json.put("command", command);
    json.put("started", started.toString());
  }

  /** Adds a number or string; {@code unit} is shown in the table and kept out of the JSON. */
  public Report add(String section, String metric, Object value, String unit) {
    sectionMap(section).put(metric, value);
    rows.add(new Row(section, metric, format(value) + (unit.isEmpty() ? "" : " " + unit)));
    return this;
  }

  /** Adds a value to the JSON only (configuration, raw details). */
  public Report addJsonOnly(String section, String metric, Object value) {
    sectionMap(section).put(metric, value);
    return this;
  }

  /** Adds a latency distribution as one row: p50 / p90 / p99 / max in ms (n samples). */
  public Report latency(String section, String metric, LatencyRecorder.Summary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", s.count());
    m.put("p50Ms", s.p50());
    m.put("p90Ms", s.p90());
    m.put("p99Ms", s.p99());
    m.put("maxMs", s.max());
    m.put("meanMs", s.mean());
    sectionMap(section).put(metric, m);
    rows.add(
        new Row(
            section,
            metric,
            String.format(
                Locale.ROOT,
                "p50 %.2f / p90 %.2f / p99 %.2f / max %.2f ms (n=%d)",
                s.p50(),
                s.p90(),
                s.p99(),
                s.max(),
                s.count())));
    return this;
  }

  /** The table, one row per metric. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Section | Metric | Value |\n|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.section())
          .append(" | ")
          .append(r.metric())
          .append(" | ")
          .append(r.value().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  public String json() {
    return JsonWriter.write(json);
  }

  /** Writes {@code <dir>/<command>-<UTC time>.json}, creating {@code dir}; returns the file. */
  public Path writeJson(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(command + "-" + FILE_TIME.format(started) + ".json");
    Files.writeString(file, json() + "\n");
    return file;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> sectionMap(String section) {
    return (Map<String, Object>) json.computeIfAbsent(section, k -> new LinkedHashMap<>());
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      double a = Math.abs(d);
      return a >= 1000
          ? String.format(Locale.ROOT, "%,.0f", d)
          : a >= 10 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.3f", d);
    }
    if (value instanceof Long || value instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", value);
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return "Report{command=" + command + ", rows=" + rows.size() + "}";
  }
}
