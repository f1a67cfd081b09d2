package dev.skein.storage.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/../b", "/abs", "a/", "a//b", ".", "a/./b", "a\\b", "a%2fb"})
  void validate_traversalOrOddCharacters_throws(String key) {
    assertThatThrownBy(() -> ObjectKeys.validate(key)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {255, 256})
  void validate_longSegment_limitIsNameMax(int length) {
    // found by IdsAndKeysFuzzTest: a 300-char segment failed late as "File name too long" (I/O)
    String key = "tenant/" + "s".repeat(length);
    if (length <= ObjectKeys.MAX_SEGMENT_LENGTH) {
      assertThat(ObjectKeys.validate(key)).isEqualTo(key);
    } else {
      assertThatThrownBy(() -> ObjectKeys.validate(key))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the limit is 255");
    }
  }
}
