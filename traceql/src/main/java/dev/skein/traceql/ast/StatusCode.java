package dev.skein.traceql.ast;

import java.util.Locale;

/** A span status code, as written in TraceQL ({@code ok}, {@code error}, {@code unset}). */
public enum StatusCode {
  UNSET,
  OK,
  ERROR;

  /** Returns the TraceQL keyword for this status, for example {@code error}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
