package dev.skein.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.ForbiddenException;
import dev.skein.common.UnauthenticatedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantTokensTest {

  static final TenantTokens TOKENS =
      TenantTokens.of(true, Map.of("a", "secret-a", "b", TenantTokens.digestOf("secret-b")));

  @Test
  void check_tokenOfTheTenant_passes_plainOrDigestConfigured() {
    assertThatCode(() -> TOKENS.check("Bearer secret-a", List.of("a"))).doesNotThrowAnyException();
    assertThatCode(() -> TOKENS.check("bearer   secret-b ", List.of("b")))
        .doesNotThrowAnyException();
  }

  @Test
  void check_missingMalformedOrUnknownToken_isUnauthenticated() {
    for (String header :
        new String[] {null, "", "secret-a", "Basic secret-a", "Bearer ", "Bearer x"}) {
      assertThatThrownBy(() -> TOKENS.check(header, List.of("a")))
          .as(String.valueOf(header))
          .isInstanceOf(UnauthenticatedException.class)
          .message()
          .doesNotContain("secret");
    }
  }

  @Test
  void check_anotherTenantsToken_isForbiddenNamingTheTenantNotTheToken() {
    assertThatThrownBy(() -> TOKENS.check("Bearer secret-b", List.of("a")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("the bearer token is not valid for tenant 'a' (X-Scope-OrgID)");
    assertThatThrownBy(() -> TOKENS.check("Bearer secret-a", List.of("a", "b")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("tenant 'b'");
    assertThatThrownBy(() -> TOKENS.check("Bearer secret-a", List.of("unconfigured")))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void check_noTenants_needsATokenOfAnyTenant() {
    assertThatCode(() -> TOKENS.check("Bearer secret-b", List.of())).doesNotThrowAnyException();
    assertThatThrownBy(() -> TOKENS.check("Bearer other", List.of()))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void disabled_letsEverythingThrough() {
    TenantTokens off = TenantTokens.of(false, Map.of());
    assertThat(off.enabled()).isFalse();
    assertThatCode(() -> off.check(null, List.of("a"))).doesNotThrowAnyException();
  }

  @Test
  void of_badConfiguration_namesThePropertyNeverTheValue() {
    assertThatThrownBy(() -> TenantTokens.of(true, Map.of()))
        .hasMessageContaining("skein.auth.tenant-tokens is empty");
    assertThatThrownBy(() -> TenantTokens.of(true, Map.of("a", " ")))
        .hasMessage("skein.auth.tenant-tokens.a is empty");
    assertThatThrownBy(() -> TenantTokens.of(true, Map.of("a", "sha256:abc-secret")))
        .hasMessageContaining("skein.auth.tenant-tokens.a starts with sha256:")
        .message()
        .doesNotContain("abc-secret");
  }

  @Test
  void toStringAndDigest_neverShowTheToken() {
    assertThat(TOKENS.toString()).doesNotContain("secret").contains("a").contains("b");
    assertThat(new AuthProperties().toString()).doesNotContain("secret");
    assertThat(TenantTokens.digestOf("secret-b"))
        .startsWith("sha256:")
        .hasSize(7 + 64)
        .doesNotContain("secret");
  }
}
