package dev.skein.storage.block.vsk1;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** The factory's shared zstd context writes what {@code Zstd.compress} writes, page after page. */
class ZstdCodecFactoryTest {

  @Test
  void compressorsSharingOneContext_sameBytesAsZstdCompress_beforeAndAfterRelease()
      throws IOException {
    ZstdCodecFactory factory = new ZstdCodecFactory(3);
    BytesInputCompressor first = factory.getCompressor(CompressionCodecName.ZSTD);
    BytesInputCompressor second = factory.getCompressor(CompressionCodecName.ZSTD);
    SplittableRandom random = new SplittableRandom(11);

    for (int page = 0; page < 20; page++) {
      byte[] in = page(random, page % 3 == 0 ? 10 : 40_000);
      BytesInputCompressor c = page % 2 == 0 ? first : second;
      byte[] out = c.compress(BytesInput.from(in)).toByteArray();

      assertThat(out).as("page %d", page).containsExactly(Zstd.compress(in, 3));
      assertThat(Zstd.decompress(out, in.length)).containsExactly(in);
      if (page == 9) {
        factory.release(); // a writer closed; a compressor used after it makes a new context
      }
    }
    factory.release();
  }

  @Test
  void uncompressed_passesTheBytesThrough() throws IOException {
    ZstdCodecFactory factory = new ZstdCodecFactory(3);
    BytesInput in = BytesInput.from(new byte[] {1, 2, 3});
    assertThat(factory.getCompressor(CompressionCodecName.UNCOMPRESSED).compress(in).toByteArray())
        .containsExactly(1, 2, 3);
  }

  /** Compressible bytes: runs of a few symbols, with random ones between. */
  private static byte[] page(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 'a' + random.nextInt(4));
    }
    return b;
  }
}
