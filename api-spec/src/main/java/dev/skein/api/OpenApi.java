package dev.skein.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Access to {@code openapi.yaml}, the single source of truth for Skein's HTTP API. */
public final class OpenApi {

  /** Classpath location of the spec. */
  public static final String RESOURCE = "/api/openapi.yaml";

  private OpenApi() {}

  /** The spec as text. */
  public static String text() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RESOURCE, e);
    }
  }
}
