package dev.skein.storage.tenant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockMetaJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes {@code index.json.gz}: gzip over {@code {"tenant", "createdAt", "live": [meta,
 * ...], "compacted": [{"compactedAt", "meta"}, ...]}}, each meta exactly as {@link BlockMetaJson}
 * writes it. Stateless and thread-safe.
 */
public final class TenantIndexJson {

  private static final JsonFactory JSON = new JsonFactory();

  private TenantIndexJson() {}

  /** The gzip-compressed JSON of {@code index}. */
  public static byte[] write(TenantIndex index) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (GZIPOutputStream gz = new GZIPOutputStream(out);
        JsonGenerator g = JSON.createGenerator(gz)) {
      g.writeStartObject();
      g.writeStringField("tenant", index.tenant());
      g.writeStringField("createdAt", index.createdAt().toString());
      g.writeArrayFieldStart("live");
      for (BlockMeta meta : index.live()) {
        g.writeRawValue(new String(BlockMetaJson.write(meta), StandardCharsets.UTF_8));
      }
      g.writeEndArray();
      g.writeArrayFieldStart("compacted");
      for (CompactedBlock c : index.compacted()) {
        g.writeStartObject();
        g.writeStringField("compactedAt", c.compactedAt().toString());
        g.writeFieldName("meta");
        g.writeRawValue(new String(BlockMetaJson.write(c.meta()), StandardCharsets.UTF_8));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses an index.
   *
   * @param objectKey where the bytes came from, for error messages
   * @throws CorruptBlockException when the bytes are not gzip, or the JSON is malformed or misses a
   *     field
   */
  public static TenantIndex read(String objectKey, byte[] gzipped) {
    byte[] json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      json = in.readAllBytes();
    } catch (IOException e) {
      throw new CorruptBlockException(objectKey, 0, "not a gzip stream: " + e.getMessage());
    }
    try (JsonParser p = JSON.createParser(json)) {
      expect(objectKey, p, p.nextToken(), JsonToken.START_OBJECT);
      String tenant = null;
      Instant createdAt = null;
      List<BlockMeta> live = new ArrayList<>();
      List<CompactedBlock> compacted = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "tenant" -> tenant = p.getText();
          case "createdAt" -> createdAt = instant(objectKey, p);
          case "live" -> {
            expect(objectKey, p, t, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              live.add(meta(objectKey, p, json));
            }
          }
          case "compacted" -> {
            expect(objectKey, p, t, JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
              compacted.add(compactedBlock(objectKey, p, json));
            }
          }
          default -> p.skipChildren();
        }
      }
      if (tenant == null || createdAt == null) {
        throw new CorruptBlockException(objectKey, 0, "index lacks tenant or createdAt");
      }
      return new TenantIndex(tenant, createdAt, live, compacted);
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getByteOffset();
      throw new CorruptBlockException(
          objectKey, offset, "malformed index: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static CompactedBlock compactedBlock(String key, JsonParser p, byte[] json)
      throws IOException {
    Instant at = null;
    BlockMeta meta = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("compactedAt")) {
        at = instant(key, p);
      } else if (name.equals("meta") && t == JsonToken.START_OBJECT) {
        meta = meta(key, p, json);
      } else {
        p.skipChildren();
      }
    }
    if (at == null || meta == null) {
      throw new CorruptBlockException(
          key, p.currentLocation().getByteOffset(), "compacted entry lacks compactedAt or meta");
    }
    return new CompactedBlock(meta, at);
  }

  /** Parses the object the parser stands on by handing its exact bytes to BlockMetaJson. */
  private static BlockMeta meta(String key, JsonParser p, byte[] json) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    p.skipChildren();
    int end = (int) p.currentLocation().getByteOffset();
    return BlockMetaJson.read(key + "@" + start, Arrays.copyOfRange(json, start, end));
  }

  private static Instant instant(String key, JsonParser p) throws IOException {
    try {
      return Instant.parse(p.getText());
    } catch (DateTimeParseException e) {
      throw new CorruptBlockException(
          key, p.currentTokenLocation().getByteOffset(), "bad instant " + p.getText());
    }
  }

  private static void expect(String key, JsonParser p, JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new CorruptBlockException(
          key,
          p.currentTokenLocation().getByteOffset(),
          "expected " + expected + " but found " + actual);
    }
  }
}
