package dev.skein.storage.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skein.common.InvalidRequestException;
import dev.skein.common.TenantIds;
import dev.skein.storage.backend.LocalObjectStore;
import dev.skein.storage.backend.LocalObjectStoreConfig;
import dev.skein.storage.backend.ObjectKeys;
import dev.skein.storage.backend.ObjectNotFoundException;
import dev.skein.trace.TraceId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the ids that reach object keys and paths: trace ids, tenant ids and object keys. A tenant
 * id that validates always makes a valid key under its own prefix, and no key, valid or not, reads
 * a file outside the local store's root.
 */
class IdsAndKeysFuzzTest {

  private static final Path DIR = tempDir();
  private static final LocalObjectStore STORE =
      new LocalObjectStore(LocalObjectStoreConfig.of(DIR.resolve("root")));

  @FuzzTest(maxDuration = "30s")
  void traceIdParseHex_anyText_parsesOrThrowsInvalidRequest(byte[] input) {
    String hex = new String(input, StandardCharsets.UTF_8);
    try {
      TraceId id = TraceId.parseHex(hex);
      // what parses is hex of at most 32 digits, and round-trips after zero-padding
      assertThat(hex).matches("[0-9a-fA-F]{1,32}");
      assertThat(TraceId.parseHex(id.toHex())).isEqualTo(id);
    } catch (InvalidRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void tenantId_valid_staysInsideItsPrefix(FuzzedDataProvider data) {
    String tenant = data.consumeString(200);
    String rest = data.consumeRemainingAsString();
    if (!TenantIds.isValid(tenant)) {
      try {
        TenantIds.validate(tenant);
        fail("invalid tenant id validated: " + tenant);
      } catch (InvalidRequestException expected) {
        return;
      }
    }
    String key = ObjectKeys.validate(tenant + "/blk/meta.json");
    assertThat(DIR.resolve("root").resolve(key).normalize().startsWith(DIR.resolve("root")))
        .as(key)
        .isTrue();
    assertThat(tenant).doesNotContain("/").isNotIn(".", "..");
    readOrRefuse(tenant + "/" + rest);
  }

  @FuzzTest(maxDuration = "30s")
  void localStore_anyKey_neverReadsOutsideRoot(byte[] input) {
    readOrRefuse(new String(input, StandardCharsets.UTF_8));
  }

  private static void readOrRefuse(String key) {
    try {
      byte[] got = STORE.get(key);
      fail("read " + got.length + " bytes from an empty store at " + key);
    } catch (IllegalArgumentException | ObjectNotFoundException expected) {
      // refused before touching the disk, or not there
    }
    try {
      assertThat(STORE.list(key)).isEmpty();
    } catch (IllegalArgumentException expected) {
      // refused
    }
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("skein-fuzz-keys");
      Files.createDirectories(dir.resolve("root"));
      // a file next to the root that a traversal would find
      Files.writeString(dir.resolve("secret"), "outside");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
