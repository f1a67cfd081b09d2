package dev.skein.querier.blocks;

import dev.skein.querier.tags.TagRequest;
import dev.skein.querier.tags.TagSource;
import dev.skein.storage.block.BlockMeta;
import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.tenant.BlockList;
import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.FieldExpr;
import dev.skein.traceql.ast.IntrinsicField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tag names and values from the value dictionaries of each block's search index, without reading
 * span data. The TraceQL {@code q} filter is not applied to blocks (their dictionaries are per
 * block, not per span); values may therefore be a superset there.
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
    Map<String, Set<String>> out = new TreeMap<>();
    for (SearchIndex index : indexes(tenant, request)) {
      add(out, "resource", index.tagNames(TagScope.RESOURCE), request.limit());
      add(out, "span", index.tagNames(TagScope.SPAN), request.limit());
    }
    return out;
  }

  @Override
  public Set<TagValue> tagValues(String tenant, FieldExpr field, TagRequest request) {
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
    if (request.recentOnly()) {
      return List.of();
    }
    return blocks.blocks(tenant).stream()
        .filter(m -> request.window().overlaps(m.startTimeUnixNano(), m.endTimeUnixNano()))
        .map(this::index)
        .toList();
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
