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

  /**
   * Written out rather than generated: the record's bootstrapped {@code equals}/{@code hashCode}
   * ran as method-handle chains that the JIT left un-inlined on the block writer's index path (~3–6
   * % of a flush thread's samples). Same contract and the same hash as the generated ones.
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof TagValue t && type == t.type && value.equals(t.value));
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + value.hashCode();
  }

  @Override
  public int compareTo(TagValue o) {
    int c = type.compareTo(o.type);
    return c != 0 ? c : value.compareTo(o.value);
  }
}
