package dev.skein.server;

import dev.skein.testkit.ApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A small HTTP client for integration tests that checks every response it receives against
 * openapi.yaml before handing it to the test.
 */
public final class ApiClient {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int port;

  public ApiClient(int port) {
    this.port = port;
  }

  /** GET {@code pathAndQuery} with optional headers given as name, value pairs. */
  public HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
    HttpResponse<byte[]> response = send(pathAndQuery, headers);
    String path = URI.create(pathAndQuery).getPath();
    ApiContract.assertValid(
        "GET",
        path,
        response.statusCode(),
        response.headers().firstValue("content-type").orElse(null),
        new String(response.body(), StandardCharsets.UTF_8));
    return response;
  }

  /** POST an empty body to {@code pathAndQuery}; the answer is checked like a GET's. */
  public HttpResponse<String> post(String pathAndQuery) {
    HttpResponse<byte[]> response;
    try {
      response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("POST " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    ApiContract.assertValid(
        "POST",
        URI.create(pathAndQuery).getPath(),
        response.statusCode(),
        response.headers().firstValue("content-type").orElse(null),
        new String(response.body(), StandardCharsets.UTF_8));
    return new TextResponse(response);
  }

  /** GET a path that is deliberately not in the spec (to test unknown endpoints). */
  public HttpResponse<String> getOutsideSpec(String pathAndQuery) {
    return new TextResponse(send(pathAndQuery));
  }

  private HttpResponse<byte[]> send(String pathAndQuery, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        request.header(headers[i], headers[i + 1]);
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("GET " + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return response;
  }

  /** GET returning the body as text. */
  public HttpResponse<String> getText(String pathAndQuery, String... headers) {
    HttpResponse<byte[]> r = get(pathAndQuery, headers);
    return new TextResponse(r);
  }

  private record TextResponse(HttpResponse<byte[]> raw) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return raw.statusCode();
    }

    @Override
    public HttpRequest request() {
      return raw.request();
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return raw.headers();
    }

    @Override
    public String body() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return raw.sslSession();
    }

    @Override
    public URI uri() {
      return raw.uri();
    }

    @Override
    public HttpClient.Version version() {
      return raw.version();
    }
  }
}
