package dev.skein.storage.backend;

/**
 * Validates object keys so that no key, whatever a client sent, can address anything outside the
 * store's root (a directory or a bucket prefix). Stateless.
 */
public final class ObjectKeys {

  /** The longest key accepted, well under S3's 1024-byte limit once a prefix is added. */
  public static final int MAX_LENGTH = 900;

  /**
   * The longest key segment accepted: the usual file-name limit (NAME_MAX) of local filesystems, so
   * that a key the local store accepts never fails later as "file name too long".
   */
  public static final int MAX_SEGMENT_LENGTH = 255;

  private ObjectKeys() {}

  /**
   * Returns {@code key} when it is a valid object key.
   *
   * @throws IllegalArgumentException naming the key and what is wrong with it
   */
  public static String validate(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("object key is empty");
    }
    if (key.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "object key is " + key.length() + " characters long, the limit is " + MAX_LENGTH);
    }
    if (key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("object key must not start or end with '/': " + key);
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("object key has an empty, '.' or '..' segment: " + key);
      }
      if (segment.length() > MAX_SEGMENT_LENGTH) {
        throw new IllegalArgumentException(
            "object key has a segment of "
                + segment.length()
                + " characters, the limit is "
                + MAX_SEGMENT_LENGTH
                + ": "
                + key);
      }
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == '/';
      if (!ok) {
        throw new IllegalArgumentException(
            "object key has character '"
                + c
                + "' at "
                + i
                + "; allowed: A-Z a-z 0-9 - _ . /: "
                + key);
      }
    }
    return key;
  }

  /**
   * Returns {@code prefix} when it is a valid list prefix: empty, or a valid key prefix that may
   * end with {@code /}.
   */
  public static String validatePrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    validate(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    return prefix;
  }
}
