package dev.skein.server.compactor;

import dev.skein.compactor.Compactor;
import dev.skein.compactor.CompactorConfig;
import dev.skein.server.config.SkeinProperties;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import dev.skein.storage.backend.ObjectStore;
import dev.skein.storage.block.BlockConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the compactor when the target runs it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnComponent(ComponentId.COMPACTOR)
public class CompactorConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(CompactorConfiguration.class);

  @Bean
  CompactorConfig compactorConfig(CompactorProperties properties, SkeinProperties skein) {
    CompactorConfig config =
        properties.toConfig(
            Path.of(skein.getDataDir(), "compactor").toAbsolutePath().normalize(),
            skein.getStorage().getBlocklistPoll());
    if (config.compactedBlockRetention().compareTo(config.blocklistPoll().multipliedBy(2)) < 0) {
      LOG.warn(
          "skein.compactor.compacted-block-retention ({}) is less than twice"
              + " skein.storage.blocklist-poll ({}): queriers may still read a compacted block"
              + " after it was deleted and fail with not-found",
          config.compactedBlockRetention(),
          config.blocklistPoll());
    }
    return config;
  }

  /** The compactor loop; closed by the component registry only. */
  @Bean(destroyMethod = "")
  Compactor compactor(
      ObjectStore store,
      CompactorConfig config,
      CompactorProperties properties,
      MeterRegistry meterRegistry) {
    String owner =
        properties.getInstanceId().isBlank() ? defaultInstanceId() : properties.getInstanceId();
    return new Compactor(
        store, config, BlockConfig.defaults(), meterRegistry, Clock.systemUTC(), owner);
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
