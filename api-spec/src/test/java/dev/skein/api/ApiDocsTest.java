package dev.skein.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/api.md is generated from openapi.yaml. This test fails when they drift apart; run it with
 * {@code -Dskein.docs.write=true} to regenerate the file.
 */
class ApiDocsTest {

  static final Path DOC = Path.of("../docs/api.md");

  @Test
  void apiDoc_matchesOpenApi() throws IOException {
    String expected = render(new Yaml().load(OpenApi.text()));
    if (Boolean.getBoolean("skein.docs.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(DOC))
        .as("docs/api.md is stale: run ApiDocsTest with -Dskein.docs.write=true")
        .isEqualTo(expected);
  }

  @Test
  void everyOperation_hasSummaryAndResponses() {
    Map<String, Object> spec = new Yaml().load(OpenApi.text());
    paths(spec)
        .forEach(
            (path, ops) ->
                ops.forEach(
                    (method, op) -> {
                      assertThat(op).as(method + " " + path).containsKeys("summary", "responses");
                    }));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Map<String, Object>>> paths(Map<String, Object> spec) {
    return (Map<String, Map<String, Map<String, Object>>>) spec.get("paths");
  }

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> spec) {
    Map<String, Object> info = (Map<String, Object>) spec.get("info");
    StringBuilder out = new StringBuilder("# HTTP API reference\n\n");
    out.append("<!-- Generated from api-spec/src/main/resources/api/openapi.yaml by ApiDocsTest;")
        .append(" do not edit by hand. -->\n\n")
        .append(String.valueOf(info.get("description")).strip())
        .append("\n");
    paths(spec)
        .forEach(
            (path, ops) ->
                ops.forEach(
                    (method, op) -> {
                      out.append("\n## `").append(method.toUpperCase()).append(' ').append(path);
                      out.append("`\n\n").append(op.get("summary")).append(".\n");
                      if (op.get("description") != null) {
                        out.append('\n').append(String.valueOf(op.get("description")).strip());
                        out.append('\n');
                      }
                      List<Map<String, Object>> params =
                          (List<Map<String, Object>>) op.getOrDefault("parameters", List.of());
                      if (!params.isEmpty()) {
                        out.append(
                            "\n| parameter | in | required | meaning |\n|---|---|---|---|\n");
                        for (Map<String, Object> ref : params) {
                          Map<String, Object> p = resolve(spec, ref);
                          out.append("| `")
                              .append(p.get("name"))
                              .append("` | ")
                              .append(p.get("in"));
                          out.append(" | ").append(Boolean.TRUE.equals(p.get("required")));
                          out.append(" | ")
                              .append(
                                  String.valueOf(p.get("description")).strip().replace("|", "\\|"));
                          out.append(" |\n");
                        }
                      }
                      out.append("\n| status | meaning |\n|---|---|\n");
                      ((Map<String, Map<String, Object>>) op.get("responses"))
                          .forEach(
                              (code, r) ->
                                  out.append("| ")
                                      .append(code)
                                      .append(" | ")
                                      .append(String.valueOf(r.get("description")).strip())
                                      .append(" |\n"));
                    }));
    return out.toString();
  }

  /** Follows a local {@code $ref} such as {@code #/components/parameters/TraceId}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> resolve(Map<String, Object> spec, Map<String, Object> node) {
    if (!(node.get("$ref") instanceof String ref) || !ref.startsWith("#/")) {
      return node;
    }
    Object target = spec;
    for (String part : ref.substring(2).split("/")) {
      target = ((Map<String, Object>) target).get(part);
    }
    return (Map<String, Object>) target;
  }
}
