package dev.skein.querier.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IngesterDiscoveryTest {

  static InetAddress ip(String address) throws UnknownHostException {
    return InetAddress.getByName(address);
  }

  @Test
  void staticEntries_eachOneIngester() {
    try (IngesterDiscovery d =
        IngesterDiscovery.of(
            List.of("ingester-1:9095", " [::1]:9096 ", ""), Duration.ofSeconds(1))) {
      assertThat(d.current().endpoints())
          .containsExactly(
              new IngesterEndpoint("ingester-1", 9095), new IngesterEndpoint("::1", 9096));
      assertThat(d.current().problems()).isEmpty();
    }
  }

  @Test
  void dnsEntry_everyAddressIsAnIngester_andRefreshFollowsChanges() throws Exception {
    AtomicReference<InetAddress[]> records =
        new AtomicReference<>(new InetAddress[] {ip("10.1.0.1"), ip("10.1.0.2")});
    try (IngesterDiscovery d =
        new IngesterDiscovery(
            List.of("dns+ingester:9095"), Duration.ofHours(1), host -> records.get())) {
      assertThat(d.current().endpoints())
          .containsExactly(
              new IngesterEndpoint("10.1.0.1", 9095), new IngesterEndpoint("10.1.0.2", 9095));

      records.set(new InetAddress[] {ip("10.1.0.2"), ip("10.1.0.3")});
      d.refresh();

      assertThat(d.current().endpoints())
          .containsExactly(
              new IngesterEndpoint("10.1.0.2", 9095), new IngesterEndpoint("10.1.0.3", 9095));
    }
  }

  @Test
  void dnsEntry_stopsResolving_keepsLastAddresses() throws Exception {
    AtomicReference<InetAddress[]> records =
        new AtomicReference<>(new InetAddress[] {ip("10.1.0.1")});
    try (IngesterDiscovery d =
        new IngesterDiscovery(
            List.of("dns+ingester:9095"),
            Duration.ofHours(1),
            host -> {
              InetAddress[] r = records.get();
              if (r == null) {
                throw new UnknownHostException(host);
              }
              return r;
            })) {
      records.set(null);
      d.refresh();
      assertThat(d.current().endpoints()).containsExactly(new IngesterEndpoint("10.1.0.1", 9095));
      assertThat(d.current().problems()).isEmpty();
    }
  }

  @Test
  void dnsEntry_neverResolved_isAProblemThatMakesQueriesPartial() {
    IngesterDiscovery d =
        new IngesterDiscovery(
            List.of("dns+nowhere:9095"),
            Duration.ofHours(1),
            host -> {
              throw new UnknownHostException(host + ": Name or service not known");
            });
    try (RemoteIngesters client = RemoteIngesters.plaintext(d, Duration.ofSeconds(1), 2, 1 << 20)) {
      assertThat(d.current().endpoints()).isEmpty();
      assertThat(d.current().problems())
          .singleElement()
          .asString()
          .contains("dns+nowhere:9095 does not resolve");
      var lookups =
          client.lookups(
              "t",
              dev.skein.trace.TraceId.parseHex("1"),
              dev.skein.querier.trace.TimeWindow.UNBOUNDED);
      assertThat(lookups).hasSize(1);
      assertThatThrownBy(lookups.get(0)::find).hasMessageContaining("does not resolve");
    }
  }

  @Test
  void badEntries_failNamingTheEntry() {
    assertThatThrownBy(() -> IngesterDiscovery.validate(List.of("ingester")))
        .hasMessageContaining("skein.querier.ingesters entry 'ingester' is not host:port");
    assertThatThrownBy(() -> IngesterDiscovery.validate(List.of("ingester:http")))
        .hasMessageContaining("port that is not a number");
    assertThatThrownBy(() -> IngesterDiscovery.validate(List.of("dns+ingester:70000")))
        .hasMessageContaining("ingester port must be 1..65535, was 70000");
  }
}
