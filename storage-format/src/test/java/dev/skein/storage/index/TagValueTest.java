package dev.skein.storage.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TagValue}'s written-out equality: by type and text, as the record's would be. */
class TagValueTest {

  @Test
  void equalByTypeAndText_sameHash_usableAsKey() {
    TagValue a = TagValue.string(new String("GET"));
    TagValue b = new TagValue(TagValue.Type.STRING, new String("GET"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new TagValue(TagValue.Type.INT, "GET"));
    assertThat(a).isNotEqualTo(TagValue.string("get"));
    assertThat(TagValue.ofInt(200)).isEqualTo(new TagValue(TagValue.Type.INT, "200"));
    assertThat(a).isNotEqualTo(null).isNotEqualTo("GET");
    Map<TagValue, Integer> m = new HashMap<>();
    m.put(a, 1);
    m.put(TagValue.ofInt(7), 2);
    assertThat(m.get(b)).isEqualTo(1);
    assertThat(m.get(new TagValue(TagValue.Type.INT, "7"))).isEqualTo(2);
    assertThat(m.get(new TagValue(TagValue.Type.DOUBLE, "7"))).isNull();
  }
}
