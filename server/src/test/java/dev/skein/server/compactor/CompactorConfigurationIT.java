package dev.skein.server.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.compactor.Compactor;
import dev.skein.server.ApiClient;
import dev.skein.server.SkeinApplication;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import dev.skein.storage.block.BlockFormats;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.BlockWriter;
import dev.skein.storage.block.NewBlock;
import dev.skein.storage.tenant.PolledBlockList;
import dev.skein.storage.tenant.TenantIndex;
import dev.skein.testkit.ShopTraces;
import dev.skein.trace.Trace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compactor target: the compactor runs on the configured store, exposes its metrics, and runs a
 * cycle on demand ({@code POST /compactor/run}).
 */
class CompactorConfigurationIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path tmp;

  @Test
  void compactorTarget_twoBlocks_mergedIndexedAndMetricsExposed() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SkeinApplication.class)
            .run(
                "--skein.target=compactor",
                "--skein.server.http-listen-port=0",
                "--skein.data-dir=" + tmp,
                "--skein.compactor.cycle-period=1h",
                "--skein.compactor.block-retention=100000d")) {
      ObjectStore store = context.getBean(ObjectStore.class);
      ShopTraces shop = new ShopTraces(1);
      write(store, shop.traces(20));
      write(store, shop.traces(20));

      assertThat(context.getBean(Compactor.class).runCycle()).isEqualTo(1);

      PolledBlockList list = new PolledBlockList(store);
      list.refresh();
      assertThat(list.blocks("single-tenant")).hasSize(1);
      assertThat(store.exists(TenantIndex.key("single-tenant"))).isTrue();
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("skein_compactor_jobs_total{")
          .contains("outcome=\"ok\"")
          .contains("skein_compactor_outstanding_blocks{")
          .contains("skein_compactor_output_spans_total");
    }
  }

  @Test
  void compactorRun_twoBlocks_oneJobReportedAndQueryableAtOnce() throws Exception {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SkeinApplication.class)
            .run(
                "--skein.target=all",
                "--skein.server.http-listen-port=0",
                "--skein.distributor.otlp-grpc-port=0",
                "--skein.distributor.otlp-http-port=0",
                "--skein.data-dir=" + tmp,
                "--skein.storage.blocklist-poll=1h",
                // all in one process: the block list is shared, the ingester may let go at once
                "--skein.ingester.complete-block-timeout=0",
                "--skein.compactor.cycle-period=1h",
                "--skein.compactor.block-retention=100000d")) {
      ApiClient api =
          new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
      // queued behind the first scheduled cycle, so that cycle cannot take the blocks below
      assertThat(api.post("/compactor/run").statusCode()).isEqualTo(200);
      ObjectStore store = context.getBean(ObjectStore.class);
      ShopTraces shop = new ShopTraces(2);
      List<Trace> first = shop.traces(20);
      write(store, first);
      write(store, shop.traces(20));

      HttpResponse<String> run = api.post("/compactor/run");

      assertThat(run.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(run.body());
      assertThat(body.get("jobs").asInt()).isEqualTo(1);
      assertThat(body.get("blocksIn").asInt()).isEqualTo(2);
      assertThat(body.get("blocksOut").asInt()).isEqualTo(1);
      assertThat(body.get("spansOut").asLong())
          .isEqualTo(body.get("spansIn").asLong())
          .isPositive();
      // the querier of this process reads the output now, not after blocklist-poll (1h)
      PolledBlockList served = context.getBean(PolledBlockList.class);
      assertThat(served.blocks("single-tenant")).hasSize(1);
      String id = first.get(0).traceId().toHex();
      assertThat(api.get("/api/v2/traces/" + id, "Accept", "application/json").statusCode())
          .isEqualTo(200);
      JsonNode again = JSON.readTree(api.post("/compactor/run").body());
      assertThat(again.get("jobs").asInt()).isZero();
    }
  }

  @Test
  void compactorRun_targetWithoutCompactor_404() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(SkeinApplication.class)
            .run(
                "--skein.target=querier",
                "--skein.server.http-listen-port=0",
                "--skein.data-dir=" + tmp)) {
      ApiClient api =
          new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
      HttpResponse<String> run = api.post("/compactor/run");
      assertThat(run.statusCode()).isEqualTo(404);
      assertThat(run.body()).contains("runs no compactor");
    }
  }

  private BlockMeta write(ObjectStore store, List<Trace> traces) throws Exception {
    List<Trace> sorted = new ArrayList<>(traces);
    sorted.sort(Comparator.comparing(Trace::traceId));
    Path dir = Files.createTempDirectory(tmp, "blk");
    try (BlockWriter w =
        BlockFormats.defaultForWrites()
            .newWriter(store, NewBlock.level0("single-tenant", dir), BlockConfig.defaults())) {
      sorted.forEach(w::add);
      return w.complete();
    }
  }
}
