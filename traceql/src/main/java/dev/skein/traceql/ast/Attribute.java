package dev.skein.traceql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A reference to an attribute, e.g. {@code span.http.method}, {@code .foo}, {@code resource."a b"}.
 */
public record Attribute(Scope scope, String name) implements FieldExpr {
  /** Creates an attribute reference; {@code name} must not be empty. */
  public Attribute {
    requireNonNull(scope, "scope");
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }

  @Override
  public String toString() {
    return scope.prefix() + "." + Literals.attributeName(name);
  }
}
