package dev.skein.querier.blocks;

import dev.skein.querier.tags.TagRequest;
import dev.skein.querier.tags.TagSource;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.block.TraceProjection;
import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.Trace;
import dev.skein.trace.view.OtlpTraceView;
import dev.skein.trace.view.TagCollector;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.Query;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.Literal;
import dev.skein.traceql.ast.SpansetFilter;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.eval.Evaluator;
import dev.skein.traceql.plan.Condition;
import dev.skein.traceql.plan.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Tag names and values of each block in the window. Without a {@code q} filter (or with one every
 * span matches, {@code {}}) they come from the value dictionaries of the block's search index,
 * without reading span data. With one, only the spans the filter matches contribute, as on
 * ingesters: the traces that may match are found on the block's columns (index rows, pushed-down
 * conditions, see {@link MatchingTraces}), assembled with only the columns needed, and the filter
 * is evaluated on them.
 */
public final class BlockTagSource implements TagSource {

  private final BlockList blocks;
  private final BlockReaders readers;

  /** Creates the source. */
  public BlockTagSource(BlockList blocks, BlockReaders readers) {
    this.blocks = blocks;
    this.readers = readers;
  }

  @Override
  public Map<String, Set<String>> tagNames(String tenant, TagRequest request) {
    Query filter = filter(request);
    if (filter != null) {
      TagCollector collector = new TagCollector(request.filter(), request.limit());
      forEachMatching(
          tenant,
          request,
          filter,
          TraceProjection.ALL,
          t -> collector.addNames(new OtlpTraceView(t)));
      return collector.names();
    }
    Map<String, Set<String>> out = new TreeMap<>();
    for (SearchIndex index : indexes(tenant, request)) {
      add(out, "resource", index.tagNames(TagScope.RESOURCE), request.limit());
      add(out, "span", index.tagNames(TagScope.SPAN), request.limit());
    }
    return out;
  }

  @Override
  public Set<TagValue> tagValues(String tenant, FieldExpr field, TagRequest request) {
    Query filter = filter(request);
    if (filter != null) {
      List<Condition> read = new ArrayList<>(filter.conditions().conditions());
      read.add(Condition.fetch(field));
      TraceProjection projection = SearchProjection.of(new Conditions(read, false));
      TagCollector collector = new TagCollector(request.filter(), request.limit());
      forEachMatching(
          tenant,
          request,
          filter,
          projection,
          t -> collector.addValues(new OtlpTraceView(t), field));
      return collector.values();
    }
    Set<TagValue> out = new TreeSet<>();
    for (SearchIndex index : indexes(tenant, request)) {
      switch (field) {
        case Attribute a -> {
          switch (a.scope()) {
            case RESOURCE -> add(out, index, TagScope.RESOURCE, a.name(), request.limit());
            case SPAN -> add(out, index, TagScope.SPAN, a.name(), request.limit());
            case UNSCOPED -> {
              add(out, index, TagScope.SPAN, a.name(), request.limit());
              add(out, index, TagScope.RESOURCE, a.name(), request.limit());
            }
            default -> {}
          }
        }
        case IntrinsicField i -> {
          switch (i.intrinsic()) {
            case NAME -> add(out, index, TagScope.INTRINSIC, "name", request.limit());
            default -> {}
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private List<SearchIndex> indexes(String tenant, TagRequest request) {
    return metas(tenant, request).stream().map(this::index).toList();
  }

  private List<BlockMeta> metas(String tenant, TagRequest request) {
    if (request.recentOnly()) {
      return List.of();
    }
    return blocks.blocks(tenant).stream()
        .filter(m -> request.window().overlaps(m.startTimeUnixNano(), m.endTimeUnixNano()))
        .toList();
  }

  /**
   * The request's filter query, or null when it has none or one every span matches ({@code {}}).
   */
  private static @Nullable Query filter(TagRequest request) {
    Evaluator e = request.filter();
    if (e == null) {
      return null;
    }
    boolean everySpan =
        e.query().root() instanceof SpansetFilter f
            && (f.expr() == null
                || (f.expr() instanceof Literal l
                    && l.value() instanceof Value.Bool b
                    && b.value()));
    return everySpan ? null : e.query();
  }

  private void forEachMatching(
      String tenant,
      TagRequest request,
      Query filter,
      TraceProjection projection,
      Consumer<Trace> each) {
    for (BlockMeta meta : metas(tenant, request)) {
      MatchingTraces.forEach(readers.reader(meta), filter, projection, true, each);
    }
  }

  private SearchIndex index(BlockMeta meta) {
    return readers.reader(meta).searchIndex();
  }

  private static void add(
      Map<String, Set<String>> out, String scope, List<String> names, int limit) {
    Set<String> set = out.computeIfAbsent(scope, k -> new TreeSet<>());
    for (String n : names) {
      if (set.size() >= limit) {
        return;
      }
      set.add(n);
    }
  }

  private static void add(
      Set<TagValue> out, SearchIndex index, TagScope scope, String key, int limit) {
    for (dev.skein.storage.index.TagValue v : index.tagValues(scope, key)) {
      if (out.size() >= limit) {
        return;
      }
      out.add(new TagValue(typeName(v.type()), v.value()));
    }
  }

  private static String typeName(dev.skein.storage.index.TagValue.Type type) {
    return type == dev.skein.storage.index.TagValue.Type.DOUBLE
        ? "float"
        : type.name().toLowerCase(Locale.ROOT);
  }
}
