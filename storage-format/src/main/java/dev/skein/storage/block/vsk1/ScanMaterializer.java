package dev.skein.storage.block.vsk1;

import java.util.Arrays;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.jspecify.annotations.Nullable;

/**
 * Materializes a projection of flat (top-level primitive) vsk1 columns into one reusable array of
 * values in projection order, for {@link Vsk1BlockReader#scan}: String for text, byte[] for binary,
 * Long, Integer, Double or Boolean for numbers, null when the row has no value. Not thread-safe.
 */
final class ScanMaterializer extends RecordMaterializer<@Nullable Object[]> {

  private final @Nullable Object[] values;
  private final GroupConverter root;

  /** Sets the values a row's span shape holds; null until built. */
  private @Nullable ShapeReplay shapes;

  /**
   * A materializer of {@code projection}, from a block whose span shapes are {@code shapes}: when
   * the projection has the {@code shape} column, the shape columns get the values their rows'
   * shapes hold.
   */
  ScanMaterializer(MessageType projection, ShapeTable shapes) {
    values = new Object[projection.getFieldCount()];
    Converter[] fields = new Converter[values.length];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = column(i, projection.getType(i).asPrimitiveType());
    }
    root =
        new GroupConverter() {
          @Override
          public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
          }

          @Override
          public void start() {
            Arrays.fill(values, null);
          }

          @Override
          public void end() {}
        };
    this.shapes = new ShapeReplay(shapes, projection, root);
  }

  private Converter column(int i, PrimitiveType type) {
    boolean text = type.getLogicalTypeAnnotation() != null;
    boolean shape = type.getName().equals("shape");
    return new PrimitiveConverter() {
      @Override
      public void addBinary(Binary value) {
        values[i] = text ? value.toStringUsingUTF8() : value.getBytes();
      }

      @Override
      public void addBoolean(boolean value) {
        values[i] = value;
      }

      @Override
      public void addDouble(double value) {
        values[i] = value;
      }

      @Override
      public void addInt(int value) {
        values[i] = value;
        if (shape && shapes != null) {
          shapes.apply(value);
        }
      }

      @Override
      public void addLong(long value) {
        values[i] = value;
      }
    };
  }

  @Override
  public @Nullable Object[] getCurrentRecord() {
    return values;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }
}
