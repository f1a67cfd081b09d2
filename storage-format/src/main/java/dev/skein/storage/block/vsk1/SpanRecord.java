package dev.skein.storage.block.vsk1;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One vsk1 span row as the {@link SpanMaterializer} fills it: plain fields and reusable lists, no
 * per-row object model. Reset and reused for every row, so read it before the next row is read.
 * Columns that a projection leaves out keep their empty values. Not thread-safe.
 */
final class SpanRecord {

  final byte[] traceId = new byte[16];
  int presence;
  ResourceSpans resource = ResourceSpans.getDefaultInstance();
  ScopeSpans scope = ScopeSpans.getDefaultInstance();
  ByteString spanId = ByteString.EMPTY;
  ByteString parentSpanId = ByteString.EMPTY;

  /** Rows back to the parent's row in the trace, or {@link ParentLinks#NO_DISTANCE}. */
  int parentDistance = ParentLinks.NO_DISTANCE;

  String name = "";
  int kind;
  long traceStart;

  /** Start minus the previous row's start in the trace (the trace start for the first row). */
  long startDelta;

  long duration;
  int statusCode;
  String statusMessage = "";
  String traceState = "";
  int flags;
  int droppedAttributes;
  int droppedEvents;
  int droppedLinks;
  @Nullable ByteString spanExt;

  /** Where each span attribute is, in order ({@link SpanAttrLayout}); empty when not read. */
  ByteString attrLayout = ByteString.EMPTY;

  final Attrs attrs = new Attrs();

  /** Values of the span attribute columns, by {@link SpanMaterializer#dedicatedSlot}. */
  final @Nullable Object[] dedicated;

  /** The span's events with times relative to its start, or null ({@link RowDecoder}). */
  @Nullable Span events;

  private final List<LinkRecord> links = new ArrayList<>();
  int linkCount;

  SpanRecord(int dedicatedSlots) {
    dedicated = new Object[dedicatedSlots];
  }

  void reset() {
    presence = 0;
    spanId = ByteString.EMPTY;
    parentSpanId = ByteString.EMPTY;
    parentDistance = ParentLinks.NO_DISTANCE;
    name = "";
    kind = 0;
    traceStart = 0;
    startDelta = 0;
    duration = 0;
    statusCode = 0;
    statusMessage = "";
    traceState = "";
    flags = 0;
    droppedAttributes = 0;
    droppedEvents = 0;
    droppedLinks = 0;
    spanExt = null;
    attrLayout = ByteString.EMPTY;
    attrs.clear();
    Arrays.fill(dedicated, null);
    events = null;
    linkCount = 0;
  }

  LinkRecord addLink() {
    if (linkCount == links.size()) {
      links.add(new LinkRecord());
    }
    LinkRecord l = links.get(linkCount++);
    l.reset();
    return l;
  }

  LinkRecord link(int i) {
    return links.get(i);
  }

  /** One entry of a span link list. */
  static final class LinkRecord {
    ByteString traceId = ByteString.EMPTY;
    ByteString spanId = ByteString.EMPTY;
    String traceState = "";
    int flags;
    int droppedAttributes;
    @Nullable ByteString ext;
    final Attrs attrs = new Attrs();

    void reset() {
      traceId = ByteString.EMPTY;
      spanId = ByteString.EMPTY;
      traceState = "";
      flags = 0;
      droppedAttributes = 0;
      ext = null;
      attrs.clear();
    }
  }

  /** A generic attribute list in parallel arrays (see {@link AttrCodec} for the types). */
  static final class Attrs {
    int count;
    String[] key = new String[8];
    int[] type = new int[8];
    @Nullable String[] str = new String[8];
    long[] lng = new long[8];
    double[] dbl = new double[8];
    @Nullable ByteString[] raw = new ByteString[8];

    /** Starts a new entry and returns its index. */
    int add() {
      if (count == key.length) {
        int n = count * 2;
        key = Arrays.copyOf(key, n);
        type = Arrays.copyOf(type, n);
        str = Arrays.copyOf(str, n);
        lng = Arrays.copyOf(lng, n);
        dbl = Arrays.copyOf(dbl, n);
        raw = Arrays.copyOf(raw, n);
      }
      int i = count++;
      key[i] = "";
      type[i] = AttrCodec.NO_VALUE;
      str[i] = null;
      lng[i] = 0;
      dbl[i] = 0;
      raw[i] = null;
      return i;
    }

    int last() {
      return count - 1;
    }

    void clear() {
      count = 0;
    }
  }
}
