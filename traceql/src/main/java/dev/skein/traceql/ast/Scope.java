package dev.skein.traceql.ast;

/** The scope of an attribute reference such as {@code span.http.method} or {@code .foo}. */
public enum Scope {
  /** {@code .name}: the span attribute, or the resource attribute when the span has none. */
  UNSCOPED(""),
  SPAN("span"),
  RESOURCE("resource"),
  EVENT("event"),
  LINK("link"),
  INSTRUMENTATION("instrumentation");

  private final String prefix;

  Scope(String prefix) {
    this.prefix = prefix;
  }

  /** The word before the dot, empty for {@link #UNSCOPED}. */
  public String prefix() {
    return prefix;
  }
}
