package dev.skein.storage.block.vsk1;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Materializes each row as events appended to a {@link CapturedRows} buffer ({@link #target}),
 * without interpreting any column: the rows of a trace can then be copied verbatim to another file
 * or decoded. Not thread-safe: one per read.
 */
final class CaptureMaterializer extends RecordMaterializer<CapturedRows> {

  private final Group root;
  private CapturedRows target;

  CaptureMaterializer(MessageType schema, CapturedRows target) {
    this.target = target;
    this.root = new Group(schema, -1);
  }

  /** Where the next rows go. */
  void target(CapturedRows rows) {
    this.target = rows;
  }

  @Override
  public CapturedRows getCurrentRecord() {
    return target;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  /** A group (the root when {@code field} is -1): its start and end become events. */
  private final class Group extends GroupConverter {
    private final int field;
    private final Converter[] children;

    Group(GroupType type, int field) {
      this.field = field;
      children = new Converter[type.getFieldCount()];
      for (int i = 0; i < children.length; i++) {
        children[i] =
            type.getType(i).isPrimitive()
                ? new Value(i)
                : new Group(type.getType(i).asGroupType(), i);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {
      if (field < 0) {
        target.startRow();
      } else {
        target.startGroup(field);
      }
    }

    @Override
    public void end() {
      if (field >= 0) {
        target.endGroup();
      }
    }
  }

  /** One primitive field: each value becomes an event. */
  private final class Value extends PrimitiveConverter {
    private final int field;

    Value(int field) {
      this.field = field;
    }

    @Override
    public void addBinary(Binary value) {
      target.addBinary(field, value);
    }

    @Override
    public void addBoolean(boolean value) {
      target.addBoolean(field, value);
    }

    @Override
    public void addDouble(double value) {
      target.addDouble(field, value);
    }

    @Override
    public void addFloat(float value) {
      target.addFloat(field, value);
    }

    @Override
    public void addInt(int value) {
      target.addInt(field, value);
    }

    @Override
    public void addLong(long value) {
      target.addLong(field, value);
    }
  }
}
