package dev.skein.server.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Serves {@code classpath:static/**} (the UI from src/main/resources, the JS tests from
 * src/test/resources) on a free loopback port, with the content types browsers need for ES modules.
 */
final class StaticClasspathServer {

  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "html", "text/html; charset=utf-8",
          "css", "text/css; charset=utf-8");

  private StaticClasspathServer() {}

  static HttpServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", StaticClasspathServer::serve);
    server.start();
    return server;
  }

  private static void serve(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    InputStream in =
        path.contains("..")
            ? null
            : StaticClasspathServer.class.getClassLoader().getResourceAsStream("static" + path);
    try (x) {
      if (in == null) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (in) {
        body = in.readAllBytes();
      }
      String ext = path.substring(path.lastIndexOf('.') + 1);
      x.getResponseHeaders()
          .set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
      x.getResponseHeaders().set("Cache-Control", "no-store");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
    }
  }
}
