package dev.skein.server.query;

import dev.skein.querier.QueryTenants;
import dev.skein.server.config.SkeinProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Resolves the tenants of a query request from its {@code X-Scope-OrgID} header. */
@Component
public class RequestTenants {

  private final boolean multitenancy;
  private final boolean crossTenant;

  RequestTenants(SkeinProperties skein, QuerierProperties querier) {
    this.multitenancy = skein.isMultitenancyEnabled();
    this.crossTenant = querier.isCrossTenantQueriesEnabled();
  }

  /** The tenants named by {@code header} (the raw header value, or null when absent). */
  public List<String> resolve(@Nullable String header) {
    return QueryTenants.resolve(header, multitenancy, crossTenant);
  }
}
