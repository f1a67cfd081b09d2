package dev.skein.storage.block.vsk1;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skein.trace.view.AnyValues;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.IntrinsicField;
import dev.skein.traceql.ast.SpanKind;
import dev.skein.traceql.ast.StatusCode;
import dev.skein.traceql.ast.Value;
import dev.skein.traceql.plan.Condition;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.parquet.io.api.Binary;
import org.jspecify.annotations.Nullable;

/**
 * Maps a TraceQL condition to the vsk1 columns holding its field and to a {@link RowTest} giving,
 * per row, exactly the value the engine would see on the assembled span: intrinsics from their flat
 * columns, resource and scope attributes from the stored group headers (decoded once per dictionary
 * entry), span attributes from the column or generic entry {@link AttrLocator} finds. Stateless.
 */
final class RowTests {

  private RowTests() {}

  /**
   * The top-level vsk1 columns {@code c} needs, or null when vsk1 cannot evaluate it on columns
   * (then it is left to the engine).
   */
  static @Nullable List<String> columns(Condition c) {
    return switch (c.field()) {
      case IntrinsicField i ->
          switch (i.intrinsic()) {
            case NAME -> List.of("name");
            case STATUS -> List.of("status_code");
            case KIND -> List.of("kind");
            case DURATION -> List.of("duration_nano");
            case STATUS_MESSAGE -> List.of("status_message");
            case INSTRUMENTATION_NAME -> List.of("scope_name");
            case INSTRUMENTATION_VERSION -> List.of("scope_version");
            default -> null;
          };
      case Attribute a ->
          switch (a.scope()) {
            case RESOURCE -> List.of("resource");
            case INSTRUMENTATION -> List.of("scope");
            case SPAN -> spanColumns(false);
            case UNSCOPED -> spanColumns(true);
            default -> null;
          };
      default -> null;
    };
  }

  /**
   * The block-independent columns of a span attribute: the generic list (its dedicated and slot
   * columns and {@code attr_layout} depend on the block, {@link AttrLocator#columns}).
   */
  private static List<String> spanColumns(boolean withResource) {
    return withResource ? List.of("attrs", "resource") : List.of("attrs");
  }

  /**
   * The row test of {@code c}, whose {@link #columns} are projected in {@code tree}; span attribute
   * keys must be among {@code attrKeys} of {@code locator}, with their columns projected.
   */
  static RowTest of(
      Condition c,
      ColumnSlot.Tree tree,
      @Nullable AttrLocator locator,
      Map<String, Integer> attrKeys) {
    Predicate<@Nullable Value> test = c.test();
    return switch (c.field()) {
      case IntrinsicField i ->
          switch (i.intrinsic()) {
            case NAME, STATUS_MESSAGE ->
                new CachedTest(tree.slot(column(c)), RowTests::string, test);
            case INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION ->
                new CachedTest(tree.slot(column(c)), RowTests::nonEmptyString, test);
            case STATUS -> new CachedTest(tree.slot("status_code"), RowTests::status, test);
            case KIND -> new CachedTest(tree.slot("kind"), RowTests::kind, test);
            case DURATION ->
                new CachedTest(
                    tree.slot("duration_nano"),
                    s -> Value.durationNanos(Math.max(0, s.longValue())),
                    test);
            default -> throw new IllegalArgumentException("not pushable: " + c);
          };
      case Attribute a ->
          switch (a.scope()) {
            case RESOURCE -> resource(tree, a.name(), test);
            case INSTRUMENTATION ->
                new CachedTest(
                    tree.slot("scope"),
                    header(ScopeSpans::parseFrom, h -> h.getScope().getAttributesList(), a.name()),
                    test);
            case SPAN, UNSCOPED -> {
              RowTest fallback =
                  a.scope() == dev.skein.traceql.ast.Scope.UNSCOPED
                      ? resource(tree, a.name(), test)
                      : () -> test.test(null);
              yield spanAttribute(tree, locator, attrKeys.get(a.name()), a.name(), test, fallback);
            }
            default -> throw new IllegalArgumentException("not pushable: " + c);
          };
      default -> throw new IllegalArgumentException("not pushable: " + c);
    };
  }

  private static String column(Condition c) {
    List<String> cols = columns(c);
    if (cols == null || cols.size() != 1) {
      throw new IllegalArgumentException("not a flat column condition: " + c);
    }
    return cols.get(0);
  }

  private static RowTest resource(
      ColumnSlot.Tree tree, String key, Predicate<@Nullable Value> test) {
    return new CachedTest(
        tree.slot("resource"),
        header(ResourceSpans::parseFrom, h -> h.getResource().getAttributesList(), key),
        test);
  }

  /**
   * The test of a span attribute: on the value of the key's first entry, wherever {@code locator}
   * finds it (a column of the block, tested once per dictionary entry, or the generic list); an
   * absent or empty value goes to {@code whenAbsent} (the resource for an unscoped attribute).
   */
  private static RowTest spanAttribute(
      ColumnSlot.Tree tree,
      @Nullable AttrLocator locator,
      @Nullable Integer index,
      String key,
      Predicate<@Nullable Value> test,
      RowTest whenAbsent) {
    if (locator == null || index == null) {
      throw new IllegalArgumentException("span attribute " + key + " not looked up");
    }
    int k = index;
    AttrLookup generic = locator.generic();
    RowTest[] byCode = new RowTest[SpanAttrLayout.END];
    for (int code : locator.codesOf(k)) {
      ColumnSlot slot = tree.slot(SpanAttrLayout.column(code));
      CachedTest cached = new CachedTest(slot, columnValue(code), test);
      // a layout code whose column has no value is corrupt: left to the full read
      byCode[code] = () -> !slot.present() || cached.test();
    }
    return () -> {
      int where = locator.where(k);
      if (where > 0) {
        return byCode[where].test();
      }
      return switch (where) {
        case AttrLocator.ABSENT -> whenAbsent.test();
        case AttrLocator.GENERIC -> {
          Value v = generic.value(k);
          yield v == null ? whenAbsent.test() : test.test(v);
        }
        default -> true;
      };
    };
  }

  /** The TraceQL value of a present value of the column of layout code {@code code}. */
  private static Function<ColumnSlot, @Nullable Value> columnValue(int code) {
    if (code >= SpanAttrLayout.HEX) {
      int type = code >= SpanAttrLayout.HEX_ODD ? AttrCodec.HEX_ODD : AttrCodec.HEX;
      return s -> {
        try {
          return Value.of(AttrCodec.hexString(s.binary(), type));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("hex attribute column: " + e.getMessage(), e);
        }
      };
    }
    if (code >= SpanAttrLayout.BOOL) {
      return s -> Value.of(s.longValue() != 0);
    }
    return SpanAttrLayout.isString(code) ? RowTests::string : s -> Value.of(s.longValue());
  }

  private static Value string(ColumnSlot s) {
    return Value.of(s.binary().toStringUsingUTF8());
  }

  private static @Nullable Value nonEmptyString(ColumnSlot s) {
    String v = s.binary().toStringUsingUTF8();
    return v.isEmpty() ? null : Value.of(v);
  }

  private static Value status(ColumnSlot s) {
    long code = s.longValue();
    return new Value.Status(
        code == 1 ? StatusCode.OK : code == 2 ? StatusCode.ERROR : StatusCode.UNSET);
  }

  private static Value kind(ColumnSlot s) {
    SpanKind k =
        switch ((int) s.longValue()) {
          case 1 -> SpanKind.INTERNAL;
          case 2 -> SpanKind.SERVER;
          case 3 -> SpanKind.CLIENT;
          case 4 -> SpanKind.PRODUCER;
          case 5 -> SpanKind.CONSUMER;
          default -> SpanKind.UNSPECIFIED;
        };
    return new Value.Kind(k);
  }

  /** Parses a stored group header. */
  private interface HeaderParser<H> {
    H parse(byte[] bytes) throws InvalidProtocolBufferException;
  }

  /**
   * The value of attribute {@code key} in a stored resource or scope header (the first entry of the
   * key, as the engine reads it), decoded once per distinct header.
   */
  private static <H> Function<ColumnSlot, @Nullable Value> header(
      HeaderParser<H> parser, Function<H, List<KeyValue>> attributes, String key) {
    return new Function<>() {
      private @Nullable Binary lastBytes;
      private @Nullable Value lastValue;

      @Override
      public @Nullable Value apply(ColumnSlot s) {
        Binary bytes = s.binary();
        if (bytes.equals(lastBytes)) {
          return lastValue;
        }
        Value v;
        try {
          v = AnyValues.find(attributes.apply(parser.parse(bytes.getBytesUnsafe())), key);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("unreadable stored header", e);
        }
        lastBytes = bytes.copy();
        lastValue = v;
        return v;
      }
    };
  }
}
