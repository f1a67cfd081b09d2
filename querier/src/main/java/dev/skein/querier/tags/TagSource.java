package dev.skein.querier.tags;

import dev.skein.trace.view.TagCollector.TagValue;
import dev.skein.traceql.ast.FieldExpr;
import java.util.Map;
import java.util.Set;

/** Somewhere tag names and values come from: ingesters or block indexes. Thread-safe. */
public interface TagSource {

  /** Tag names by scope ({@code resource}, {@code span}, {@code event}, {@code link}). */
  Map<String, Set<String>> tagNames(String tenant, TagRequest request);

  /** The values of one attribute or intrinsic. */
  Set<TagValue> tagValues(String tenant, FieldExpr field, TagRequest request);
}
