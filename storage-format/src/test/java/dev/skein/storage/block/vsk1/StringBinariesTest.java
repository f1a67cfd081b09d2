package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.parquet.io.api.Binary;
import org.junit.jupiter.api.Test;

/** What {@link StringBinaries} shares, and where it stops. */
class StringBinariesTest {

  @Test
  void repeatedValue_sameBinary_perColumn_sameBytesAsFromString() {
    StringBinaries s = StringBinaries.shared();
    Binary a = s.of(3, new String("GET /cart"));
    assertThat(s.of(3, new String("GET /cart"))).isSameAs(a);
    assertThat(s.of(4, "GET /cart")).isNotSameAs(a).isEqualTo(a);
    for (String v : new String[] {"", "ünïcødé", "\uD800 lone", "x".repeat(300)}) {
      assertThat(s.of(5, v).getBytes()).isEqualTo(Binary.fromString(v).getBytes());
    }
  }

  @Test
  void manyValues_eachFoundAgain_afterTheTableGrew() {
    StringBinaries s = StringBinaries.shared();
    int n = StringBinaries.MAX_ENTRIES;
    Binary[] first = new Binary[n];
    for (int i = 0; i < n; i++) {
      first[i] = s.of(7, "value-" + i);
    }
    for (int i = n - 1; i >= 0; i--) {
      assertThat(s.of(7, new String("value-" + i))).isSameAs(first[i]);
      assertThat(first[i].toStringUsingUTF8()).isEqualTo("value-" + i);
    }
  }

  @Test
  void longValues_notShared() {
    StringBinaries s = StringBinaries.shared();
    String v = "y".repeat(StringBinaries.MAX_CHARS + 1);
    assertThat(s.of(1, v)).isNotSameAs(s.of(1, v)).isEqualTo(s.of(1, v));
  }

  @Test
  void highCardinalityColumn_stopsSharing_othersGoOn() {
    StringBinaries s = StringBinaries.shared();
    Binary early = s.of(1, "v0");
    Binary other = s.of(2, "route");
    for (int i = 1; i <= StringBinaries.MAX_ENTRIES; i++) {
      s.of(1, "v" + i);
    }
    assertThat(s.of(1, "v0")).as("column 1 gave up").isNotSameAs(early).isEqualTo(early);
    assertThat(s.of(2, "route")).isSameAs(other);
  }

  @Test
  void columnsThatGaveUp_returnTheirBytesToTheBudget() {
    StringBinaries s = StringBinaries.shared();
    String pad = "q".repeat(StringBinaries.MAX_CHARS - 10);
    // far more than the budget in total, but each column gives up and frees its table
    for (int c = 0; c < 8; c++) {
      for (int i = 0; i <= StringBinaries.MAX_ENTRIES; i++) {
        s.of(c, i + pad);
      }
    }
    assertThat(s.of(100, "late")).isSameAs(s.of(100, "late"));
  }

  @Test
  void byteBudget_keepsSharingWhatItHolds_addsNothingMore() {
    StringBinaries s = StringBinaries.shared();
    String pad = "z".repeat(StringBinaries.MAX_CHARS - 10);
    Binary first = s.of(0, "0" + pad);
    long perValue = 2L * StringBinaries.MAX_CHARS;
    int columns =
        (int) (StringBinaries.MAX_BYTES / perValue / (StringBinaries.MAX_ENTRIES / 2)) + 2;
    for (int c = 0; c < columns; c++) {
      for (int i = 0; i < StringBinaries.MAX_ENTRIES / 2; i++) {
        s.of(c, i + pad);
      }
    }
    assertThat(s.of(0, "0" + pad)).isSameAs(first);
    String late = "late" + pad;
    assertThat(s.of(columns + 1, late)).isNotSameAs(s.of(columns + 1, late));
  }
}
