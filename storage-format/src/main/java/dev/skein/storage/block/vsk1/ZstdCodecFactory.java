package dev.skein.storage.block.vsk1;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jspecify.annotations.Nullable;

/**
 * A pure-Java (zstd-jni) codec factory for parquet-java, so that neither writing nor reading
 * touches Hadoop's codec classes. Supports ZSTD and UNCOMPRESSED, the only codecs vsk1 writes.
 * Thread-safe. Its compressors share one zstd context, made on first use and freed by {@link
 * #release()} (parquet-java calls it when the writer closes): {@code Zstd.compress} made and freed
 * a context per page, ~1.5 % of a flush thread's CPU, and parquet-java asks for compressors per row
 * group.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {

  private final int level;
  private @Nullable ZstdCompressCtx ctx;

  ZstdCodecFactory(int level) {
    this.level = level;
  }

  /** {@code Zstd.compress(in, level)} with this factory's context: the same bytes. */
  private synchronized byte[] zstd(byte[] in) {
    ZstdCompressCtx c = ctx;
    if (c == null) {
      // what Zstd.compress(byte[], level) does per call
      c = new ZstdCompressCtx();
      c.setLevel(level);
      ctx = c;
    }
    return c.compress(in);
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case ZSTD, UNCOMPRESSED -> new Compressor(codecName, this);
      default -> throw new UnsupportedOperationException("codec " + codecName + " not supported");
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case ZSTD -> new Decompressor(true);
      case UNCOMPRESSED -> new Decompressor(false);
      default -> throw new UnsupportedOperationException("codec " + codecName + " not supported");
    };
  }

  @Override
  public synchronized void release() {
    if (ctx != null) {
      ctx.close();
      ctx = null;
    }
  }

  private record Compressor(CompressionCodecName codec, ZstdCodecFactory factory)
      implements BytesInputCompressor {

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(factory.zstd(bytes.toByteArray()));
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }

  private record Decompressor(boolean zstd) implements BytesInputDecompressor {

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
      if (!zstd) {
        return bytes;
      }
      byte[] out = new byte[decompressedSize];
      byte[] in = bytes.toByteArray();
      long n = Zstd.decompressByteArray(out, 0, out.length, in, 0, in.length);
      if (Zstd.isError(n) || n != decompressedSize) {
        throw new IOException(
            "zstd page decompression failed: " + (Zstd.isError(n) ? Zstd.getErrorName(n) : n));
      }
      return BytesInput.from(out);
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int decompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.get(in);
      BytesInput out = decompress(BytesInput.from(in), decompressedSize);
      output.put(out.toByteArray());
    }

    @Override
    public void release() {}
  }
}
