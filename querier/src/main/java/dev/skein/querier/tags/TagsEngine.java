package dev.skein.querier.tags;

import dev.skein.api.v1.SearchTagValuesResponse;
import dev.skein.api.v1.SearchTagValuesV2Response;
import dev.skein.api.v1.SearchTagsResponse;
import dev.skein.api.v1.SearchTagsV2Response;
import dev.skein.api.v1.SearchTagsV2Scope;
import dev.skein.common.InvalidRequestException;
import dev.skein.querier.search.SearchRequestParser;
import dev.skein.querier.trace.TimeWindow;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.Query;
import dev.skein.traceql.TraceQL;
import dev.skein.traceql.TraceQLException;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.Intrinsic;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.eval.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Answers the four tag endpoints from every {@link TagSource}, merging tenants and sources, adding
 * the intrinsics, and applying {@code limit}. Thread-safe.
 */
public final class TagsEngine {

  /** Default number of names per scope or values returned. */
  public static final int DEFAULT_LIMIT = 5000;

  /**
   * Largest {@code limit} a request may ask for (values are at most 1024 characters each, so an
   * answer stays under about 50 MB); more is a 400.
   */
  public static final int MAX_LIMIT = 50_000;

  /** The scopes attribute names are grouped in, in response order. */
  static final List<String> SCOPES =
      List.of("resource", "span", "event", "link", "instrumentation");

  static final List<String> INTRINSICS =
      List.of(
          "duration",
          "event:name",
          "event:timeSinceStart",
          "instrumentation:name",
          "instrumentation:version",
          "kind",
          "link:spanID",
          "link:traceID",
          "name",
          "rootName",
          "rootServiceName",
          "span:childCount",
          "span:duration",
          "span:id",
          "span:kind",
          "span:name",
          "span:parentID",
          "span:status",
          "span:statusMessage",
          "status",
          "statusMessage",
          "trace:duration",
          "trace:id",
          "trace:rootName",
          "trace:rootService",
          "traceDuration");

  private final List<TagSource> sources;

  /** Creates the engine over {@code sources}. */
  public TagsEngine(List<TagSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /** {@code GET /api/v2/search/tags}: names grouped by scope, intrinsics included. */
  public SearchTagsV2Response tagsV2(List<String> tenants, Map<String, String> params) {
    String scope = scope(params);
    TagRequest request = request(params);
    Map<String, Set<String>> merged = names(tenants, request);
    SearchTagsV2Response.Builder out = SearchTagsV2Response.newBuilder();
    for (String s : SCOPES) {
      if ((scope == null || scope.equals(s)) && merged.containsKey(s)) {
        out.addScopes(
            SearchTagsV2Scope.newBuilder().setName(s).addAllTags(limit(merged.get(s), request)));
      }
    }
    if (scope == null || scope.equals("intrinsic")) {
      out.addScopes(SearchTagsV2Scope.newBuilder().setName("intrinsic").addAllTags(INTRINSICS));
    }
    return out.build();
  }

  /** {@code GET /api/search/tags}: attribute names of every scope, flat. */
  public SearchTagsResponse tagsV1(List<String> tenants, Map<String, String> params) {
    String scope = scope(params);
    TagRequest request = request(params);
    TreeSet<String> flat = new TreeSet<>();
    names(tenants, request)
        .forEach(
            (s, names) -> {
              if (scope == null || scope.equals(s)) {
                flat.addAll(names);
              }
            });
    if ("intrinsic".equals(scope)) {
      flat.addAll(INTRINSICS);
    }
    return SearchTagsResponse.newBuilder().addAllTagNames(limit(flat, request)).build();
  }

  /** {@code GET /api/v2/search/tag/{tag}/values}: typed values of a TraceQL identifier. */
  public SearchTagValuesV2Response tagValuesV2(
      List<String> tenants, String tag, Map<String, String> params) {
    FieldExpr field = field(tag);
    TagRequest request = request(params);
    SearchTagValuesV2Response.Builder out = SearchTagValuesV2Response.newBuilder();
    for (TagValue v : limit(values(tenants, field, request), request)) {
      out.addTagValues(
          dev.skein.api.v1.TagValue.newBuilder().setType(v.type()).setValue(v.value()));
    }
    return out.build();
  }

  /** {@code GET /api/search/tag/{tag}/values}: string values of an attribute of any scope. */
  public SearchTagValuesResponse tagValuesV1(
      List<String> tenants, String tag, Map<String, String> params) {
    if (tag.isBlank()) {
      throw new InvalidRequestException("tag name is empty");
    }
    TagRequest request = request(params);
    TreeSet<String> values = new TreeSet<>();
    for (TagValue v : values(tenants, new Attribute(Scope.UNSCOPED, tag), request)) {
      values.add(v.value());
    }
    return SearchTagValuesResponse.newBuilder().addAllTagValues(limit(values, request)).build();
  }

  private Map<String, Set<String>> names(List<String> tenants, TagRequest request) {
    Map<String, Set<String>> merged = new TreeMap<>();
    for (String tenant : tenants) {
      for (TagSource source : sources) {
        source
            .tagNames(tenant, request)
            .forEach((s, n) -> merged.computeIfAbsent(s, k -> new TreeSet<>()).addAll(n));
      }
    }
    return merged;
  }

  private Set<TagValue> values(List<String> tenants, FieldExpr field, TagRequest request) {
    TreeSet<TagValue> values = new TreeSet<>();
    if (field instanceof IntrinsicField i && i.intrinsic() == Intrinsic.STATUS) {
      for (StatusCode c : StatusCode.values()) {
        values.add(new TagValue("keyword", c.keyword()));
      }
      return values;
    }
    if (field instanceof IntrinsicField i && i.intrinsic() == Intrinsic.KIND) {
      for (SpanKind k : SpanKind.values()) {
        values.add(new TagValue("keyword", k.keyword()));
      }
      return values;
    }
    for (String tenant : tenants) {
      for (TagSource source : sources) {
        values.addAll(source.tagValues(tenant, field, request));
      }
    }
    return values;
  }

  /**
   * The field a v2 tag identifier names, e.g. {@code resource.service.name}, {@code .foo}, {@code
   * name}.
   */
  public static FieldExpr field(String tag) {
    Query q;
    try {
      q = TraceQL.parse("{ " + tag + " != nil }");
    } catch (TraceQLException e) {
      throw new InvalidRequestException(
          "tag '"
              + tag
              + "' is not a TraceQL identifier such as resource.service.name, .foo or"
              + " name");
    }
    List<FieldExpr> fields = new ArrayList<>(q.conditions().fields());
    if (fields.size() != 1) {
      throw new InvalidRequestException("tag '" + tag + "' is not a single TraceQL identifier");
    }
    return fields.get(0);
  }

  private static @Nullable String scope(Map<String, String> params) {
    String scope = params.get("scope");
    if (scope == null || scope.isBlank() || scope.equals("all")) {
      return null;
    }
    if (!SCOPES.contains(scope) && !scope.equals("intrinsic")) {
      throw new InvalidRequestException(
          "scope must be one of resource, span, event, link, instrumentation, intrinsic, was '"
              + scope
              + "'");
    }
    return scope;
  }

  private static TagRequest request(Map<String, String> params) {
    long start = SearchRequestParser.seconds(params, "start");
    long end = SearchRequestParser.seconds(params, "end");
    int limit = DEFAULT_LIMIT;
    String raw = params.get("limit");
    if (raw != null && !raw.isBlank()) {
      try {
        limit = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        throw new InvalidRequestException("limit must be a whole number, was '" + raw + "'");
      }
      if (limit <= 0) {
        limit = DEFAULT_LIMIT; // Tempo treats 0 as "no explicit limit"
      }
      if (limit > MAX_LIMIT) {
        throw new InvalidRequestException("limit must be <= " + MAX_LIMIT + ", was " + limit);
      }
    }
    Evaluator filter = filter(params);
    return new TagRequest(
        new TimeWindow(start, end),
        start == 0 && end == 0,
        limit,
        filter,
        filter == null ? "" : params.get("q").strip());
  }

  /** The {@code q} filter; Tempo ignores an incomplete or invalid one rather than failing. */
  private static @Nullable Evaluator filter(Map<String, String> params) {
    String q = params.get("q");
    if (q == null || q.isBlank()) {
      return null;
    }
    try {
      return Evaluator.of(TraceQL.parse(q));
    } catch (TraceQLException e) {
      return null;
    }
  }

  private static <T> List<T> limit(Set<T> items, TagRequest request) {
    return items.stream().limit(request.limit()).toList();
  }
}
