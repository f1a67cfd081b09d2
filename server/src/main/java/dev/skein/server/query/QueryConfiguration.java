package dev.skein.server.query;

import dev.skein.querier.QuerierConfig;
import dev.skein.querier.trace.TraceByIdQuery;
import dev.skein.querier.trace.TraceSource;
import dev.skein.server.target.ComponentId;
import dev.skein.server.target.ConditionalOnComponent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the querier when the target runs it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnComponent(ComponentId.QUERIER)
public class QueryConfiguration {

  @Bean
  QuerierConfig querierConfig(QuerierProperties properties) {
    return properties.toConfig();
  }

  /** Trace by id over every {@link TraceSource} bean: the ingesters and the backend blocks. */
  @Bean
  TraceByIdQuery traceByIdQuery(ObjectProvider<TraceSource> sources, QuerierConfig config) {
    return new TraceByIdQuery(sources.orderedStream().toList(), config);
  }
}
