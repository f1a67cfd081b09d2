package dev.skein.server.ingest;

import dev.skein.common.NotFoundException;
import dev.skein.ingester.live.Ingester;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /flush}: cuts every live trace and head block of this ingester now. */
@RestController
class FlushController {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(FlushController.class);

  private final ObjectProvider<Ingester> ingester;

  FlushController(ObjectProvider<Ingester> ingester) {
    this.ingester = ingester;
  }

  /**
   * 204 once everything is cut and every cut block was attempted once (blocks the store refused
   * stay queued for retries and findable here); 404 when this process runs no ingester.
   */
  @PostMapping("/flush")
  ResponseEntity<Void> flush() {
    Ingester i = ingester.getIfAvailable();
    if (i == null) {
      throw new NotFoundException("this process runs no ingester (skein.target)");
    }
    int left = i.flush();
    if (left > 0) {
      LOG.warn("POST /flush: {} blocks could not be flushed; they are retried with backoff", left);
    }
    return ResponseEntity.noContent().build();
  }
}
