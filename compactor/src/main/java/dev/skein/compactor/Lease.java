package dev.skein.compactor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The content of a lease object {@code <tenant>/compactor-leases/<blockId>.json}: which compactor
 * owns the block as a job input until when, and which output block that job writes (so that a
 * successor can tell whether the job committed and roll it forward).
 *
 * @param owner the owning compactor's id
 * @param expiresAt when others may take the lease over
 * @param output the id of the output block the job writes
 * @param inputs every input block of the job
 */
record Lease(String owner, Instant expiresAt, UUID output, List<UUID> inputs) {

  static final String PREFIX = "compactor-leases/";

  private static final JsonFactory JSON = new JsonFactory();

  Lease {
    inputs = List.copyOf(inputs);
  }

  static String key(String tenant, UUID blockId) {
    return tenant + "/" + PREFIX + blockId + ".json";
  }

  byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("owner", owner);
      g.writeStringField("expiresAt", expiresAt.toString());
      g.writeStringField("output", output.toString());
      g.writeArrayFieldStart("inputs");
      for (UUID id : inputs) {
        g.writeString(id.toString());
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Parses a lease; empty when the bytes are not a lease (treated as an expired one). */
  static Optional<Lease> parse(byte[] json) {
    String owner = null;
    Instant expiresAt = null;
    UUID output = null;
    List<UUID> inputs = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "owner" -> owner = p.getText();
          case "expiresAt" -> expiresAt = Instant.parse(p.getText());
          case "output" -> output = UUID.fromString(p.getText());
          case "inputs" -> {
            if (t == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.VALUE_STRING) {
                inputs.add(UUID.fromString(p.getText()));
              }
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (owner == null || expiresAt == null || output == null) {
      return Optional.empty();
    }
    return Optional.of(new Lease(owner, expiresAt, output, inputs));
  }
}
