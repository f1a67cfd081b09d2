package dev.skein.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.querier.tags.TagSource;
import dev.skein.querier.tags.TraceListTagSource;
import dev.skein.server.ApiClient;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Replays the tag requests Grafana's Tempo data source sends for autocomplete. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {"skein.server.http-listen-port=0", "skein.data-dir=target/it-data"})
class TagsApiIT {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Value("${local.server.port}")
  int port;

  @TestConfiguration
  static class Sources {
    @Bean
    TagSource memory() {
      return new TraceListTagSource(
          tenant ->
              List.of(
                  SearchApiIT.trace(1, "cart", 1_700_000_100L, 20, true),
                  SearchApiIT.trace(2, "shop", 1_700_000_200L, 20, false)));
    }
  }

  JsonNode get(String path) {
    HttpResponse<String> r = new ApiClient(port).getText(path);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void tagsV2_grafanaRequest_scopesWithIntrinsics() {
    JsonNode scopes = get("/api/v2/search/tags?limit=5000").get("scopes");
    assertThat(scopes.findValuesAsString("name")).contains("resource", "span", "intrinsic");
    assertThat(scopes.toString()).contains("service.name").contains("http.status_code");
  }

  @Test
  void tagValuesV2_grafanaRequest_typedValues() {
    JsonNode values =
        get("/api/v2/search/tag/resource.service.name/values?limit=5000").get("tagValues");
    assertThat(values).hasSize(2);
    assertThat(values.get(0).get("type").asString()).isEqualTo("string");
    assertThat(values.get(0).get("value").asString()).isEqualTo("cart");
  }

  @Test
  void tagValuesV2_intAttribute_typedInt() {
    JsonNode values = get("/api/v2/search/tag/span.http.status_code/values").get("tagValues");
    assertThat(values.findValuesAsString("type")).containsOnly("int");
    assertThat(values.findValuesAsString("value")).containsExactly("200", "500");
  }

  @Test
  void tagsV1_andValuesV1_flat() {
    assertThat(get("/api/search/tags").get("tagNames").toString()).contains("service.name");
    assertThat(get("/api/search/tag/service.name/values").get("tagValues").toString())
        .isEqualTo("[\"cart\",\"shop\"]");
  }

  @Test
  void tagValuesV2_invalidIdentifier_400() {
    HttpResponse<String> r = new ApiClient(port).getText("/api/v2/search/tag/app.user.id/values");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("is not a TraceQL identifier");
  }
}
