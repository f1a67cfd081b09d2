package dev.skein.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/configuration.md is generated from the configuration metadata that the javadoc of each
 * {@code skein.*} property produces. This test fails when the two drift apart; run it with {@code
 * -Dskein.docs.write=true} to regenerate the file.
 */
class ConfigurationDocsTest {

  static final Path METADATA =
      Path.of("target/classes/META-INF/spring-configuration-metadata.json");
  static final Path DOC = Path.of("../docs/configuration.md");

  @Test
  void configurationDoc_matchesPropertyMetadata() throws IOException {
    String expected = render(JsonMapper.builder().build().readTree(METADATA.toFile()));
    if (Boolean.getBoolean("skein.docs.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC))
        .as("docs/configuration.md is stale: run this test with -Dskein.docs.write=true")
        .isEqualTo(expected);
  }

  @Test
  void everyProperty_hasDescription() throws IOException {
    List<String> undocumented = new ArrayList<>();
    for (JsonNode p : JsonMapper.builder().build().readTree(METADATA.toFile()).get("properties")) {
      if (!p.has("description") || p.get("description").asString().isBlank()) {
        undocumented.add(p.get("name").asString());
      }
    }
    assertThat(undocumented).as("properties without javadoc").isEmpty();
  }

  static String render(JsonNode metadata) {
    Map<String, List<JsonNode>> sections = new TreeMap<>();
    for (JsonNode p : metadata.get("properties")) {
      String name = p.get("name").asString();
      if (!name.startsWith("skein.")) {
        continue;
      }
      String[] parts = name.split("\\.");
      String section = parts.length > 2 ? parts[0] + "." + parts[1] : "skein";
      sections.computeIfAbsent(section, k -> new ArrayList<>()).add(p);
    }
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("<!-- Generated from the javadoc of each property by ConfigurationDocsTest;")
        .append(" do not edit by hand. -->\n\n")
        .append("Every setting can be given in `application.yaml`, as an environment variable")
        .append(" (the form in the second column) or as a command-line flag")
        .append(" (`--skein.storage.backend=s3`). Invalid values stop startup with every")
        .append(" problem listed at once; legal but suspicious values log a warning.\n");
    for (Map.Entry<String, List<JsonNode>> section : sections.entrySet()) {
      out.append("\n## ").append(section.getKey()).append("\n\n");
      out.append("| property | environment variable | default | meaning |\n");
      out.append("|---|---|---|---|\n");
      section.getValue().stream()
          .sorted((a, b) -> a.get("name").asString().compareTo(b.get("name").asString()))
          .forEach(p -> row(out, p));
    }
    return out.toString();
  }

  static void row(StringBuilder out, JsonNode p) {
    String name = p.get("name").asString();
    String env = name.replace('.', '_').replace("-", "_").toUpperCase(Locale.ROOT);
    out.append("| `")
        .append(name)
        .append("` | `")
        .append(env)
        .append("` | ")
        .append(defaultValue(p))
        .append(" | ")
        .append(
            p.has("description")
                ? p.get("description").asString().replace("\n", " ").replace("|", "\\|")
                : "")
        .append(" |\n");
  }

  static String defaultValue(JsonNode p) {
    Object value = p.has("defaultValue") ? p.get("defaultValue").asString() : defaultFromCode(p);
    if (value == null) {
      return "(none)";
    }
    String text = value instanceof Duration d ? format(d) : String.valueOf(value);
    return text.isEmpty() ? "(empty)" : "`" + text + "`";
  }

  /**
   * Defaults written as constants of another class (QuerierConfig.DEFAULT_*) are invisible to the
   * metadata processor; read them from a fresh instance of the properties class instead.
   */
  static Object defaultFromCode(JsonNode p) {
    String name = p.get("name").asString();
    String last = name.substring(name.lastIndexOf('.') + 1);
    StringBuilder field = new StringBuilder();
    boolean upper = false;
    for (char c : last.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        field.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    try {
      Class<?> type = Class.forName(p.get("sourceType").asString());
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      Object instance = constructor.newInstance();
      var f = type.getDeclaredField(field.toString());
      f.setAccessible(true);
      return f.get(instance);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the default of " + name, e);
    }
  }

  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
