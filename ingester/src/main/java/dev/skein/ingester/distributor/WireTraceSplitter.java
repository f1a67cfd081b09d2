package dev.skein.ingester.distributor;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import dev.skein.trace.TraceId;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast path of {@link TraceSplitter}: splits a serialized OTLP {@code
 * ExportTraceServiceRequest} by trace id straight from its bytes. Every span is walked field by
 * field and validated as protobuf's parser would (wire structure, UTF-8 of string fields, nesting
 * depth), but not built into objects: its bytes are copied as they are into the per-trace {@code
 * TracesData}, which has the same layout as {@link TraceSplitter}'s. Spans, resources and scopes
 * too large to rule out an over-long attribute value are parsed and truncated as there.
 *
 * <p>Whenever this path is not sure to give the same result as parsing the request (bytes protobuf
 * might reject, a singular resource or scope sent twice, very deep nesting) it throws {@link
 * Unsupported} and the caller parses the request and uses {@link TraceSplitter}, which also makes
 * the error message of a malformed request the parser's. Not thread-safe: one instance per request.
 */
final class WireTraceSplitter {

  /** Nesting deeper than this goes to the parser (protobuf's own limit is 100). */
  private static final int MAX_DEPTH = 64;

  // tags: field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32)
  private static final int LEN_1 = 1 << 3 | 2;
  private static final int LEN_2 = 2 << 3 | 2;
  private static final int LEN_3 = 3 << 3 | 2;

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** The request is one the wire path does not handle; parse it instead. */
  static final class Unsupported extends Exception {
    Unsupported(String why) {
      super(why, null, false, false);
    }
  }

  private final byte[] buf;
  private final int maxAttributeBytes;
  private final AttributeTruncator truncator;
  private final Rejections rejections;
  private final CodedInputStream in;
  private final List<byte[]> rewritten = new ArrayList<>();
  private int totalSpans;

  /**
   * @param body the serialized request; not copied, must not change until {@link #split} returns
   */
  WireTraceSplitter(byte[] body, int maxAttributeBytes, Rejections rejections) {
    this.buf = body;
    this.maxAttributeBytes = maxAttributeBytes;
    this.truncator = new AttributeTruncator(maxAttributeBytes);
    this.rejections = rejections;
    this.in = CodedInputStream.newInstance(body);
  }

  int totalSpans() {
    return totalSpans;
  }

  int truncatedAttributes() {
    return truncator.truncated();
  }

  /**
   * The valid spans, one batch per trace id in first-seen order, as {@link TraceSplitter#split}.
   */
  List<TraceBatch> split() throws Unsupported {
    Map<TraceId, PerTrace> traces = new LinkedHashMap<>();
    try {
      int rs = 0;
      while (true) {
        int tag = in.readTag();
        if (tag == 0) {
          break;
        }
        if (tag == LEN_1) {
          resourceSpans(rs++, traces);
        } else if (!in.skipField(tag)) {
          throw new Unsupported("end-group tag at the top level");
        }
      }
    } catch (IOException e) {
      throw new Unsupported(e.getMessage());
    }
    List<TraceBatch> out = new ArrayList<>(traces.size());
    for (PerTrace t : traces.values()) {
      out.add(new TraceBatch(t.id, t.encode(), t.spans));
    }
    return out;
  }

  private void resourceSpans(int i, Map<TraceId, PerTrace> traces) throws IOException, Unsupported {
    int old = enter(1);
    RsPart rs = new RsPart();
    int j = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case LEN_1 -> {
          if (rs.resource != null) {
            throw new Unsupported("resource sent twice");
          }
          rs.resource = attributeHolder(Resource.parser(), 2);
        }
        case LEN_2 -> scopeSpans(i, j++, rs, traces);
        case LEN_3 -> rs.schema = string();
        default -> skip(tag);
      }
    }
    leave(old);
  }

  private void scopeSpans(int i, int j, RsPart rs, Map<TraceId, PerTrace> traces)
      throws IOException, Unsupported {
    int old = enter(2);
    SsPart ss = new SsPart(rs);
    int k = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case LEN_1 -> {
          if (ss.scope != null) {
            throw new Unsupported("scope sent twice");
          }
          ss.scope = attributeHolder(InstrumentationScope.parser(), 3);
        }
        case LEN_2 -> span(i, j, k++, ss, traces);
        case LEN_3 -> ss.schema = string();
        default -> skip(tag);
      }
    }
    leave(old);
  }

  private void span(int i, int j, int k, SsPart ss, Map<TraceId, PerTrace> traces)
      throws IOException, Unsupported {
    totalSpans++;
    int len = in.readRawVarint32();
    int start = in.getTotalBytesRead();
    int old = pushLimit(len, 3);
    SpanFields f = new SpanFields();
    spanFields(f);
    in.popLimit(old);
    if (!valid(f, i, j, k)) {
      return;
    }
    Slice bytes = new Slice(buf, start, len);
    if (maxAttributeBytes > 0 && len > maxAttributeBytes) {
      Span parsed = parse(Span.parser(), bytes, 3);
      Span cut = truncator.apply(parsed);
      if (cut != parsed) {
        bytes = Slice.of(cut);
      }
    }
    TraceId id =
        new TraceId(
            (long) LONG_BE.get(buf, f.traceIdOff), (long) LONG_BE.get(buf, f.traceIdOff + 8));
    traces.computeIfAbsent(id, PerTrace::new).add(ss, bytes);
  }

  /** Reads a span's fields up to the current limit, validating what the parser validates. */
  private void spanFields(SpanFields f) throws IOException, Unsupported {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      switch (tag) {
        case 1 << 3 | 2 -> {
          f.traceIdLen = in.readRawVarint32();
          f.traceIdOff = in.getTotalBytesRead();
          in.skipRawBytes(f.traceIdLen);
        }
        case 2 << 3 | 2 -> {
          f.spanIdLen = in.readRawVarint32();
          f.spanIdOff = in.getTotalBytesRead();
          in.skipRawBytes(f.spanIdLen);
        }
        case 3 << 3 | 2, 5 << 3 | 2 -> string(); // trace_state, name
        case 4 << 3 | 2 -> bytes(); // parent_span_id
        case 16 << 3 | 5 -> in.readFixed32(); // flags
        case 6 << 3, 10 << 3, 12 << 3, 14 << 3 -> in.readRawVarint64(); // kind, dropped counts
        case 7 << 3 | 1 -> f.start = in.readFixed64();
        case 8 << 3 | 1 -> f.end = in.readFixed64();
        case 9 << 3 | 2 -> keyValue(4);
        case 11 << 3 | 2 -> event(4);
        case 13 << 3 | 2 -> link(4);
        case 15 << 3 | 2 -> status(4);
        default -> skip(tag);
      }
    }
  }

  private void event(int depth) throws IOException, Unsupported {
    int old = enter(depth);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case 1 << 3 | 1 -> in.readFixed64(); // time
        case 2 << 3 | 2 -> string(); // name
        case 3 << 3 | 2 -> keyValue(depth + 1);
        case 4 << 3 -> in.readRawVarint64(); // dropped attributes
        default -> skip(tag);
      }
    }
    leave(old);
  }

  private void link(int depth) throws IOException, Unsupported {
    int old = enter(depth);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case 1 << 3 | 2, 2 << 3 | 2 -> bytes(); // trace id, span id
        case 3 << 3 | 2 -> string(); // trace_state
        case 4 << 3 | 2 -> keyValue(depth + 1);
        case 5 << 3 -> in.readRawVarint64(); // dropped attributes
        case 6 << 3 | 5 -> in.readFixed32(); // flags
        default -> skip(tag);
      }
    }
    leave(old);
  }

  private void status(int depth) throws IOException, Unsupported {
    int old = enter(depth);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case 2 << 3 | 2 -> string(); // message
        case 3 << 3 -> in.readRawVarint64(); // code
        default -> skip(tag);
      }
    }
    leave(old);
  }

  private void keyValue(int depth) throws IOException, Unsupported {
    int old = enter(depth);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case 1 << 3 | 2 -> string(); // key
        case 2 << 3 | 2 -> anyValue(depth + 1);
        case 3 << 3 -> in.readRawVarint64(); // key_strindex
        default -> skip(tag);
      }
    }
    leave(old);
  }

  private void anyValue(int depth) throws IOException, Unsupported {
    int old = enter(depth);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      switch (tag) {
        case 1 << 3 | 2 -> string();
        case 2 << 3, 3 << 3, 8 << 3 -> in.readRawVarint64(); // bool, int, string_value_strindex
        case 4 << 3 | 1 -> in.readFixed64(); // double
        case 5 << 3 | 2 -> repeated(depth + 1, false); // ArrayValue of AnyValue
        case 6 << 3 | 2 -> repeated(depth + 1, true); // KeyValueList of KeyValue
        case 7 << 3 | 2 -> bytes();
        default -> skip(tag);
      }
    }
    leave(old);
  }

  /** An {@code ArrayValue} ({@code values} are AnyValue) or {@code KeyValueList} (KeyValue). */
  private void repeated(int depth, boolean keyValues) throws IOException, Unsupported {
    int old = enter(depth);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (tag == LEN_1) {
        if (keyValues) {
          keyValue(depth + 1);
        } else {
          anyValue(depth + 1);
        }
      } else {
        skip(tag);
      }
    }
    leave(old);
  }

  /**
   * A resource or scope, parsed (they are few: one per resource or scope, not per span) to check
   * and truncate its attributes as {@link TraceSplitter} does.
   */
  private <M extends MessageLite> Slice attributeHolder(Parser<M> parser, int depth)
      throws IOException, Unsupported {
    int len = in.readRawVarint32();
    int start = in.getTotalBytesRead();
    in.skipRawBytes(len);
    Slice bytes = new Slice(buf, start, len);
    if (maxAttributeBytes > 0 && len > maxAttributeBytes) {
      M parsed = parse(parser, bytes, depth);
      M cut =
          parsed instanceof Resource r
              ? cast(truncator.apply(r))
              : cast(truncator.apply((InstrumentationScope) parsed));
      if (cut != parsed) {
        return Slice.of(cut);
      }
    } else {
      parse(parser, bytes, depth); // validates it exactly as the full parse would
    }
    return bytes;
  }

  @SuppressWarnings("unchecked")
  private static <M> M cast(Object o) {
    return (M) o;
  }

  private static <M extends MessageLite> M parse(Parser<M> parser, Slice s, int depth)
      throws Unsupported {
    CodedInputStream cis = CodedInputStream.newInstance(s.array, s.off, s.len);
    cis.setRecursionLimit(MAX_DEPTH - depth);
    try {
      M m = parser.parseFrom(cis);
      cis.checkLastTagWas(0);
      return m;
    } catch (InvalidProtocolBufferException e) {
      throw new Unsupported(e.getMessage());
    }
  }

  private int enter(int depth) throws IOException, Unsupported {
    return pushLimit(in.readRawVarint32(), depth);
  }

  private int pushLimit(int len, int depth) throws IOException, Unsupported {
    if (depth >= MAX_DEPTH) {
      throw new Unsupported("nested deeper than " + MAX_DEPTH);
    }
    return in.pushLimit(len);
  }

  private void leave(int oldLimit) {
    in.popLimit(oldLimit);
  }

  private void skip(int tag) throws IOException, Unsupported {
    if (!in.skipField(tag)) {
      throw new Unsupported("unmatched end-group tag");
    }
  }

  private void bytes() throws IOException {
    in.skipRawBytes(in.readRawVarint32());
  }

  /** A proto3 string field: skipped after checking it is UTF-8, as the parser requires. */
  private Slice string() throws IOException, Unsupported {
    int len = in.readRawVarint32();
    int off = in.getTotalBytesRead();
    in.skipRawBytes(len);
    for (int p = off; p < off + len; p++) {
      if (buf[p] < 0) {
        if (!UnsafeByteOperations.unsafeWrap(buf, off, len).isValidUtf8()) {
          throw new Unsupported("invalid UTF-8 in a string field");
        }
        break;
      }
    }
    return new Slice(buf, off, len);
  }

  private boolean valid(SpanFields f, int i, int j, int k) {
    if (f.traceIdLen != TraceId.BYTES || allZero(f.traceIdOff, f.traceIdLen)) {
      reject(
          RefusalReason.INVALID_TRACE_ID,
          i,
          j,
          k,
          TraceSplitter.idProblem("trace id", f.traceIdLen, TraceId.BYTES));
      return false;
    }
    if (f.spanIdLen != 8 || allZero(f.spanIdOff, f.spanIdLen)) {
      reject(
          RefusalReason.INVALID_SPAN_ID,
          i,
          j,
          k,
          TraceSplitter.idProblem("span id", f.spanIdLen, 8));
      return false;
    }
    if (Long.compareUnsigned(f.end, f.start) < 0) {
      reject(RefusalReason.END_BEFORE_START, i, j, k, TraceSplitter.endBeforeStart(f.start, f.end));
      return false;
    }
    return true;
  }

  private boolean allZero(int off, int len) {
    for (int p = off; p < off + len; p++) {
      if (buf[p] != 0) {
        return false;
      }
    }
    return true;
  }

  private void reject(RefusalReason reason, int i, int j, int k, String detail) {
    TraceSplitter.reject(rejections, reason, i, j, k, detail);
  }

  /** The fields of one span the distributor looks at; ids absent until seen (last one wins). */
  private static final class SpanFields {
    int traceIdOff;
    int traceIdLen;
    int spanIdOff;
    int spanIdLen;
    long start;
    long end;
  }

  /** A range of bytes. */
  private record Slice(byte[] array, int off, int len) {
    static final Slice EMPTY = new Slice(new byte[0], 0, 0);

    static Slice of(MessageLite m) {
      byte[] b = m.toByteArray();
      return new Slice(b, 0, b.length);
    }

    int fieldSize() {
      return 1 + CodedOutputStream.computeUInt32SizeNoTag(len) + len;
    }

    void writeField(CodedOutputStream out, int tag) throws IOException {
      out.writeUInt32NoTag(tag);
      out.writeUInt32NoTag(len);
      out.writeRawBytes(array, off, len);
    }
  }

  /** One ResourceSpans of the request: its resource and schema URL, filled as they are read. */
  private static final class RsPart {
    Slice resource;
    Slice schema = Slice.EMPTY;
  }

  /** One ScopeSpans of the request. */
  private static final class SsPart {
    final RsPart rs;
    Slice scope;
    Slice schema = Slice.EMPTY;

    SsPart(RsPart rs) {
      this.rs = rs;
    }
  }

  /**
   * The spans of one trace, in request order, encoded as a {@code TracesData} with one
   * ResourceSpans per run of spans from the same request ResourceSpans and one ScopeSpans per run
   * from the same request ScopeSpans (an always-present resource and scope, schema URLs when not
   * empty): the layout {@link TraceSplitter} builds.
   */
  private static final class PerTrace {
    final TraceId id;
    final List<SsPart> scopes = new ArrayList<>(4);
    final List<Slice> spanBytes = new ArrayList<>(8);
    int spans;

    PerTrace(TraceId id) {
      this.id = id;
    }

    void add(SsPart ss, Slice span) {
      scopes.add(ss);
      spanBytes.add(span);
      spans++;
    }

    byte[] encode() {
      // first pass: sizes of every ScopeSpans and ResourceSpans run, in order
      int[] ssSizes = new int[spans];
      int[] rsSizes = new int[spans];
      int nSs = -1;
      int nRs = -1;
      for (int s = 0; s < spans; s++) {
        SsPart ss = scopes.get(s);
        if (s == 0 || ss != scopes.get(s - 1)) {
          if (s == 0 || ss.rs != scopes.get(s - 1).rs) {
            nRs++;
            rsSizes[nRs] = scope(ss.rs.resource).fieldSize() + schemaSize(ss.rs.schema);
          }
          nSs++;
          ssSizes[nSs] = scope(ss.scope).fieldSize() + schemaSize(ss.schema);
        }
        int spanField = spanBytes.get(s).fieldSize();
        ssSizes[nSs] += spanField;
        if (s == spans - 1 || scopes.get(s + 1) != ss) {
          rsSizes[nRs] += lenField(ssSizes[nSs]);
        }
      }
      int total = 0;
      for (int r = 0; r <= nRs; r++) {
        total += lenField(rsSizes[r]);
      }
      byte[] out = new byte[total];
      CodedOutputStream o = CodedOutputStream.newInstance(out);
      try {
        nSs = -1;
        nRs = -1;
        for (int s = 0; s < spans; s++) {
          SsPart ss = scopes.get(s);
          boolean newRs = s == 0 || ss.rs != scopes.get(s - 1).rs;
          if (newRs && s > 0) {
            writeSchema(o, scopes.get(s - 1).rs.schema);
          }
          if (newRs) {
            nRs++;
            o.writeUInt32NoTag(LEN_1);
            o.writeUInt32NoTag(rsSizes[nRs]);
            scope(ss.rs.resource).writeField(o, LEN_1);
          }
          if (s == 0 || ss != scopes.get(s - 1)) {
            nSs++;
            o.writeUInt32NoTag(LEN_2);
            o.writeUInt32NoTag(ssSizes[nSs]);
            scope(ss.scope).writeField(o, LEN_1);
          }
          spanBytes.get(s).writeField(o, LEN_2);
          if (s == spans - 1 || scopes.get(s + 1) != ss) {
            writeSchema(o, ss.schema);
          }
        }
        writeSchema(o, scopes.get(spans - 1).rs.schema);
        o.checkNoSpaceLeft();
      } catch (IOException e) {
        throw new IllegalStateException("TracesData size computed wrong for trace " + id, e);
      }
      return out;
    }

    private static Slice scope(Slice s) {
      return s == null ? Slice.EMPTY : s;
    }

    private static int schemaSize(Slice s) {
      return s.len == 0 ? 0 : s.fieldSize();
    }

    private static void writeSchema(CodedOutputStream o, Slice s) throws IOException {
      if (s.len > 0) {
        s.writeField(o, LEN_3);
      }
    }

    private static int lenField(int size) {
      return 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }
  }
}
