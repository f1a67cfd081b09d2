package dev.skein.ingester.receiver;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/** The captured request bodies under src/test/resources/testdata, and an independent oracle. */
final class Testdata {

  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");

  private Testdata() {}

  static byte[] bytes(String name) {
    try (InputStream in = Testdata.class.getResourceAsStream("/testdata/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Decodes OTLP/JSON the slow, independent way: hex ids rewritten to base64, then protobuf's own
   * JsonFormat. Only for tests.
   */
  static ExportTraceServiceRequest oracle(String json) throws IOException {
    JsonElement tree = JsonParser.parseString(json);
    hexToBase64(tree);
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    JsonFormat.parser().ignoringUnknownFields().merge(tree.toString(), b);
    return b.build();
  }

  private static void hexToBase64(JsonElement e) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(Testdata::hexToBase64);
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      for (Map.Entry<String, JsonElement> f : o.entrySet()) {
        if (ID_FIELDS.contains(f.getKey()) && f.getValue().isJsonPrimitive()) {
          byte[] raw = HexFormat.of().parseHex(f.getValue().getAsString());
          f.setValue(new JsonPrimitive(Base64.getEncoder().encodeToString(raw)));
        } else {
          hexToBase64(f.getValue());
        }
      }
    }
  }
}
