package dev.skein.ingester.distributor;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per-tenant limit overrides (as Tempo's per-tenant overrides): tenants not named here get the
 * defaults of {@link DistributorConfig} and the ingester's config. Immutable.
 */
public final class Overrides {

  /** No tenant has overrides. */
  public static final Overrides NONE = new Overrides(Map.of());

  private final Map<String, TenantLimits> byTenant;

  private Overrides(Map<String, TenantLimits> byTenant) {
    this.byTenant = byTenant;
  }

  /**
   * Overrides of the given tenants.
   *
   * @param byTenant tenant id to its overrides
   */
  public static Overrides of(Map<String, TenantLimits> byTenant) {
    return byTenant.isEmpty() ? NONE : new Overrides(Map.copyOf(byTenant));
  }

  /** The tenant's overrides; {@link TenantLimits#DEFAULTS} when it has none. */
  public TenantLimits forTenant(String tenant) {
    return byTenant.getOrDefault(tenant, TenantLimits.DEFAULTS);
  }

  @Override
  public String toString() {
    return "Overrides" + new TreeMap<>(byTenant);
  }
}
