package dev.skein.traceql.ast;

import java.util.Locale;

/** A span kind, as written in TraceQL ({@code server}, {@code client}, ...). */
public enum SpanKind {
  UNSPECIFIED,
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER;

  /** Returns the TraceQL keyword for this kind, for example {@code server}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
