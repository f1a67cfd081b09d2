package dev.skein.server.security;

import dev.skein.common.ForbiddenException;
import dev.skein.common.UnauthenticatedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Bearer tokens per tenant, kept only as SHA-256 digests and compared in constant time ({@link
 * MessageDigest#isEqual}). A request is let through when its {@code Authorization: Bearer <token>}
 * is valid for every tenant it names. Messages name tenants, never tokens. Immutable, thread-safe.
 */
public final class TenantTokens {

  /** Prefix of a configured value that is already a digest: {@code sha256:<64 hex digits>}. */
  public static final String SHA256_PREFIX = "sha256:";

  private static final String BEARER = "bearer ";

  /** Authentication off: every request passes. */
  public static final TenantTokens DISABLED = new TenantTokens(false, Map.of());

  private final boolean enabled;
  private final Map<String, byte[]> digests;

  private TenantTokens(boolean enabled, Map<String, byte[]> digests) {
    this.enabled = enabled;
    this.digests = digests;
  }

  /**
   * Tokens from configuration: tenant to either the token itself or {@code sha256:<hex>} of it.
   *
   * @throws IllegalArgumentException naming the tenant (not the value) when a value is blank or a
   *     malformed digest, or when authentication is enabled without any token
   */
  public static TenantTokens of(boolean enabled, Map<String, String> tokens) {
    if (!enabled) {
      return DISABLED;
    }
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException(
          "skein.auth.enabled is true but skein.auth.tenant-tokens is empty: no request could"
              + " authenticate");
    }
    Map<String, byte[]> digests = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : tokens.entrySet()) {
      String value = e.getValue() == null ? "" : e.getValue().strip();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("skein.auth.tenant-tokens." + e.getKey() + " is empty");
      }
      if (value.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
        String hex = value.substring(SHA256_PREFIX.length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
          throw new IllegalArgumentException(
              "skein.auth.tenant-tokens."
                  + e.getKey()
                  + " starts with sha256: but is not followed by 64 hex digits");
        }
        digests.put(e.getKey(), HexFormat.of().parseHex(hex));
      } else {
        digests.put(e.getKey(), sha256(value));
      }
    }
    return new TenantTokens(true, Map.copyOf(digests));
  }

  /** Whether authentication is on. */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Checks the {@code Authorization} header of a request for {@code tenants}.
   *
   * @param authorization the raw header value, or null when absent
   * @throws UnauthenticatedException when the header is missing, not a bearer token, or the token
   *     is valid for no tenant at all (401)
   * @throws ForbiddenException when the token is valid, but not for one of {@code tenants} (403)
   */
  public void check(@Nullable String authorization, List<String> tenants) {
    if (!enabled) {
      return;
    }
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthenticatedException(
          "missing Authorization header; send 'Authorization: Bearer <token>' (skein.auth is on)");
    }
    String header = authorization.strip();
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || header.substring(BEARER.length()).isBlank()) {
      throw new UnauthenticatedException(
          "the Authorization header is not a bearer token; send 'Authorization: Bearer <token>'");
    }
    byte[] presented = sha256(header.substring(BEARER.length()).strip());
    // Compare against every tenant's digest, not stopping at the first match, so the time taken
    // says nothing about which tenant (if any) a token belongs to.
    boolean validForAny = false;
    for (byte[] digest : digests.values()) {
      validForAny |= MessageDigest.isEqual(digest, presented);
    }
    if (!validForAny) {
      throw new UnauthenticatedException("the bearer token is not valid");
    }
    for (String tenant : tenants) {
      byte[] expected = digests.get(tenant);
      if (expected == null || !MessageDigest.isEqual(expected, presented)) {
        throw new ForbiddenException(
            "the bearer token is not valid for tenant '" + tenant + "' (X-Scope-OrgID)");
      }
    }
  }

  /**
   * The SHA-256 digest of {@code token}'s UTF-8 bytes, as configured with {@link #SHA256_PREFIX}.
   */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * {@code sha256:<hex>} of {@code token}: the form to put in configuration instead of the token.
   */
  public static String digestOf(String token) {
    return SHA256_PREFIX + HexFormat.of().formatHex(sha256(token)).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return enabled ? "TenantTokens{tenants=" + digests.keySet() + "}" : "TenantTokens{disabled}";
  }
}
