package dev.skein.server.config;

import dev.skein.common.Component;
import dev.skein.server.lifecycle.ComponentLifecycle;
import dev.skein.server.lifecycle.ComponentRegistry;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.Target;
import dev.skein.server.target.TargetMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The root wiring: validates the configuration before anything else is built, resolves targets to
 * components and owns their lifecycle.
 *
 * <p>Component beans are declared with {@code destroyMethod = ""} by the module wiring so that only
 * the {@link ComponentRegistry} closes them, in reverse start order.
 */
@Configuration(proxyBeanMethods = false)
public class SkeinConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SkeinConfiguration.class);

  /** Validates every setting at once; logs warnings, stops startup on problems. */
  @Bean
  ConfigReport configReport(SkeinProperties properties, List<ModuleProperties> modules) {
    ConfigReport report = ConfigValidator.validate(properties, modules);
    for (String warning : report.warnings()) {
      LOG.warn("configuration warning: {}", warning);
    }
    if (!report.valid()) {
      throw new InvalidConfigException(report.problems());
    }
    return report;
  }

  /** The targets this process runs. */
  @Bean
  Set<Target> targets(SkeinProperties properties, ConfigReport validated) {
    return TargetMap.parse(List.of(properties.getTarget()));
  }

  /** The components the targets ask for. */
  @Bean
  Set<ComponentId> componentIds(Set<Target> targets) {
    return TargetMap.componentsOf(targets);
  }

  @Bean
  ComponentRegistry componentRegistry(ListableBeanFactory beans) {
    return new ComponentRegistry(beans.getBeansOfType(Component.class));
  }

  @Bean
  ComponentLifecycle componentLifecycle(ComponentRegistry registry) {
    return new ComponentLifecycle(registry);
  }

  /**
   * Applies skein.server.http-listen-port (after Boot's own customizer, as this one is unordered),
   * unless Spring's own server.port was given explicitly (for example by a test asking for a random
   * port).
   */
  @Bean
  WebServerFactoryCustomizer<ConfigurableWebServerFactory> skeinHttpPort(
      SkeinProperties properties, Environment environment) {
    return new WebServerFactoryCustomizer<>() {
      @Override
      public void customize(ConfigurableWebServerFactory factory) {
        if (!environment.containsProperty("server.port")) {
          factory.setPort(properties.getServer().getHttpListenPort());
        }
      }
    };
  }
}
