package dev.skein.querier.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skein.api.v1.SearchTagValuesV2Response;
import dev.skein.api.v1.SearchTagsV2Response;
import dev.skein.api.v1.SearchTagsV2Scope;
import dev.skein.api.v1.TagValue;
import dev.skein.common.InvalidRequestException;
import dev.skein.trace.Trace;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagsEngineTest {

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static KeyValue kv(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  static Trace trace(int n, String service, String name, KeyValue... attrs) {
    TraceId id = TraceId.parseHex(Integer.toHexString(n));
    Span span =
        Span.newBuilder()
            .setTraceId(id.toByteString())
            .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
            .setName(name)
            .setStartTimeUnixNano(1)
            .setEndTimeUnixNano(2)
            .addAllAttributes(List.of(attrs))
            .build();
    return new Trace(
        id,
        List.of(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build()));
  }

  final TagsEngine engine =
      new TagsEngine(
          List.of(
              new TraceListTagSource(
                  tenant ->
                      tenant.equals("a")
                          ? List.of(
                              trace(
                                  1,
                                  "cart",
                                  "GET /cart",
                                  kv("http.method", "GET"),
                                  kv("http.status_code", 200)),
                              trace(
                                  2,
                                  "shop",
                                  "POST /buy",
                                  kv("http.method", "POST"),
                                  kv("user.id", "u1")))
                          : List.of(trace(3, "secret", "hidden", kv("tenant.b.only", "x"))))));

  static List<String> tags(SearchTagsV2Response r, String scope) {
    return r.getScopesList().stream()
        .filter(s -> s.getName().equals(scope))
        .findFirst()
        .<List<String>>map(SearchTagsV2Scope::getTagsList)
        .orElse(List.of());
  }

  @Test
  void tagsV2_groupedByScopeWithIntrinsics() {
    SearchTagsV2Response r = engine.tagsV2(List.of("a"), Map.of());
    assertThat(tags(r, "span")).containsExactly("http.method", "http.status_code", "user.id");
    assertThat(tags(r, "resource")).containsExactly("service.name");
    assertThat(tags(r, "intrinsic")).contains("name", "status", "span:name", "trace:rootService");
  }

  @Test
  void tagsV2_tenantIsolation() {
    assertThat(tags(engine.tagsV2(List.of("a"), Map.of()), "span")).doesNotContain("tenant.b.only");
    assertThat(tags(engine.tagsV2(List.of("b"), Map.of()), "span"))
        .containsExactly("tenant.b.only");
  }

  @Test
  void tagsV2_scopeFilter() {
    SearchTagsV2Response r = engine.tagsV2(List.of("a"), Map.of("scope", "resource"));
    assertThat(r.getScopesList())
        .extracting(SearchTagsV2Scope::getName)
        .containsExactly("resource");
  }

  @Test
  void tagsV1_flat() {
    assertThat(engine.tagsV1(List.of("a"), Map.of()).getTagNamesList())
        .containsExactly("http.method", "http.status_code", "service.name", "user.id");
  }

  @Test
  void tagValuesV2_typedValues() {
    SearchTagValuesV2Response r =
        engine.tagValuesV2(List.of("a"), "span.http.status_code", Map.of());
    assertThat(r.getTagValuesList())
        .containsExactly(TagValue.newBuilder().setType("int").setValue("200").build());
    assertThat(
            engine.tagValuesV2(List.of("a"), "resource.service.name", Map.of()).getTagValuesList())
        .extracting(TagValue::getValue)
        .containsExactly("cart", "shop");
  }

  @Test
  void tagValuesV2_intrinsicName_andStatusKeywords() {
    assertThat(engine.tagValuesV2(List.of("a"), "name", Map.of()).getTagValuesList())
        .extracting(TagValue::getValue)
        .containsExactly("GET /cart", "POST /buy");
    assertThat(engine.tagValuesV2(List.of("a"), "status", Map.of()).getTagValuesList())
        .extracting(TagValue::getType, TagValue::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("keyword", "error"));
  }

  @Test
  void tagValuesV2_queryFilter_onlyMatchingSpans() {
    SearchTagValuesV2Response r =
        engine.tagValuesV2(
            List.of("a"), ".http.method", Map.of("q", "{ resource.service.name = \"shop\" }"));
    assertThat(r.getTagValuesList()).extracting(TagValue::getValue).containsExactly("POST");
  }

  @Test
  void tagValuesV2_incompleteQuery_ignored() {
    SearchTagValuesV2Response r =
        engine.tagValuesV2(List.of("a"), ".http.method", Map.of("q", "{ resource.service.name = "));
    assertThat(r.getTagValuesList()).extracting(TagValue::getValue).containsExactly("GET", "POST");
  }

  @Test
  void tagValuesV2_unscopedWithoutDot_400() {
    assertThatThrownBy(() -> engine.tagValuesV2(List.of("a"), "app.user.id", Map.of()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("tag 'app.user.id' is not a TraceQL identifier");
  }

  @Test
  void tagValuesV1_plainAttributeName() {
    assertThat(engine.tagValuesV1(List.of("a"), "http.method", Map.of()).getTagValuesList())
        .containsExactly("GET", "POST");
  }

  @Test
  void limit_overTheCap_is400NamingTheCap() {
    assertThatThrownBy(() -> engine.tagValuesV2(List.of("a"), "name", Map.of("limit", "50001")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("limit must be <= 50000, was 50001");
    assertThatThrownBy(() -> engine.tagsV2(List.of("a"), Map.of("limit", "2147483647")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("limit must be <= 50000");
    assertThat(
            engine.tagValuesV2(List.of("a"), "name", Map.of("limit", "50000")).getTagValuesList())
        .isNotEmpty();
  }

  @Test
  void limit_appliesToValues() {
    assertThat(engine.tagValuesV2(List.of("a"), "name", Map.of("limit", "1")).getTagValuesList())
        .hasSize(1);
  }
}
