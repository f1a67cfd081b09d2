package dev.skein.server.compactor;

import dev.skein.common.NotFoundException;
import dev.skein.compactor.Compactor;
import dev.skein.compactor.CycleReport;
import dev.skein.server.http.ErrorBody;
import dev.skein.storage.tenant.PolledBlockList;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /compactor/run}: runs one compaction cycle over every tenant now (after the cycle in
 * progress, if any), waits for it, then refreshes this process's block list so that its queries
 * read the outputs at once. For operators and the end-to-end benchmark's verification after
 * compaction.
 */
@RestController
class CompactorRunController {

  /** Longest wait for a cycle; the cycle goes on after it. */
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(CompactorRunController.class);

  private final ObjectProvider<Compactor> compactor;
  private final ObjectProvider<PolledBlockList> blockList;

  CompactorRunController(
      ObjectProvider<Compactor> compactor, ObjectProvider<PolledBlockList> blockList) {
    this.compactor = compactor;
    this.blockList = blockList;
  }

  /** 200 with what the cycle did; 404 without a compactor; 503 shutting down; 504 too slow. */
  @PostMapping("/compactor/run")
  ResponseEntity<?> run() throws InterruptedException {
    Compactor c = compactor.getIfAvailable();
    if (c == null) {
      throw new NotFoundException("this process runs no compactor (skein.target)");
    }
    LOG.info("compaction cycle requested over HTTP");
    CycleReport report;
    try {
      report = c.runCycleNow(TIMEOUT);
    } catch (IllegalStateException e) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, String.valueOf(e.getMessage()));
    } catch (TimeoutException e) {
      return error(
          HttpStatus.GATEWAY_TIMEOUT,
          "compaction cycle still running after "
              + TIMEOUT.toMinutes()
              + " min; it goes on in the background");
    }
    PolledBlockList list = blockList.getIfAvailable();
    if (list != null) {
      list.refresh();
    }
    LOG.info("requested compaction cycle done: {}", report);
    return ResponseEntity.ok(report);
  }

  private static ResponseEntity<ErrorBody> error(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(new ErrorBody(message, status.value()));
  }
}
