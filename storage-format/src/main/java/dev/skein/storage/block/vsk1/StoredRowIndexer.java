package dev.skein.storage.block.vsk1;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.storage.block.vsk1.SpanRecord.Attrs;
import dev.skein.storage.index.SearchIndexBuilder;
import dev.skein.storage.index.TagScope;
import dev.skein.storage.index.TagValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.jspecify.annotations.Nullable;

/**
 * Adds the search-index postings of a copied row, read from its {@link SpanRecord} rather than from
 * an OTLP span: the same (scope, key, value) entries, in the same order, as {@code Vsk1BlockWriter}
 * derives from the span when it encodes it. Not thread-safe.
 */
final class StoredRowIndexer {

  private final SearchIndexBuilder index;
  private final StoredRowDecoder decoder = new StoredRowDecoder(Vsk1Schema.SCHEMA);

  StoredRowIndexer(SearchIndexBuilder index) {
    this.index = index;
  }

  /**
   * Indexes row {@code row} of {@code rows} (vsk1's schema) as part of trace {@code ordinal}.
   *
   * @throws IllegalStateException when a stored value does not parse (the input was read, so this
   *     means a corrupt input)
   */
  void index(CapturedRows rows, int row, int ordinal) {
    SpanRecord r = decoder.record(rows, row);
    index.add(TagScope.INTRINSIC, "name", TagValue.string(r.name), ordinal);
    index.add(
        TagScope.INTRINSIC,
        "status",
        TagValue.string(Vsk1BlockWriter.statusName(r.statusCode)),
        ordinal);
    index.add(
        TagScope.INTRINSIC, "kind", TagValue.string(Vsk1BlockWriter.kindName(r.kind)), ordinal);
    for (KeyValue kv : r.resource.getResource().getAttributesList()) {
      Vsk1BlockWriter.indexAttribute(index, TagScope.RESOURCE, kv, ordinal);
    }
    try {
      spanAttributes(r, ordinal);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot index a copied span: " + e.getMessage(), e);
    }
  }

  private void spanAttributes(SpanRecord r, int ordinal) throws InvalidProtocolBufferException {
    Attrs a = r.attrs;
    for (int i = 0; i < a.count; i++) {
      String key = a.key[i];
      int type = a.type[i];
      switch (type) {
        case AttrCodec.NO_VALUE, AttrCodec.EMPTY -> {} // no value: nothing to post
        case AttrCodec.RAW ->
            Vsk1BlockWriter.indexAttribute(
                index, TagScope.SPAN, KeyValue.parseFrom(RowDecoder.raw(a, i)), ordinal);
        case AttrCodec.BYTES, AttrCodec.ARRAY, AttrCodec.KVLIST ->
            index.addUnindexable(TagScope.SPAN, key);
        default -> {
          TagValue v = scalar(r, a, i);
          if (v != null) {
            index.add(TagScope.SPAN, key, v, ordinal);
          }
        }
      }
    }
  }

  private static @Nullable TagValue scalar(SpanRecord r, Attrs a, int i)
      throws InvalidProtocolBufferException {
    return switch (a.type[i]) {
      case AttrCodec.STRING -> {
        String s = a.str[i];
        yield s == null ? null : TagValue.string(s);
      }
      case AttrCodec.BOOL -> new TagValue(TagValue.Type.BOOL, Boolean.toString(a.lng[i] != 0));
      case AttrCodec.INT -> TagValue.ofInt(a.lng[i]);
      case AttrCodec.DOUBLE -> new TagValue(TagValue.Type.DOUBLE, Double.toString(a.dbl[i]));
      case AttrCodec.HEX, AttrCodec.HEX_ODD ->
          TagValue.string(AttrCodec.hexString(RowDecoder.raw(a, i), a.type[i]));
      case AttrCodec.DEDICATED -> {
        Object v = RowDecoder.dedicated(r, a.key[i]);
        if (v instanceof String s) {
          yield TagValue.string(s);
        }
        if (v instanceof Long l) {
          yield TagValue.ofInt(l);
        }
        throw new InvalidProtocolBufferException("dedicated column of '" + a.key[i] + "' is empty");
      }
      default -> throw new InvalidProtocolBufferException("unknown attribute type " + a.type[i]);
    };
  }
}
