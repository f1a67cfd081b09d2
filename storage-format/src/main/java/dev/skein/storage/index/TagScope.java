package dev.skein.storage.index;

/**
 * Where a tag lives: span intrinsics (name, status, kind), resource attributes, span attributes.
 */
public enum TagScope {
  /** Intrinsic span fields: {@code name}, {@code status} (unset/ok/error), {@code kind}. */
  INTRINSIC,
  /** Resource attributes, e.g. {@code service.name}. */
  RESOURCE,
  /** Span attributes, e.g. {@code http.request.method}. */
  SPAN
}
