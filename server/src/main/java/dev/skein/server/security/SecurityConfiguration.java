package dev.skein.server.security;

import dev.skein.server.query.RequestTenants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires {@link TenantTokens} and, when {@code skein.auth.enabled}, the query API check. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  TenantTokens tenantTokens(AuthProperties properties) {
    TenantTokens tokens = properties.toConfig();
    if (tokens.enabled()) {
      LOG.info("bearer-token authentication on: {}", tokens);
    }
    return tokens;
  }

  @Bean
  WebMvcConfigurer bearerTokenCheck(TenantTokens tokens, RequestTenants tenants) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        if (tokens.enabled()) {
          registry
              .addInterceptor(new BearerTokenInterceptor(tokens, tenants))
              .addPathPatterns(BearerTokenInterceptor.QUERY_PATHS)
              .addPathPatterns("/api/search", BearerTokenInterceptor.FLUSH_PATH);
        }
      }
    };
  }
}
