package dev.skein.compactor;

import dev.skein.storage.backend.ObjectStore;
import dev.skein.testkit.InMemoryObjectStore;

/** The compactor suite over an in-memory store. */
class InMemoryCompactorTest extends CompactorSuite {

  @Override
  ObjectStore store() {
    return new InMemoryObjectStore();
  }
}
