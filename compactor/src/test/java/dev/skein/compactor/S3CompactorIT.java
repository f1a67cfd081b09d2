package dev.skein.compactor;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.backend.S3ObjectStore;
import dev.skein.testkit.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The compactor suite over S3 (an in-process S3 API server), each test under its own prefix. */
class S3CompactorIT extends CompactorSuite {

  static S3TestServer server;
  final List<ObjectStore> opened = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = S3TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ObjectStore::close);
  }

  @Override
  ObjectStore store() {
    ObjectStore store = new S3ObjectStore(server.config("c-" + UUID.randomUUID()).build());
    opened.add(store);
    return store;
  }
}
