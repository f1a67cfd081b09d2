package dev.skein.server.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.server.ApiClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "skein.server.http-listen-port=0",
      "skein.data-dir=target/it-data",
      "skein.multitenancy-enabled=true"
    })
class MultitenantTraceApiIT {

  @Value("${local.server.port}")
  int port;

  HttpResponse<String> get(String path, String tenant) throws Exception {
    return new ApiClient(port).getText(path, "X-Scope-OrgID", tenant);
  }

  @Test
  void traceById_noTenantHeader_401() throws Exception {
    HttpResponse<String> response = get("/api/v2/traces/abc", null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("missing X-Scope-OrgID header");
  }

  @Test
  void traceById_invalidTenant_400() throws Exception {
    HttpResponse<String> response = get("/api/v2/traces/abc", "../etc");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("tenant id '../etc'");
  }

  @Test
  void traceById_validTenantNothingStored_200Empty() throws Exception {
    HttpResponse<String> response = get("/api/v2/traces/abc", "team-a|team-b");
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void echo_needsNoTenant() throws Exception {
    assertThat(get("/api/echo", null).statusCode()).isEqualTo(200);
  }
}
