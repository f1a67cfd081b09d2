package dev.skein.common;

/**
 * Stored bytes failed a check (magic, version, checksum, length). Names the object and offset so an
 * operator can find it; maps to HTTP 500 and gRPC DATA_LOSS.
 */
public class CorruptBlockException extends SkeinException {

  private static final long serialVersionUID = 1L;

  private final String objectKey;
  private final long offset;

  /**
   * Creates the exception.
   *
   * @param objectKey the object whose bytes are wrong
   * @param offset the byte offset where reading failed
   * @param problem what was wrong, for example "checksum mismatch"
   */
  public CorruptBlockException(String objectKey, long offset, String problem) {
    super(objectKey + " at offset " + offset + ": " + problem);
    this.objectKey = objectKey;
    this.offset = offset;
  }

  /** The object whose bytes are wrong. */
  public String objectKey() {
    return objectKey;
  }

  /** The byte offset where reading failed. */
  public long offset() {
    return offset;
  }
}
