package dev.skein.storage.backend;

import dev.skein.common.SkeinException;

/** No object exists at the key: the one not-found signal of every provider. */
public final class ObjectNotFoundException extends SkeinException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates the exception for {@code key}. */
  public ObjectNotFoundException(String key) {
    super("object not found: " + key);
    this.key = key;
  }

  /** The key that was not found. */
  public String key() {
    return key;
  }
}
