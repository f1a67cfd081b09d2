package dev.skein.storage.tenant;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of {@code meta.compacted.json}: {@code {"compactedAt":"<ISO-8601 instant>"}}. Its
 * presence alone hides the block; the time says when its objects may be deleted. Stateless.
 */
public final class CompactedMarker {

  private static final Pattern COMPACTED_AT =
      Pattern.compile("\"compactedAt\"\\s*:\\s*\"([^\"]+)\"");

  private CompactedMarker() {}

  /** The marker bytes for a block compacted at {@code compactedAt}. */
  public static byte[] write(Instant compactedAt) {
    return ("{\"compactedAt\":\"" + compactedAt + "\"}\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The compaction time in a marker, or empty when the marker is unreadable (e.g. {@code {}}). */
  public static Optional<Instant> read(byte[] marker) {
    Matcher m = COMPACTED_AT.matcher(new String(marker, StandardCharsets.UTF_8));
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(m.group(1)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
