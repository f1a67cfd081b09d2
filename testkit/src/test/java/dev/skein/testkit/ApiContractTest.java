package dev.skein.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import dev.skein.api.OpenApi;
import org.junit.jupiter.api.Test;

class ApiContractTest {

  @Test
  void spec_loads() {
    try {
      OpenApiInteractionValidator.createForInlineApiSpecification(OpenApi.text()).build();
    } catch (OpenApiInteractionValidator.ApiLoadException e) {
      throw new AssertionError("openapi.yaml does not load: " + e.getParseMessages(), e);
    }
  }

  @Test
  void assertValid_matchingResponse_passes() {
    assertThatCode(
            () ->
                ApiContract.assertValid(
                    "GET",
                    "/api/status/buildinfo",
                    200,
                    "application/json",
                    "{\"version\":\"1\",\"revision\":\"r\",\"branch\":\"b\",\"buildUser\":\"u\","
                        + "\"buildDate\":\"d\",\"javaVersion\":\"21\"}"))
        .doesNotThrowAnyException();
  }

  @Test
  void assertValid_missingRequiredField_fails() {
    assertThatThrownBy(
            () ->
                ApiContract.assertValid(
                    "GET", "/api/status/buildinfo", 200, "application/json", "{\"version\":\"1\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("does not match openapi.yaml")
        .hasMessageContaining("revision");
  }

  @Test
  void assertValid_undocumentedStatus_fails() {
    assertThatThrownBy(
            () -> ApiContract.assertValid("GET", "/api/echo", 418, "text/plain", "teapot"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void assertValid_unknownPath_fails() {
    assertThatThrownBy(
            () -> ApiContract.assertValid("GET", "/api/nope", 200, "application/json", "{}"))
        .isInstanceOf(AssertionError.class);
  }
}
