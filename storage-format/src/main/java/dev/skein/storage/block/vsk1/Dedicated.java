package dev.skein.storage.block.vsk1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed list of well-known attributes that vsk1 stores in their own flat columns instead of the
 * generic attribute lists, so that predicates on them use row-group statistics, page indexes and
 * dictionaries. A value moves to its column only when its type matches (string or int); the generic
 * list keeps a placeholder entry with the key, so attribute order survives.
 */
final class Dedicated {

  static final List<String> SPAN_STRINGS =
      List.of(
          "http.method",
          "http.request.method",
          "http.route",
          "http.url",
          "http.target",
          "url.full",
          "url.path",
          "url.scheme",
          "server.address",
          "db.system",
          "db.system.name",
          "db.name",
          "db.namespace",
          "db.operation",
          "db.operation.name",
          "db.statement",
          "db.query.text",
          "rpc.system",
          "rpc.service",
          "rpc.method",
          "messaging.system",
          "messaging.destination.name",
          "messaging.operation",
          "messaging.operation.type",
          "peer.service");

  static final List<String> SPAN_INTS =
      List.of(
          "http.status_code", "http.response.status_code", "server.port", "rpc.grpc.status_code");

  /** Attribute key to column name, span scope, string values. */
  static final Map<String, String> SPAN_STRING = columns("span_", SPAN_STRINGS);

  /** Attribute key to column name, span scope, int values. */
  static final Map<String, String> SPAN_INT = columns("span_", SPAN_INTS);

  private Dedicated() {}

  static String column(String prefix, String key) {
    return prefix + key.replace('.', '_');
  }

  private static Map<String, String> columns(String prefix, List<String> keys) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : keys) {
      m.put(k, column(prefix, k));
    }
    return Map.copyOf(m);
  }
}
