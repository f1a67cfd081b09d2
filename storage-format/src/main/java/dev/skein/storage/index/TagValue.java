package dev.skein.storage.index;

import java.util.Objects;

/**
 * A typed tag value as the tag-value API reports it; ints, doubles and bools are kept in their
 * canonical string form ({@code Long.toString}, {@code Double.toString}, {@code true/false}).
 *
 * @param type the value's type
 * @param value the value as text
 */
public record TagValue(Type type, String value) implements Comparable<TagValue> {

  /** Value types. */
  public enum Type {
    STRING,
    INT,
    DOUBLE,
    BOOL
  }

  /** Checks references. */
  public TagValue {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
  }

  /** A string value. */
  public static TagValue string(String value) {
    return new TagValue(Type.STRING, value);
  }

  /** An int value. */
  public static TagValue ofInt(long value) {
    return new TagValue(Type.INT, Long.toString(value));
  }

  @Override
  public int compareTo(TagValue o) {
    int c = type.compareTo(o.type);
    return c != 0 ? c : value.compareTo(o.value);
  }
}
