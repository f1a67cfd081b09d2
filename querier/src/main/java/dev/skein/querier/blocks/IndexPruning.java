package dev.skein.querier.blocks;

import dev.skein.storage.index.SearchIndex;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.BinaryOp;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.plan.Condition;
import dev.skein.traceql.plan.Conditions;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Decides from a block's search index that no trace in it can match: when every condition of the
 * query is required and one of them is an equality on an indexed key whose value the block never
 * holds. Never prunes when unsure. Stateless.
 */
final class IndexPruning {

  private IndexPruning() {}

  static boolean cannotMatch(Conditions conditions, SearchIndex index) {
    RoaringBitmap rows = candidates(conditions, index);
    return rows != null && rows.isEmpty();
  }

  /**
   * The span rows that every matching trace must have one of: the rows of the most selective
   * required equality on an indexed key. Null when no condition can be answered by the index (then
   * every trace is a candidate). Only one condition's rows are used, never an intersection: the
   * conditions of {@code {a} && {b}} hold on different spans of the same trace.
   */
  static @Nullable RoaringBitmap candidates(Conditions conditions, SearchIndex index) {
    if (!conditions.allConditions()) {
      return null;
    }
    RoaringBitmap best = null;
    for (Condition c : conditions.conditions()) {
      if (c.op() != BinaryOp.EQ || c.operand() == null) {
        continue;
      }
      Key key = key(c);
      List<TagValue> values = values(c.operand());
      if (key == null || values.isEmpty() || !index.isIndexed(key.scope(), key.name())) {
        continue;
      }
      RoaringBitmap rows = new RoaringBitmap();
      for (TagValue value : values) {
        index.rows(key.scope(), key.name(), value).ifPresent(rows::or);
      }
      if (best == null || rows.getLongCardinality() < best.getLongCardinality()) {
        best = rows;
      }
    }
    return best;
  }

  private record Key(TagScope scope, String name) {}

  private static @Nullable Key key(Condition c) {
    return switch (c.field()) {
      case Attribute a ->
          switch (a.scope()) {
            case RESOURCE -> new Key(TagScope.RESOURCE, a.name());
            case SPAN -> new Key(TagScope.SPAN, a.name());
            default -> null; // unscoped may be span or resource: never prune on it
          };
      case IntrinsicField i ->
          switch (i.intrinsic()) {
            case NAME -> new Key(TagScope.INTRINSIC, "name");
            case STATUS -> new Key(TagScope.INTRINSIC, "status");
            case KIND -> new Key(TagScope.INTRINSIC, "kind");
            default -> null;
          };
      default -> null;
    };
  }

  /**
   * The indexed values equal to {@code v} under TraceQL's comparison: numbers compare across int
   * and float. Empty when the index cannot answer: {@code unset} and {@code unspecified} also stand
   * for status codes and kinds OTLP does not define, which the index keeps as numbers.
   */
  private static List<TagValue> values(Value v) {
    return switch (v) {
      case Value.Str s -> List.of(TagValue.string(s.value()));
      case Value.Int i ->
          List.of(
              TagValue.ofInt(i.value()),
              new TagValue(TagValue.Type.DOUBLE, Double.toString((double) i.value())));
      case Value.Float f -> {
        TagValue d = new TagValue(TagValue.Type.DOUBLE, Double.toString(f.value()));
        long whole = (long) f.value();
        yield whole == f.value() ? List.of(d, TagValue.ofInt(whole)) : List.of(d);
      }
      case Value.Status s ->
          s.code() == StatusCode.UNSET ? List.of() : List.of(TagValue.string(s.code().keyword()));
      case Value.Kind k ->
          k.kind() == SpanKind.UNSPECIFIED
              ? List.of()
              : List.of(TagValue.string(k.kind().keyword()));
      default -> List.of();
    };
  }
}
