package dev.skein.bench.workload;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;

/**
 * The shop the traces come from: its services, what each one calls, and the resource and
 * instrumentation scopes their SDKs report. Fixed data, so the workload only varies by seed.
 */
final class Topology {

  static final int FRONTEND = 0;
  static final int GATEWAY = 1;
  static final int USER = 2;
  static final int CATALOG = 3;
  static final int SEARCH = 4;
  static final int CART = 5;
  static final int CHECKOUT = 6;
  static final int PAYMENT = 7;
  static final int INVENTORY = 8;
  static final int SHIPPING = 9;
  static final int NOTIFICATION = 10;
  static final int RECOMMENDATION = 11;
  static final int SEARCH_INDEX = 12;

  /** Instrumentation scopes, indexed by the {@code SCOPE_*} constants. */
  static final int SCOPE_HTTP = 0;

  static final int SCOPE_GRPC = 1;
  static final int SCOPE_DB = 2;
  static final int SCOPE_MESSAGING = 3;
  static final int SCOPE_APP = 4;

  /**
   * One service.
   *
   * @param name service.name
   * @param grpc whether callers reach it over gRPC (else HTTP)
   * @param dbSystem db.system of its own database, or null
   * @param tables tables of that database
   * @param cache whether it uses Redis
   * @param topic the Kafka topic it publishes to, or null
   * @param downstream services it may call
   * @param operations HTTP routes ("GET /api/x/{id}") or gRPC methods it serves
   */
  record Service(
      String name,
      String language,
      String version,
      boolean grpc,
      @org.jspecify.annotations.Nullable String dbSystem,
      List<String> tables,
      boolean cache,
      @org.jspecify.annotations.Nullable String topic,
      List<Integer> downstream,
      List<String> operations) {

    String host() {
      return name + ".shop.svc.cluster.local";
    }

    /** For gRPC services: the fully qualified rpc.service. */
    String rpcService() {
      String simple = name.substring(0, name.indexOf('-'));
      return "shop."
          + simple
          + ".v1."
          + Character.toUpperCase(simple.charAt(0))
          + simple.substring(1)
          + "Service";
    }
  }

  static final List<Service> SERVICES =
      List.of(
          new Service(
              "web-frontend",
              "nodejs",
              "4.12.0",
              false,
              null,
              List.of(),
              false,
              null,
              List.of(GATEWAY),
              List.of(
                  "GET /products/{productId}",
                  "GET /search",
                  "POST /cart",
                  "POST /checkout",
                  "GET /orders/{orderId}",
                  "GET /")),
          new Service(
              "api-gateway",
              "go",
              "2.3.1",
              false,
              null,
              List.of(),
              true,
              null,
              List.of(CATALOG, SEARCH, CART, CHECKOUT, USER, RECOMMENDATION),
              List.of(
                  "GET /api/v1/products/{productId}",
                  "GET /api/v1/search",
                  "POST /api/v1/cart/items",
                  "POST /api/v1/checkout",
                  "GET /api/v1/orders/{orderId}")),
          new Service(
              "user-service",
              "java",
              "1.8.4",
              true,
              "postgresql",
              List.of("users", "sessions", "addresses"),
              true,
              null,
              List.of(),
              List.of("GetUser", "ValidateSession", "GetAddresses")),
          new Service(
              "catalog-service",
              "java",
              "3.1.0",
              true,
              "postgresql",
              List.of("products", "prices", "product_images"),
              true,
              null,
              List.of(INVENTORY, RECOMMENDATION),
              List.of("GetProduct", "ListProducts", "GetPrices")),
          new Service(
              "search-service",
              "go",
              "1.4.2",
              false,
              null,
              List.of(),
              true,
              null,
              List.of(CATALOG),
              List.of("GET /v1/search", "GET /v1/suggest")),
          new Service(
              "cart-service",
              "dotnet",
              "2.0.7",
              true,
              null,
              List.of(),
              true,
              null,
              List.of(CATALOG, INVENTORY),
              List.of("AddItem", "GetCart", "EmptyCart")),
          new Service(
              "checkout-service",
              "java",
              "5.2.3",
              true,
              "postgresql",
              List.of("orders", "order_items", "order_events"),
              false,
              "orders.placed",
              List.of(CART, PAYMENT, INVENTORY, SHIPPING, USER),
              List.of("PlaceOrder", "GetOrder")),
          new Service(
              "payment-service",
              "java",
              "2.9.0",
              false,
              "mysql",
              List.of("payments", "refunds"),
              false,
              "payments.settled",
              List.of(),
              List.of("POST /v1/payments", "POST /v1/payments/{paymentId}/capture")),
          new Service(
              "inventory-service",
              "python",
              "0.17.3",
              true,
              "postgresql",
              List.of("stock", "warehouses", "reservations"),
              true,
              null,
              List.of(),
              List.of("Reserve", "CheckStock")),
          new Service(
              "shipping-service",
              "go",
              "1.11.0",
              false,
              "mongodb",
              List.of("shipments", "rates"),
              false,
              null,
              List.of(),
              List.of("POST /v1/quotes", "POST /v1/shipments")),
          new Service(
              "notification-service",
              "python",
              "0.9.1",
              false,
              "postgresql",
              List.of("notifications"),
              false,
              null,
              List.of(),
              List.of("POST /v1/notify")),
          new Service(
              "recommendation-service",
              "python",
              "1.2.0",
              true,
              null,
              List.of(),
              true,
              null,
              List.of(CATALOG),
              List.of("Recommend")),
          new Service(
              "search-index",
              "java",
              "9.2.1",
              true,
              null,
              List.of(),
              false,
              null,
              List.of(),
              List.of("Query")));

  private static final String[] SCOPE_NAMES = {
    "io.opentelemetry.http",
    "io.opentelemetry.grpc-1.6",
    "io.opentelemetry.jdbc",
    "io.opentelemetry.kafka-clients-2.6",
    "shop.app"
  };

  private Topology() {}

  static Service service(int index) {
    return SERVICES.get(index);
  }

  private static final List<Resource> RESOURCES =
      java.util.stream.IntStream.range(0, SERVICES.size())
          .mapToObj(Topology::buildResource)
          .toList();

  /** The resource of service {@code index}, as its SDK reports it. */
  static Resource resource(int index) {
    return RESOURCES.get(index);
  }

  private static Resource buildResource(int index) {
    Service s = SERVICES.get(index);
    String pod = s.name() + "-7d9f8b6c4-" + Integer.toString(index * 7919 + 1000, 36);
    return Resource.newBuilder()
        .addAttributes(kv("service.name", s.name()))
        .addAttributes(kv("service.namespace", "shop"))
        .addAttributes(kv("service.version", s.version()))
        .addAttributes(kv("service.instance.id", pod))
        .addAttributes(kv("deployment.environment.name", "production"))
        .addAttributes(kv("host.name", pod))
        .addAttributes(kv("k8s.namespace.name", "shop"))
        .addAttributes(kv("k8s.pod.name", pod))
        .addAttributes(kv("k8s.deployment.name", s.name()))
        .addAttributes(kv("cloud.region", "eu-west-1"))
        .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
        .addAttributes(kv("telemetry.sdk.language", s.language()))
        .addAttributes(kv("telemetry.sdk.version", "1.44.0"))
        .build();
  }

  static InstrumentationScope scope(int scope) {
    return InstrumentationScope.newBuilder()
        .setName(SCOPE_NAMES[scope])
        .setVersion("2.11.0-alpha")
        .build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  static KeyValue kv(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  static KeyValue kv(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }
}
