package dev.skein.server.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skein.compactor.Compactor;
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

/** The compactor target: the compactor runs on the configured store and exposes its metrics. */
class CompactorConfigurationIT {

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
