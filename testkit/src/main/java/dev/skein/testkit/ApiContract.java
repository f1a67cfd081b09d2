package dev.skein.testkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.skein.api.OpenApi;
import java.util.stream.Collectors;

/**
 * Checks HTTP responses against {@code api-spec/openapi.yaml}, the single source of truth of the
 * API: every integration test passes each response it receives through {@link #assertValid}.
 * Thread-safe.
 */
public final class ApiContract {

  private static final OpenApiInteractionValidator VALIDATOR =
      OpenApiInteractionValidator.createForInlineApiSpecification(OpenApi.text()).build();

  private ApiContract() {}

  /**
   * Fails when the response does not match the spec: unknown path or status, wrong content type, or
   * a JSON body that breaks the schema.
   *
   * @param method the HTTP method, e.g. GET
   * @param path the request path without the query string
   * @param status the response status
   * @param contentType the response content type, or null
   * @param body the response body as text (JSON or plain text); binary bodies are only checked to
   *     be present
   */
  public static void assertValid(
      String method, String path, int status, String contentType, String body) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    if (contentType != null) {
      response.withContentType(contentType);
      boolean text = contentType.startsWith("application/json") || contentType.startsWith("text/");
      // Binary bodies (protobuf) are declared as format: binary; only their presence is checked.
      response.withBody(text ? body : "<binary>");
    }
    ValidationReport report =
        VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response.build());
    if (report.hasErrors()) {
      throw new AssertionError(
          method
              + " "
              + path
              + " -> "
              + status
              + " does not match openapi.yaml:\n"
              + report.getMessages().stream()
                  .map(m -> "  - " + m.getMessage())
                  .collect(Collectors.joining("\n"))
              + "\nbody: "
              + body);
    }
  }
}
