package dev.skein.server.security;

import dev.skein.server.config.ModuleProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code skein.auth.*}: optional bearer-token authentication per tenant. */
@ConfigurationProperties("skein.auth")
public class AuthProperties implements ModuleProperties {

  /**
   * Whether the query API (/api/traces, /api/v2/traces, /api/search, /api/v2/search, analysis),
   * POST /flush and both OTLP receivers require "Authorization: Bearer <token>" valid for every
   * tenant of the request (401 without a valid token, 403 for another tenant's token).
   */
  private boolean enabled = false;

  /**
   * Token per tenant, e.g. skein.auth.tenant-tokens.acme=sha256:<hex> (the SHA-256 of the token,
   * preferred) or the token itself. With multi-tenancy off the tenant is "single-tenant". Never
   * logged or shown.
   */
  private Map<String, String> tenantTokens = new LinkedHashMap<>();

  /** The immutable, hashed tokens. */
  @Override
  public TenantTokens toConfig() {
    return TenantTokens.of(enabled, tenantTokens);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Map<String, String> getTenantTokens() {
    return tenantTokens;
  }

  public void setTenantTokens(Map<String, String> tenantTokens) {
    this.tenantTokens = tenantTokens;
  }

  @Override
  public String toString() {
    return "AuthProperties{enabled=" + enabled + ", tenants=" + tenantTokens.keySet() + "}";
  }
}
