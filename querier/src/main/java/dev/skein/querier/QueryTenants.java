package dev.skein.querier;

import dev.skein.common.InvalidRequestException;
import dev.skein.common.TenantIds;
import dev.skein.common.UnauthenticatedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the tenants a query reads from its {@code X-Scope-OrgID} header, the only place a tenant
 * ever comes from. Stateless.
 */
public final class QueryTenants {

  /** The HTTP header (and gRPC metadata key) carrying the tenant, as in Tempo. */
  public static final String HEADER = "X-Scope-OrgID";

  /** The most tenants one query may read with {@code a|b|c}. */
  public static final int MAX_TENANTS = 16;

  private QueryTenants() {}

  /**
   * Resolves the tenants.
   *
   * @param header the header value, or null when absent
   * @param multitenancy whether multi-tenancy is on; when off every query reads {@code
   *     single-tenant} and the header is ignored
   * @param crossTenantQueries whether {@code a|b} may read several tenants at once
   * @return one or more distinct, validated tenant ids
   * @throws UnauthenticatedException when multi-tenancy is on and the header is missing or blank
   * @throws InvalidRequestException when a tenant id is invalid or {@code |} is not allowed
   */
  public static List<String> resolve(
      @Nullable String header, boolean multitenancy, boolean crossTenantQueries) {
    if (!multitenancy) {
      return List.of(TenantIds.SINGLE_TENANT);
    }
    if (header == null || header.isBlank()) {
      throw new UnauthenticatedException(
          "missing " + HEADER + " header: multi-tenancy is on, every request must name its tenant");
    }
    String[] parts = header.strip().split("\\|", -1);
    if (parts.length > 1 && !crossTenantQueries) {
      throw new InvalidRequestException(
          "cross-tenant queries ('"
              + header
              + "') are disabled"
              + " (skein.querier.cross-tenant-queries-enabled)");
    }
    if (parts.length > MAX_TENANTS) {
      throw new InvalidRequestException(
          HEADER + " names " + parts.length + " tenants, at most " + MAX_TENANTS);
    }
    LinkedHashSet<String> tenants = new LinkedHashSet<>();
    for (String part : parts) {
      tenants.add(TenantIds.validate(part.strip()));
    }
    return new ArrayList<>(tenants);
  }
}
