package dev.skein.storage.block;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Bounds that every span a search can match satisfies, given by the caller (the querier derives
 * them from the conjunctive conditions of a TraceQL query). A reader uses them only to skip row
 * groups whose statistics prove that no span in them is within a bound; traces that continue into a
 * row group that is read are read whole, so results never change, only the work.
 *
 * @param bounds the bounds; every one must hold on a matching span
 */
public record SpanBounds(List<Bound> bounds) {

  /** No bounds: nothing is skipped. */
  public static final SpanBounds NONE = new SpanBounds(List.of());

  /** Copies the list. */
  public SpanBounds {
    bounds = List.copyOf(bounds);
  }

  /** A span column a bound can name. */
  public enum Field {
    /** The span name; bounded by {@link Bound#text}. */
    NAME,
    /** The raw OTLP status code (0 unset, 1 ok, 2 error). */
    STATUS_CODE,
    /** The raw OTLP span kind (1 internal ... 5 consumer). */
    KIND,
    /** End minus start in nanoseconds, negative values counting as 0. */
    DURATION_NANOS
  }

  /**
   * One bound: the field equals {@code text} (for {@link Field#NAME}), or lies within {@code [min,
   * max]} (the numeric fields).
   *
   * @param field the field
   * @param text the exact value, for text fields
   * @param min the least value, inclusive
   * @param max the greatest value, inclusive
   */
  public record Bound(Field field, @Nullable String text, long min, long max) {

    /** The field equals {@code value}. */
    public static Bound equalTo(Field field, String value) {
      return new Bound(field, value, 0, 0);
    }

    /** The field lies within {@code [min, max]}. */
    public static Bound within(Field field, long min, long max) {
      return new Bound(field, null, min, max);
    }
  }
}
