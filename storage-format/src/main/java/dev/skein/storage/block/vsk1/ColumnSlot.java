package dev.skein.storage.block.vsk1;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;

/**
 * The current value of one leaf column, as its column reader writes it: for a dictionary-encoded
 * page only the dictionary id (so tests can be evaluated once per dictionary entry and cached by
 * id), else the plain value. Not thread-safe.
 */
final class ColumnSlot extends PrimitiveConverter {

  private final ColumnDescriptor descriptor;
  private @Nullable Dictionary dictionary;
  private int dictionaryId = -1;
  private boolean present;
  private @Nullable Binary binary;
  private long number;
  private double dbl;

  /**
   * Index of the slot's value among its column's distinct values in the block's span-shape table
   * when the value came from the row's shape ({@link ShapeSlots}), else -1 (read from the column).
   */
  private int shape = -1;

  /** Bumped whenever the dictionary changes, so caches keyed by dictionary id can be reset. */
  private int generation;

  ColumnSlot(ColumnDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  ColumnDescriptor descriptor() {
    return descriptor;
  }

  /**
   * Reads the reader's current value into this slot (absent when the value is null at this
   * definition level) without consuming it.
   */
  void load(ColumnReader reader) {
    shape = -1;
    if (reader.getCurrentDefinitionLevel() == descriptor.getMaxDefinitionLevel()) {
      reader.writeCurrentValueToConverter();
      present = true;
    } else {
      present = false;
      dictionaryId = -1;
    }
  }

  /**
   * Moves the reader to its next value, skipping the current one if it was not read (parquet-java's
   * {@code consume()} alone would leave an unread value to the next read).
   */
  void consume(ColumnReader reader) {
    if (reader.getCurrentDefinitionLevel() == descriptor.getMaxDefinitionLevel()) {
      reader.skip();
    }
    reader.consume();
  }

  boolean present() {
    return present;
  }

  /**
   * Sets the slot to a value the row's span shape holds for this column (null: absent, with index
   * -1), replacing what {@link #load} read ({@link ShapeSlots}).
   *
   * @param valueIndex the value's index among the column's distinct values in the shape table
   */
  void shapeValue(int valueIndex, @Nullable Object value) {
    shape = value == null ? -1 : valueIndex;
    dictionaryId = -1;
    present = value != null;
    switch (value) {
      case null -> {}
      case Binary b -> binary = b;
      case Integer i -> number = i;
      case Long l -> number = l;
      default -> throw new IllegalArgumentException("not a shape value: " + value.getClass());
    }
  }

  /**
   * The index of the current value among the column's distinct shape-table values when it came from
   * the row's span shape, or -1 when it was read from the column (or is absent).
   */
  int shapeValueIndex() {
    return shape;
  }

  /** The dictionary id of the current value, or -1 when it is plain-encoded or absent. */
  int dictionaryId() {
    return dictionaryId;
  }

  int generation() {
    return generation;
  }

  /** The size of the current dictionary, 0 when none. */
  int dictionarySize() {
    return dictionary == null ? 0 : dictionary.getMaxId() + 1;
  }

  Binary binary() {
    return dictionaryId >= 0 ? dictionary.decodeToBinary(dictionaryId) : binary;
  }

  long longValue() {
    if (dictionaryId < 0) {
      return number;
    }
    return descriptor.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32
        ? dictionary.decodeToInt(dictionaryId)
        : dictionary.decodeToLong(dictionaryId);
  }

  double doubleValue() {
    return dictionaryId >= 0 ? dictionary.decodeToDouble(dictionaryId) : dbl;
  }

  @Override
  public boolean hasDictionarySupport() {
    return true;
  }

  @Override
  public void setDictionary(Dictionary dictionary) {
    this.dictionary = dictionary;
    generation++;
  }

  @Override
  public void addValueFromDictionary(int dictionaryId) {
    this.dictionaryId = dictionaryId;
  }

  @Override
  public void addBinary(Binary value) {
    dictionaryId = -1;
    binary = value;
  }

  @Override
  public void addInt(int value) {
    dictionaryId = -1;
    number = value;
  }

  @Override
  public void addLong(long value) {
    dictionaryId = -1;
    number = value;
  }

  @Override
  public void addDouble(double value) {
    dictionaryId = -1;
    dbl = value;
  }

  @Override
  public void addBoolean(boolean value) {
    dictionaryId = -1;
    number = value ? 1 : 0;
  }

  /** One slot per leaf column of {@code schema}, and the converter tree that feeds them. */
  record Tree(GroupConverter root, Map<ColumnPath, ColumnSlot> slots) {

    static Tree of(MessageType schema) {
      Map<ColumnPath, ColumnSlot> slots = new HashMap<>();
      for (ColumnDescriptor c : schema.getColumns()) {
        slots.put(ColumnPath.get(c.getPath()), new ColumnSlot(c));
      }
      return new Tree(group(schema, List.of(), slots), slots);
    }

    /** A tree over {@code narrower} (a projection of this tree's schema) sharing its slots. */
    Tree narrowed(MessageType narrower) {
      Map<ColumnPath, ColumnSlot> shared = new HashMap<>();
      for (ColumnDescriptor c : narrower.getColumns()) {
        ColumnPath p = ColumnPath.get(c.getPath());
        shared.put(p, slots.get(p));
      }
      return new Tree(group(narrower, List.of(), shared), shared);
    }

    boolean has(String... path) {
      return slots.containsKey(ColumnPath.get(path));
    }

    ColumnSlot slot(String... path) {
      ColumnSlot s = slots.get(ColumnPath.get(path));
      if (s == null) {
        throw new IllegalArgumentException("column " + String.join(".", path) + " not projected");
      }
      return s;
    }

    private static GroupConverter group(
        GroupType type, List<String> prefix, Map<ColumnPath, ColumnSlot> slots) {
      Converter[] children = new Converter[type.getFieldCount()];
      for (int i = 0; i < children.length; i++) {
        Type t = type.getType(i);
        List<String> path = new java.util.ArrayList<>(prefix);
        path.add(t.getName());
        children[i] =
            t.isPrimitive()
                ? slots.get(ColumnPath.get(path.toArray(String[]::new)))
                : group(t.asGroupType(), path, slots);
      }
      return new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return children[fieldIndex];
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
      };
    }
  }
}
