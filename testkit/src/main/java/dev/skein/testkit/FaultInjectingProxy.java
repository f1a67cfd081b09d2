package dev.skein.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP/1.1 proxy on loopback in front of an S3 server (usually {@link S3TestServer}) that,
 * request by request, forwards unchanged or injects a {@link Fault}: an S3 error answer (500
 * InternalError, 503 ServiceUnavailable, 503 SlowDown), a connection reset, a stall before
 * forwarding, or a response body cut in the middle. Bytes are forwarded untouched, so SigV4
 * signatures (which cover the Host header, i.e. the proxy's address) stay valid, and the AWS SDK's
 * real retry, timeout and connection-pool code is exercised. Thread-safe; close it to stop.
 */
public final class FaultInjectingProxy implements Closeable {

  /** What happens to one request. */
  public enum Fault {
    /** Forwarded unchanged. */
    NONE,
    /** {@code 500 InternalError}, the request is not forwarded. */
    INTERNAL_ERROR,
    /** {@code 503 ServiceUnavailable}, not forwarded. */
    SERVICE_UNAVAILABLE,
    /** {@code 503 SlowDown} (S3 throttling), not forwarded. */
    SLOW_DOWN,
    /** The connection is reset (RST) after the request head was read; not forwarded. */
    RESET,
    /** Forwarded after a stall of {@link #stall()}. */
    STALL,
    /** Forwarded, but the response body is cut after half of it and the connection reset. */
    TRUNCATE
  }

  /** A request as the schedule sees it. */
  public record Request(String method, String target) {}

  /** Chooses the fault for each request. Called from many threads. */
  @FunctionalInterface
  public interface Schedule {
    /** Never injects anything. */
    Schedule NONE = r -> Fault.NONE;

    /** The fault for {@code request}. */
    Fault next(Request request);

    /**
     * Seeded: each request that {@code applies} to gets a fault with probability {@code
     * probability}, chosen uniformly among {@code faults}.
     */
    static Schedule random(
        long seed, double probability, Set<Fault> faults, Predicate<Request> applies) {
      SplittableRandom random = new SplittableRandom(seed);
      Fault[] choices = faults.toArray(Fault[]::new);
      return r -> {
        if (!applies.test(r)) {
          return Fault.NONE;
        }
        synchronized (random) {
          return random.nextDouble() < probability
              ? choices[random.nextInt(choices.length)]
              : Fault.NONE;
        }
      };
    }
  }

  private final ServerSocket server;
  private final InetSocketAddress upstream;
  private final Duration stall;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
  private volatile Schedule schedule = Schedule.NONE;
  private volatile boolean closed;

  private FaultInjectingProxy(ServerSocket server, InetSocketAddress upstream, Duration stall) {
    this.server = server;
    this.upstream = upstream;
    this.stall = stall;
    for (Fault f : Fault.values()) {
      counts.put(f, new AtomicLong());
    }
    this.acceptor = Thread.ofPlatform().daemon().name("fault-proxy-accept").unstarted(this::accept);
  }

  /**
   * Starts a proxy on a free loopback port forwarding to {@code upstream} (an {@code http://} URL),
   * initially injecting nothing.
   *
   * @param stall how long a {@link Fault#STALL} waits before forwarding
   */
  public static FaultInjectingProxy start(URI upstream, Duration stall) {
    try {
      ServerSocket s = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      FaultInjectingProxy p =
          new FaultInjectingProxy(
              s, new InetSocketAddress(upstream.getHost(), upstream.getPort()), stall);
      p.acceptor.start();
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fault-injecting proxy", e);
    }
  }

  /** The proxy's base URL, to use as the S3 endpoint. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The stall of {@link Fault#STALL}. */
  public Duration stall() {
    return stall;
  }

  /** Replaces the schedule; {@link Schedule#NONE} stops injecting. */
  public void schedule(Schedule schedule) {
    this.schedule = schedule;
  }

  /** How many requests got each fault so far ({@link Fault#NONE}: forwarded unchanged). */
  public Map<Fault, Long> counts() {
    Map<Fault, Long> out = new EnumMap<>(Fault.class);
    counts.forEach((f, n) -> out.put(f, n.get()));
    return out;
  }

  /** Requests that got any fault other than NONE. */
  public long faultsInjected() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey() != Fault.NONE)
        .mapToLong(e -> e.getValue().get())
        .sum();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        open.add(client);
        Thread.ofVirtual().name("fault-proxy-conn").start(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void serve(Socket client) {
    Socket up = null;
    try (client) {
      InputStream cin = new BufferedInputStream(client.getInputStream());
      OutputStream cout = new BufferedOutputStream(client.getOutputStream());
      InputStream uin = InputStream.nullInputStream();
      OutputStream uout = OutputStream.nullOutputStream();
      while (!closed) {
        Head request = Head.read(cin);
        if (request == null) {
          return;
        }
        String[] line = request.firstLine().split(" ", 3);
        Request r = new Request(line[0], line.length > 1 ? line[1] : "");
        Fault fault = schedule.next(r);
        counts.get(fault).incrementAndGet();
        switch (fault) {
          case RESET -> {
            client.setSoLinger(true, 0);
            cout.flush();
            return;
          }
          case INTERNAL_ERROR, SERVICE_UNAVAILABLE, SLOW_DOWN -> {
            if (!request.expectsContinue()) {
              Body.copy(request, cin, OutputStream.nullOutputStream(), Long.MAX_VALUE);
            }
            cout.write(errorResponse(fault));
            cout.flush();
            return; // Connection: close
          }
          case STALL -> Thread.sleep(stall);
          default -> {}
        }
        if (up == null) {
          up = new Socket();
          up.connect(upstream, 5_000);
          open.add(up);
          uin = new BufferedInputStream(up.getInputStream());
          uout = new BufferedOutputStream(up.getOutputStream());
        }
        uout.write(request.bytes());
        uout.flush();
        Head response;
        if (request.expectsContinue()) {
          response = Head.read(uin);
          if (response == null) {
            return;
          }
          if (response.status() == 100) {
            cout.write(response.bytes());
            cout.flush();
            Body.copy(request, cin, uout, Long.MAX_VALUE);
            uout.flush();
            response = Head.read(uin);
          } else {
            // refused before the body: relay and close, the client may still send the body
            cout.write(response.bytes());
            Body.copy(response, uin, cout, Long.MAX_VALUE);
            cout.flush();
            return;
          }
        } else {
          Body.copy(request, cin, uout, Long.MAX_VALUE);
          uout.flush();
          response = Head.read(uin);
        }
        if (response == null) {
          return;
        }
        cout.write(response.bytes());
        boolean noBody =
            r.method().equals("HEAD") || response.status() == 204 || response.status() == 304;
        if (fault == Fault.TRUNCATE) {
          long length = noBody ? 0 : response.contentLength();
          long half = length > 0 ? length / 2 : 16;
          if (!noBody) {
            Body.copy(response, uin, cout, half);
          }
          cout.flush();
          client.setSoLinger(true, 0);
          return;
        }
        if (!noBody) {
          Body.copy(response, uin, cout, Long.MAX_VALUE);
        }
        cout.flush();
        if (response.closes() || request.closes()) {
          return;
        }
      }
    } catch (IOException e) {
      // a peer went away (often on purpose: a fault, or the SDK's timeout); drop the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(client);
      if (up != null) {
        open.remove(up);
        try {
          up.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private static byte[] errorResponse(Fault fault) {
    int status = fault == Fault.INTERNAL_ERROR ? 500 : 503;
    String code =
        switch (fault) {
          case INTERNAL_ERROR -> "InternalError";
          case SLOW_DOWN -> "SlowDown";
          default -> "ServiceUnavailable";
        };
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
            + code
            + "</Code><Message>injected by FaultInjectingProxy</Message>"
            + "<RequestId>fault-proxy</RequestId></Error>";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + (status == 500 ? " Internal Server Error" : " Service Unavailable")
            + "\r\nContent-Type: application/xml\r\nContent-Length: "
            + b.length
            + "\r\nConnection: close\r\n\r\n";
    byte[] h = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[h.length + b.length];
    System.arraycopy(h, 0, out, 0, h.length);
    System.arraycopy(b, 0, out, h.length, b.length);
    return out;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  @Override
  public String toString() {
    return "FaultInjectingProxy{" + endpoint() + " -> " + upstream + ", " + counts() + "}";
  }

  /** A request or response head: the first line and headers, kept as raw bytes to forward. */
  record Head(byte[] bytes, String firstLine, Map<String, String> headers) {

    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** Reads up to and including the blank line; null on a clean end of stream. */
    static @Nullable Head read(InputStream in) throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          if (buf.size() == 0) {
            return null;
          }
          throw new IOException("end of stream inside an HTTP head");
        }
        buf.write(b);
        if (buf.size() > MAX_HEAD_BYTES) {
          throw new IOException("HTTP head over " + MAX_HEAD_BYTES + " bytes");
        }
        if (b == '\r') {
          matched = matched == 2 ? 3 : 1;
        } else if (b == '\n' && (matched == 1 || matched == 3)) {
          matched++;
        } else {
          matched = 0;
        }
      }
      byte[] bytes = buf.toByteArray();
      String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r\n");
      Map<String, String> headers = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).strip());
        }
      }
      return new Head(bytes, lines[0], headers);
    }

    int status() {
      String[] parts = firstLine.split(" ", 3);
      return parts.length > 1 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
    }

    long contentLength() {
      String v = headers.get("content-length");
      return v == null ? -1 : Long.parseLong(v);
    }

    boolean chunked() {
      String v = headers.get("transfer-encoding");
      return v != null && v.toLowerCase(Locale.ROOT).contains("chunked");
    }

    boolean expectsContinue() {
      String v = headers.get("expect");
      return v != null && v.equalsIgnoreCase("100-continue");
    }

    boolean closes() {
      String v = headers.get("connection");
      return v != null && v.equalsIgnoreCase("close");
    }
  }

  /** Copies an HTTP/1.1 message body delimited by Content-Length or chunked encoding. */
  static final class Body {
    private Body() {}

    /** Copies at most {@code limit} bytes of the body of the message with {@code head}. */
    static void copy(Head head, InputStream in, OutputStream out, long limit) throws IOException {
      if (head.chunked()) {
        copyChunked(in, out, limit);
        return;
      }
      long length = head.contentLength();
      if (length < 0) {
        if (head.status() >= 0) {
          in.transferTo(out); // a response delimited by the connection closing
        }
        return;
      }
      copyExactly(in, out, Math.min(length, limit));
    }

    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
      byte[] buf = new byte[16 * 1024];
      long left = n;
      while (left > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          throw new IOException("end of stream with " + left + " body bytes to go");
        }
        out.write(buf, 0, r);
        left -= r;
      }
    }

    private static void copyChunked(InputStream in, OutputStream out, long limit)
        throws IOException {
      long copied = 0;
      while (true) {
        String sizeLine = line(in);
        out.write((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
        int semi = sizeLine.indexOf(';');
        long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
        if (size == 0) {
          String trailer;
          while (!(trailer = line(in)).isEmpty()) {
            out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
          }
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          return;
        }
        long take = Math.min(size, limit - copied);
        copyExactly(in, out, take);
        copied += take;
        if (take < size) {
          return; // truncated on purpose
        }
        copyExactly(in, out, 2); // CRLF after the chunk
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          int len = sb.length();
          return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
        }
        sb.append((char) b);
        if (sb.length() > 8192) {
          throw new IOException("chunk line too long");
        }
      }
      throw new IOException("end of stream inside a chunk line");
    }
  }
}
