package dev.skein.server.config;

import dev.skein.server.lifecycle.ComponentRegistry;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.Target;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Logs, once started, what this process runs, where it listens and where it keeps data. */
@Component
class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);

  private final SkeinProperties properties;
  private final Set<Target> targets;
  private final Set<ComponentId> componentIds;
  private final ComponentRegistry registry;

  StartupSummary(
      SkeinProperties properties,
      Set<Target> targets,
      Set<ComponentId> componentIds,
      ComponentRegistry registry) {
    this.properties = properties;
    this.targets = targets;
    this.componentIds = componentIds;
    this.registry = registry;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    int httpPort = -1;
    if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
      httpPort = web.getWebServer().getPort();
    }
    LOG.info(
        "Skein ready: targets={} components={} running={} http=:{} storage={} data-dir={}"
            + " multitenancy={}",
        targets.stream().map(Target::configName).collect(Collectors.joining(",")),
        componentIds,
        registry.names(),
        httpPort,
        storageDescription(),
        Path.of(properties.getDataDir()).toAbsolutePath().normalize(),
        properties.isMultitenancyEnabled());
  }

  private String storageDescription() {
    SkeinProperties.Storage storage = properties.getStorage();
    if (storage.getBackend().equals("s3")) {
      SkeinProperties.S3 s3 = storage.getS3();
      return "s3(bucket="
          + s3.getBucket()
          + (s3.getEndpoint().isBlank() ? "" : ", endpoint=" + s3.getEndpoint())
          + (s3.getPrefix().isBlank() ? "" : ", prefix=" + s3.getPrefix())
          + ")";
    }
    return "local(" + properties.localStoreRoot() + ")";
  }
}
