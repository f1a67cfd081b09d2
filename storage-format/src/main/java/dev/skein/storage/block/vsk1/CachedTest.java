package dev.skein.storage.block.vsk1;

import dev.skein.traceql.ast.Value;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A condition on the value of one column: for a dictionary-encoded page the value is decoded and
 * tested once per dictionary entry and the answer cached by dictionary id, so a row costs an array
 * lookup; plain values are tested per row. Not thread-safe.
 */
final class CachedTest implements RowTest {

  private static final byte UNKNOWN = 0;
  private static final byte FALSE = 1;
  private static final byte TRUE = 2;

  private final ColumnSlot slot;
  private final Function<ColumnSlot, @Nullable Value> value;
  private final Predicate<@Nullable Value> test;
  private byte[] cache = new byte[0];
  private int generation = -1;

  /**
   * Answers by value index in the span-shape table, for values that stand in a row's shape ({@link
   * ShapeSlots}): each distinct value is tested once.
   */
  private byte[] byShape = new byte[0];

  /**
   * Creates the test.
   *
   * @param value the TraceQL value of the slot's current (present) value
   */
  CachedTest(
      ColumnSlot slot,
      Function<ColumnSlot, @Nullable Value> value,
      Predicate<@Nullable Value> test) {
    this.slot = slot;
    this.value = value;
    this.test = test;
  }

  @Override
  public boolean test() {
    if (!slot.present()) {
      return test.test(null);
    }
    int shape = slot.shapeValueIndex();
    if (shape >= 0) {
      if (shape >= byShape.length) {
        byShape = java.util.Arrays.copyOf(byShape, Math.max(shape + 1, byShape.length * 2));
      }
      byte s = byShape[shape];
      if (s == UNKNOWN) {
        s = test.test(value.apply(slot)) ? TRUE : FALSE;
        byShape[shape] = s;
      }
      return s == TRUE;
    }
    int id = slot.dictionaryId();
    if (id < 0) {
      return test.test(value.apply(slot));
    }
    if (generation != slot.generation() || id >= cache.length) {
      cache = new byte[Math.max(slot.dictionarySize(), id + 1)];
      generation = slot.generation();
    }
    byte c = cache[id];
    if (c == UNKNOWN) {
      c = test.test(value.apply(slot)) ? TRUE : FALSE;
      cache[id] = c;
    }
    return c == TRUE;
  }
}
