package dev.skein.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"single-tenant", "a", "team_1.prod", "A-Z.09"})
  void validate_validId_returnsIt(String id) {
    assertThat(TenantIds.validate(id)).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../etc", "a/b", "a b", "ten%2F", "a\\b", "é"})
  void validate_invalidId_throwsNamingIt(String id) {
    assertThatThrownBy(() -> TenantIds.validate(id))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("tenant id");
  }

  @org.junit.jupiter.api.Test
  void validate_tooLong_namesTheLimit() {
    assertThatThrownBy(() -> TenantIds.validate("a".repeat(151)))
        .hasMessage("tenant id is 151 characters long, the limit is 150");
  }
}
