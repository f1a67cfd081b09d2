package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.CorruptBlockException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

class ShapeTableTest {

  private static final List<ShapeColumn> COLUMNS = ShapeColumn.ALL;
  private static final String OBJECT = "single-tenant/b1/data.parquet";
  private static final long FOOTER = 123_456;

  private static final int NAME = index("name");
  private static final int KIND = index("kind");
  private static final int ROUTE = index("span_http_route");
  private static final int STATUS = index("span_http_response_status_code");

  @Test
  void everyRowReadsBackItsValues_fromShapeOrColumn_beforeAndAfterEncoding() {
    Random random = new Random(7);
    ShapeBuilder builder = new ShapeBuilder(ShapeLimits.DEFAULT);
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 5_000; r++) {
      rows.add(randomRow(random, 40));
    }
    List<Written> written = write(builder, rows);
    ShapeTable decoded = roundTrip(builder.table());

    for (ShapeTable table : List.of(builder.table(), decoded)) {
      for (int r = 0; r < rows.size(); r++) {
        assertThat(read(table, written.get(r))).as("row %d", r).containsExactly(rows.get(r));
      }
    }
    assertThat(decoded.size()).isEqualTo(builder.table().size());
  }

  @Test
  void aColumnPastItsLimit_goesToItsRealColumnFromThatRowOn() {
    ShapeBuilder builder = new ShapeBuilder(new ShapeLimits(4, 4, 1_000, 1 << 20));
    List<Written> written = new ArrayList<>();
    for (int r = 0; r < 10; r++) {
      Object[] row = row();
      row[NAME] = bin("GET /cart");
      row[ROUTE] = bin("/route/" + r);
      written.add(shape(builder, row));
    }
    ShapeTable table = builder.table();
    for (int r = 0; r < 10; r++) {
      Written w = written.get(r);
      assertThat(w.column[NAME]).as("name is in the shape on row %d", r).isNull();
      if (r < 4) {
        assertThat(w.column[ROUTE]).as("row %d", r).isNull();
        assertThat(table.cell(w.ordinal, ROUTE)).isEqualTo(bin("/route/" + r));
      } else {
        assertThat(w.column[ROUTE]).as("row %d", r).isEqualTo(bin("/route/" + r));
        assertThat(table.cell(w.ordinal, ROUTE)).isSameAs(ShapeTable.IN_COLUMN);
      }
    }
    assertThat(builder.spilled(ROUTE)).isTrue();
    assertThat(builder.spilled(NAME)).isFalse();
    // 4 rows with their own route, then one shape for all spilled rows
    assertThat(table.size()).isEqualTo(1 + 4 + 1);
  }

  @Test
  void everyColumnHighCardinality_keepsTheTableSmall_andEveryValueInItsColumn() {
    ShapeLimits limits = ShapeLimits.DEFAULT;
    ShapeBuilder builder = new ShapeBuilder(limits);
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 20_000; r++) {
      Object[] row = row();
      for (int c = 0; c < row.length; c++) {
        row[c] = value(COLUMNS.get(c), r);
      }
      rows.add(row);
    }
    List<Written> written = write(builder, rows);
    ShapeTable table = builder.table();

    // each column spills after its limit: at most one new shape per row until then, one after
    assertThat(table.size()).isLessThanOrEqualTo(limits.intrinsicValues() + 2);
    long inColumn =
        written.stream().skip(limits.intrinsicValues()).filter(w -> allInColumn(w)).count();
    assertThat(inColumn).isEqualTo(rows.size() - limits.intrinsicValues());
    for (int r = 0; r < rows.size(); r++) {
      assertThat(read(table, written.get(r))).containsExactly(rows.get(r));
    }
    assertThat(ShapeTableCodec.encode(table).length()).isLessThan(200_000);
  }

  @Test
  void aFullTable_givesNewTuplesShapeZero_withEveryValueInItsColumn() {
    ShapeBuilder builder = new ShapeBuilder(new ShapeLimits(16, 16, 10, 1 << 20));
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 200; r++) {
      Object[] row = row();
      row[NAME] = bin("op" + (r % 15));
      row[KIND] = r % 5;
      rows.add(row);
    }
    List<Written> written = write(builder, rows);
    ShapeTable table = builder.table();

    assertThat(table.size()).isEqualTo(10);
    assertThat(builder.fallbackRows()).isPositive();
    long zero = written.stream().filter(w -> w.ordinal == ShapeTable.ALL_IN_COLUMNS).count();
    assertThat(zero).isEqualTo(builder.fallbackRows());
    for (int r = 0; r < rows.size(); r++) {
      assertThat(read(table, written.get(r))).containsExactly(rows.get(r));
    }
  }

  @Test
  void theValueByteBudget_spillsTheColumnThatWouldPassIt() {
    ShapeBuilder builder = new ShapeBuilder(new ShapeLimits(16, 16, 1_000, 100));
    Object[] first = row();
    first[NAME] = bin("x".repeat(90));
    Object[] second = row();
    second[NAME] = bin("y".repeat(20));
    Written a = shape(builder, first);
    Written b = shape(builder, second);

    assertThat(a.column[NAME]).isNull();
    assertThat(b.column[NAME]).isEqualTo(bin("y".repeat(20)));
    assertThat(builder.valueBytes()).isEqualTo(90);
  }

  @Test
  void noShapes_everyRowShapeZero_valuesUntouched() {
    ShapeBuilder builder = new ShapeBuilder(ShapeLimits.NONE);
    Object[] row = row();
    row[NAME] = bin("GET");
    Written w = shape(builder, row);
    assertThat(w.ordinal).isZero();
    assertThat(w.column[NAME]).isEqualTo(bin("GET"));
    assertThat(builder.table().size()).isEqualTo(1);
    assertThat(roundTrip(builder.table()).size()).isEqualTo(1);
  }

  @Test
  void valuesOfShapes_leaveInColumnShapesToTheColumnStatistics() {
    ShapeBuilder builder = new ShapeBuilder(new ShapeLimits(2, 16, 1_000, 1 << 20));
    int a = shape(builder, withStatus(200L)).ordinal;
    int b = shape(builder, withStatus(500L)).ordinal;
    shape(builder, withStatus(404L)); // third value: spills
    int d = shape(builder, row()).ordinal; // absent
    ShapeTable table = builder.table();

    assertThat(table.valuesOfShapes(STATUS, a, b)).containsExactly(200L, 500L);
    assertThat(table.valuesOfShapes(STATUS, b, d))
        .as("c keeps it in the column")
        .containsExactly(500L);
    assertThat(table.valuesOfShapes(STATUS, 0, 0)).as("shape 0 is in the column").isEmpty();
  }

  @Test
  void extremeIntsAndLongs_surviveEncoding() {
    ShapeBuilder builder = new ShapeBuilder(ShapeLimits.DEFAULT);
    List<Object[]> rows = new ArrayList<>();
    for (int x : new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}) {
      Object[] row = row();
      row[KIND] = x;
      row[STATUS] = (long) x * 3 - (x < 0 ? Long.MAX_VALUE / 2 : 0);
      rows.add(row);
    }
    List<Written> written = write(builder, rows);
    ShapeTable decoded = roundTrip(builder.table());
    for (int r = 0; r < rows.size(); r++) {
      assertThat(read(decoded, written.get(r))).containsExactly(rows.get(r));
    }
  }

  @Test
  void everyFlippedByte_isACorruptBlockExceptionNamingTheObjectAndFooter() {
    ShapeBuilder builder = new ShapeBuilder(ShapeLimits.DEFAULT);
    write(builder, List.of(randomRow(new Random(1), 5), randomRow(new Random(2), 5)));
    byte[] framed = Base64.getDecoder().decode(ShapeTableCodec.encode(builder.table()));
    for (int i = 0; i < framed.length; i++) {
      byte[] bad = framed.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      String value = Base64.getEncoder().encodeToString(bad);
      assertThatThrownBy(() -> ShapeTableCodec.decode(OBJECT, FOOTER, value))
          .as("byte %d", i)
          .isInstanceOfSatisfying(
              CorruptBlockException.class,
              e -> {
                assertThat(e.objectKey()).isEqualTo(OBJECT);
                assertThat(e.offset()).isEqualTo(FOOTER);
                assertThat(e.getMessage()).contains(ShapeTableCodec.METADATA_KEY);
              });
    }
  }

  @Test
  void truncatedOrNotBase64_isCorrupt_andAbsentIsNoShapes() {
    String good = ShapeTableCodec.encode(new ShapeBuilder(ShapeLimits.DEFAULT).table());
    assertThatThrownBy(() -> ShapeTableCodec.decode(OBJECT, FOOTER, good.substring(0, 12)))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("frame");
    assertThatThrownBy(() -> ShapeTableCodec.decode(OBJECT, FOOTER, "!!not base64!!"))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("base64");
    assertThat(ShapeTableCodec.decode(OBJECT, FOOTER, java.util.Map.of()).size()).isEqualTo(1);
  }

  // ---- helpers ----

  /** A row as written: its ordinal and the values left for the real columns. */
  private record Written(int ordinal, Object[] column) {}

  private static List<Written> write(ShapeBuilder builder, List<Object[]> rows) {
    List<Written> out = new ArrayList<>();
    for (Object[] row : rows) {
      out.add(shape(builder, row));
    }
    return out;
  }

  private static Written shape(ShapeBuilder builder, Object[] row) {
    Object[] cells = row.clone();
    int ordinal = builder.shape(cells);
    return new Written(ordinal, cells);
  }

  /** What a reader sees: the shape's value, or the real column's for IN_COLUMN cells. */
  private static Object[] read(ShapeTable table, Written w) {
    Object[] out = new Object[COLUMNS.size()];
    for (int c = 0; c < out.length; c++) {
      int t = table.column(COLUMNS.get(c).name());
      Object cell = table.cell(w.ordinal, t);
      if (cell == ShapeTable.IN_COLUMN) {
        out[c] = w.column[c];
      } else {
        assertThat(w.column[c]).as("column %s written although in the shape", c).isNull();
        out[c] = cell;
      }
    }
    return out;
  }

  private static boolean allInColumn(Written w) {
    for (Object v : w.column) {
      if (v == null) {
        return false;
      }
    }
    return true;
  }

  private static ShapeTable roundTrip(ShapeTable table) {
    return ShapeTableCodec.decode(OBJECT, FOOTER, ShapeTableCodec.encode(table));
  }

  private static Object[] row() {
    return new Object[COLUMNS.size()];
  }

  private static Object[] withStatus(long status) {
    Object[] row = row();
    row[STATUS] = status;
    return row;
  }

  /** A row where each column is absent or one of {@code cardinality} values. */
  private static Object[] randomRow(Random random, int cardinality) {
    Object[] row = row();
    for (int c = 0; c < row.length; c++) {
      if (random.nextInt(3) > 0) {
        // a few columns are rich, most poor: some spill, some stay
        int n = c % 4 == 0 ? cardinality : 1 + c % 5;
        row[c] = value(COLUMNS.get(c), random.nextInt(n));
      }
    }
    return row;
  }

  private static Object value(ShapeColumn column, int n) {
    return switch (column.type()) {
      case BINARY -> bin(column.name() + "=" + n);
      case INT32 -> n;
      case INT64 -> (long) n * 1_000_003L;
    };
  }

  private static Binary bin(String s) {
    return Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int index(String name) {
    for (int i = 0; i < COLUMNS.size(); i++) {
      if (COLUMNS.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(Objects.requireNonNull(name));
  }
}
