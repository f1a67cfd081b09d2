package dev.skein.storage.backend;

import dev.skein.common.SkeinException;

/**
 * An object store operation failed for a reason other than not-found (network, permissions, full
 * disk). The message names the operation and key; the provider's exception is the cause.
 */
public final class ObjectStoreException extends SkeinException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception, e.g. {@code ("put t/b/meta.json", ioException)}. */
  public ObjectStoreException(String operationAndKey, Throwable cause) {
    super(operationAndKey + ": " + cause.getMessage(), cause);
  }
}
