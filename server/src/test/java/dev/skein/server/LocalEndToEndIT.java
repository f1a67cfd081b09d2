package dev.skein.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The end-to-end suite on the embedded default: blocks in a local directory. */
class LocalEndToEndIT extends EndToEndSuite {

  @Override
  void assertBlockStored() throws Exception {
    try (Stream<Path> files = Files.walk(dataDir.resolve("blocks/single-tenant"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("meta.json", "data.parquet", "search.idx");
    }
  }
}
