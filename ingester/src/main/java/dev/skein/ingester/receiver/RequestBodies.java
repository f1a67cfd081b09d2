package dev.skein.ingester.receiver;

import dev.skein.common.InvalidRequestException;
import dev.skein.common.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies under a size limit and inflates gzip, which neither Spring nor the JDK HTTP
 * server does by itself. Stateless and thread-safe.
 */
public final class RequestBodies {

  private RequestBodies() {}

  /**
   * Reads at most {@code maxBytes} from {@code in}.
   *
   * @throws TooLargeException when the body is longer than {@code maxBytes}
   * @throws UncheckedIOException when reading fails
   */
  public static byte[] read(InputStream in, long maxBytes) {
    try {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new TooLargeException(
            "request body is larger than the limit of " + maxBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
  }

  /**
   * Inflates a gzip body, refusing to inflate past {@code maxBytes} (a small compressed body can
   * inflate to gigabytes).
   *
   * @throws InvalidRequestException when the body is not valid gzip
   * @throws TooLargeException when the inflated body is longer than {@code maxBytes}
   */
  public static byte[] gunzip(byte[] gzipped, long maxBytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped), 8192)) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw new TooLargeException(
            "request body inflates to more than the limit of " + maxBytes + " bytes");
      }
      return body;
    } catch (ZipException | java.io.EOFException e) {
      throw new InvalidRequestException(
          "malformed gzip body (Content-Encoding: gzip, "
              + gzipped.length
              + " bytes): "
              + e.getMessage(),
          e);
    } catch (IOException e) {
      throw new InvalidRequestException("malformed gzip body: " + e.getMessage(), e);
    }
  }
}
