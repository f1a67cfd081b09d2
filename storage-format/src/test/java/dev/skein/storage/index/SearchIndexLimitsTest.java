package dev.skein.storage.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.skein.common.CorruptBlockException;
import dev.skein.storage.block.OwnedFiles;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * {@link SearchIndex#read} never allocates what a corrupt file declares, only what its bytes hold:
 * the limits audit of issue #9 (docs/reliability.md).
 */
class SearchIndexLimitsTest {

  private static final String KEY = "t/b/search.idx";

  @Test
  void read_validIndex_roundTrips() {
    SearchIndex index = SearchIndex.read(KEY, validIndex());

    assertThat(index.traceCount()).isEqualTo(3);
    assertThat(index.tagValues(TagScope.RESOURCE, "service.name"))
        .containsExactly(
            TagValue.string("svc-0"), TagValue.string("svc-1"), TagValue.string("svc-2"));
  }

  @Test
  void read_declaredLengthOfOneGibOverAFewBytes_isCorruptWithoutAllocatingIt() {
    byte[] body = Zstd.compress(new byte[100]);
    byte[] file = frameWithDeclaredLength(SearchIndex.MAX_UNCOMPRESSED_BYTES, body);

    long before = allocatedBytes();
    assertThatThrownBy(() -> SearchIndex.read(KEY, file))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("declares 1073741824 uncompressed bytes")
        .hasMessageContaining("hold 100");
    assertThat(allocatedBytes() - before).isLessThan(64L << 20);
  }

  @Test
  void read_declaredLengthShorterThanTheContent_isCorrupt() {
    byte[] file = frameWithDeclaredLength(50, Zstd.compress(new byte[100]));

    assertThatThrownBy(() -> SearchIndex.read(KEY, file))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("hold more");
  }

  @Test
  void read_declaredLengthOverTheCap_isCorrupt() {
    byte[] file = frameWithDeclaredLength(SearchIndex.MAX_UNCOMPRESSED_BYTES + 1, new byte[8]);

    assertThatThrownBy(() -> SearchIndex.read(KEY, file))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("bad search index length");
  }

  @Test
  void read_traceCountBeyondTheBytes_isCorruptWithoutAllocatingIt() {
    ByteBuffer raw = ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE - 1).putInt(Integer.MAX_VALUE);
    byte[] file = frameWithDeclaredLength(8, Zstd.compress(raw.array()));

    long before = allocatedBytes();
    assertThatThrownBy(() -> SearchIndex.read(KEY, file))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("declares 2147483646 traces in 0 bytes");
    assertThat(allocatedBytes() - before).isLessThan(64L << 20);
  }

  private static byte[] validIndex() {
    SearchIndexBuilder b = new SearchIndexBuilder(100);
    for (int t = 0; t < 3; t++) {
      b.startTrace(t, t * 2);
      b.add(TagScope.RESOURCE, "service.name", TagValue.string("svc-" + t), t);
    }
    return b.serialize(6);
  }

  private static byte[] frameWithDeclaredLength(int declared, byte[] zstd) {
    ByteBuffer body = ByteBuffer.allocate(4 + zstd.length).putInt(declared).put(zstd);
    return OwnedFiles.frame(
        SearchIndexBuilder.FILE_NAME, SearchIndexBuilder.FILE_VERSION, body.array());
  }

  /** Bytes this thread allocated so far (HotSpot's per-thread counter). */
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
