package dev.skein.querier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.common.InvalidRequestException;
import dev.skein.common.UnauthenticatedException;
import org.junit.jupiter.api.Test;

class QueryTenantsTest {

  @Test
  void resolve_multitenancyOff_singleTenantWhateverTheHeader() {
    assertThat(QueryTenants.resolve(null, false, true)).containsExactly("single-tenant");
    assertThat(QueryTenants.resolve("team-a", false, true)).containsExactly("single-tenant");
  }

  @Test
  void resolve_multitenancyOnWithoutHeader_unauthenticated() {
    assertThatThrownBy(() -> QueryTenants.resolve(null, true, true))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageStartingWith("missing X-Scope-OrgID header");
    assertThatThrownBy(() -> QueryTenants.resolve("  ", true, true))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void resolve_moreTenantsThanTheLimit_400NamingTheLimit() {
    String sixteen = String.join("|", java.util.Collections.nCopies(16, "t"));
    assertThat(QueryTenants.resolve(sixteen, true, true)).containsExactly("t");
    assertThatThrownBy(() -> QueryTenants.resolve(sixteen + "|u", true, true))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("X-Scope-OrgID names 17 tenants, at most 16");
  }

  @Test
  void resolve_pipeList_distinctTenantsInOrder() {
    assertThat(QueryTenants.resolve("b|a|b", true, true)).containsExactly("b", "a");
  }

  @Test
  void resolve_pipeListWhenDisabled_rejected() {
    assertThatThrownBy(() -> QueryTenants.resolve("a|b", true, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cross-tenant queries ('a|b') are disabled");
  }

  @Test
  void resolve_traversalAttempt_rejected() {
    assertThatThrownBy(() -> QueryTenants.resolve("a|../b", true, true))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("tenant id '../b'");
    assertThatThrownBy(() -> QueryTenants.resolve("a||b", true, true))
        .hasMessage("tenant id is empty");
  }
}
