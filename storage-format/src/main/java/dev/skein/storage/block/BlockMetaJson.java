package dev.skein.storage.block;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.skein.common.CorruptBlockException;
import dev.skein.trace.TraceId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads and writes {@code meta.json}. Unknown fields are ignored on read (newer writers may add
 * some); missing or malformed fields make the block unreadable. Stateless and thread-safe.
 */
public final class BlockMetaJson {

  private static final JsonFactory JSON = new JsonFactory();

  private BlockMetaJson() {}

  /** The JSON bytes of {@code meta}, UTF-8. */
  public static byte[] write(BlockMeta meta) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", meta.format());
      g.writeStringField("blockId", meta.blockId().toString());
      g.writeStringField("tenant", meta.tenant());
      g.writeStringField("minTraceId", meta.minTraceId().toHex());
      g.writeStringField("maxTraceId", meta.maxTraceId().toHex());
      g.writeNumberField("startTimeUnixNano", meta.startTimeUnixNano());
      g.writeNumberField("endTimeUnixNano", meta.endTimeUnixNano());
      g.writeNumberField("totalTraces", meta.totalTraces());
      g.writeNumberField("totalSpans", meta.totalSpans());
      g.writeNumberField("dataBytes", meta.dataBytes());
      g.writeNumberField("footerBytes", meta.footerBytes());
      g.writeNumberField("footerCrc32c", meta.footerCrc32c());
      g.writeNumberField("bloomBytes", meta.bloomBytes());
      g.writeNumberField("searchIndexBytes", meta.searchIndexBytes());
      g.writeNumberField("rowGroups", meta.rowGroups());
      g.writeNumberField("bloomShards", meta.bloomShards());
      g.writeNumberField("compactionLevel", meta.compactionLevel());
      g.writeNumberField("generation", meta.generation());
      g.writeStringField("createdAt", meta.createdAt().toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses {@code meta.json}.
   *
   * @param objectKey where the bytes came from, for error messages
   * @throws CorruptBlockException when the JSON is malformed, truncated or misses a field
   */
  public static BlockMeta read(String objectKey, byte[] json) {
    Map<String, Object> f = new HashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CorruptBlockException(objectKey, 0, "meta.json is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (t) {
          case VALUE_STRING -> f.put(name, p.getText());
          case VALUE_NUMBER_INT -> f.put(name, p.getLongValue());
          case START_OBJECT, START_ARRAY -> p.skipChildren();
          default -> {}
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new CorruptBlockException(
            objectKey, p.currentLocation().getByteOffset(), "malformed meta.json");
      }
      long end = p.currentLocation().getByteOffset();
      try {
        return new BlockMeta(
            UUID.fromString(str(objectKey, f, "blockId", end)),
            str(objectKey, f, "tenant", end),
            str(objectKey, f, "format", end),
            TraceId.parseHex(str(objectKey, f, "minTraceId", end)),
            TraceId.parseHex(str(objectKey, f, "maxTraceId", end)),
            num(objectKey, f, "startTimeUnixNano", end),
            num(objectKey, f, "endTimeUnixNano", end),
            num(objectKey, f, "totalTraces", end),
            num(objectKey, f, "totalSpans", end),
            num(objectKey, f, "dataBytes", end),
            num(objectKey, f, "footerBytes", end),
            num(objectKey, f, "footerCrc32c", end),
            num(objectKey, f, "bloomBytes", end),
            num(objectKey, f, "searchIndexBytes", end),
            Math.toIntExact(num(objectKey, f, "rowGroups", end)),
            Math.toIntExact(num(objectKey, f, "bloomShards", end)),
            Math.toIntExact(num(objectKey, f, "compactionLevel", end)),
            Math.toIntExact(num(objectKey, f, "generation", end)),
            Instant.parse(str(objectKey, f, "createdAt", end)));
      } catch (RuntimeException e) {
        if (e instanceof CorruptBlockException c) {
          throw c;
        }
        throw new CorruptBlockException(objectKey, 0, "invalid meta.json value: " + e.getMessage());
      }
    } catch (JsonProcessingException e) {
      long offset = e.getLocation() == null ? 0 : e.getLocation().getByteOffset();
      throw new CorruptBlockException(
          objectKey, offset, "malformed meta.json: " + e.getOriginalMessage());
    } catch (IOException e) {
      // the bytes are in memory: any other IOException is a decoding error, e.g. a bad UTF-32
      // byte-order mark (CharConversionException, found by BlockObjectsFuzzTest)
      throw new CorruptBlockException(objectKey, 0, "malformed meta.json: " + e.getMessage());
    }
  }

  private static String str(String key, Map<String, Object> f, String name, long offset) {
    if (f.get(name) instanceof String s) {
      return s;
    }
    throw new CorruptBlockException(key, offset, "meta.json lacks string field " + name);
  }

  private static long num(String key, Map<String, Object> f, String name, long offset) {
    if (f.get(name) instanceof Long l) {
      return l;
    }
    throw new CorruptBlockException(key, offset, "meta.json lacks number field " + name);
  }
}
