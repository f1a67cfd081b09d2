package dev.skein.storage.block.vsk1;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * A pure-Java (zstd-jni) codec factory for parquet-java, so that neither writing nor reading
 * touches Hadoop's codec classes. Supports ZSTD and UNCOMPRESSED, the only codecs vsk1 writes.
 * Thread-safe.
 */
final class ZstdCodecFactory implements CompressionCodecFactory {

  private final int level;

  ZstdCodecFactory(int level) {
    this.level = level;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    return switch (codecName) {
      case ZSTD -> new Compressor(codecName, level);
      case UNCOMPRESSED -> new Compressor(codecName, 0);
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
  public void release() {}

  private record Compressor(CompressionCodecName codec, int level) implements BytesInputCompressor {

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(Zstd.compress(bytes.toByteArray(), level));
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
