package dev.skein.storage.block.vsk1;

import dev.skein.storage.block.SpanBounds;
import dev.skein.storage.block.TraceFilter;
import dev.skein.traceql.ast.Attribute;
import dev.skein.traceql.ast.Scope;
import dev.skein.traceql.plan.Condition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * The first phase of a pushed-down search ({@link Vsk1BlockReader#filterTraces}): reads only the
 * trace-id column and the columns of the filter's conditions, evaluates the conditions per row
 * (string conditions once per dictionary entry), and returns the rows of the traces that may match,
 * whole, for the second phase to materialize. Row groups whose statistics rule out the bounds are
 * not read; a trace that continues into such a row group is kept and its rows there found through
 * the trace-id page index. A span attribute is read where this block stores it ({@link
 * AttrLocator}: its dedicated and slot columns, {@code attr_layout}, the generic lists); a row
 * group whose generic lists hold none of the wanted keys ({@link GenericKeys}) is read without
 * them. Where the block has span shapes, a part is judged once per shape where the shape holds the
 * values its conditions read ({@link ShapeVerdicts}); only rows it leaves undecided are loaded and
 * tested. Not thread-safe: one scan per call.
 */
final class TraceFilterScan {

  /** The most span-level parts one filter may have (they are tracked per trace in a long). */
  static final int MAX_PARTS = 64;

  /** Finds the rows of a trace within one row group. */
  interface TraceRows {
    RowRanges rows(int rg, byte[] traceId) throws IOException;
  }

  private final ParquetAccess parquet;
  private final long gapBytes;
  private final Node root;
  private final List<List<RowTest>> parts = new ArrayList<>();
  private final ColumnSlot.Tree tree;
  private final ColumnSlot traceIdSlot;
  private final Compiled compiled;

  /** Every wanted column, generic attribute lists included (when any key is wanted). */
  private final Projection full;

  /** Without the generic lists, for row groups whose lists hold no wanted key; null: no keys. */
  private final @Nullable Projection lean;

  private final @Nullable AttrLocator locator;

  /** Sets shape columns' slots from each row's span shape; null when no shapes are involved. */
  private final @Nullable ShapeSlots shapes;

  private final ShapeTable shapeTable;

  /** Each part's verdict by shape ordinal; null when {@link #shapes} is. */
  private final @Nullable ShapeVerdicts verdicts;

  private final RoaringBitmap out = new RoaringBitmap();
  private final List<long[]> fixups = new ArrayList<>();
  private final List<byte[]> fixupIds = new ArrayList<>();

  // the trace being read
  private final byte[] traceId = new byte[16];
  private boolean open;
  private long start;
  private long end;
  private long bits;
  private boolean decided;
  private boolean afterGap;

  private TraceFilterScan(
      ParquetAccess parquet,
      AttrSlots slots,
      ShapeTable shapeTable,
      long gapBytes,
      Compiled compiled) {
    this.parquet = parquet;
    this.gapBytes = gapBytes;
    this.root = compiled.root;
    this.compiled = compiled;
    this.tree = ColumnSlot.Tree.of(compiled.schema);
    this.traceIdSlot = tree.slot("trace_id");
    this.shapeTable = shapeTable;
    this.shapes = ShapeSlots.of(shapeTable, tree);
    this.full = new Projection(compiled.schema, tree, !compiled.attrKeys.isEmpty());
    this.lean =
        compiled.withoutAttrs == null
            ? null
            : new Projection(compiled.withoutAttrs, tree.narrowed(compiled.withoutAttrs), false);
    this.locator =
        compiled.attrKeys.isEmpty()
            ? null
            : new AttrLocator(
                compiled.attrKeys,
                slots,
                tree,
                new AttrLookup(compiled.attrKeys, compiled.kinds, tree));
    for (List<Condition> part : compiled.parts) {
      List<RowTest> tests = new ArrayList<>();
      for (Condition c : part) {
        tests.add(RowTests.of(c, tree, locator, compiled.attrKeys));
      }
      parts.add(tests);
    }
    this.verdicts =
        shapes == null
            ? null
            : new ShapeVerdicts(shapeTable, shapes, locator, compiled.parts, parts, slots);
  }

  /** The columns one row group is read with. */
  private static final class Projection {
    final MessageType schema;
    final ColumnSlot.Tree tree;
    final List<ColumnSlot> flat = new ArrayList<>();
    final Set<ColumnPath> paths;
    final boolean generic;
    final boolean layout;

    /** Index in {@link #flat} of {@code trace_id}, and of {@code shape} (-1: not read). */
    final int traceIdColumn;

    final int shapeColumn;

    Projection(MessageType schema, ColumnSlot.Tree tree, boolean generic) {
      this.schema = schema;
      this.tree = tree;
      this.paths = SpanMaterializer.paths(schema);
      this.generic = generic;
      this.layout = schema.containsField("attr_layout");
      for (Type t : schema.getFields()) {
        if (t.isPrimitive()) {
          flat.add(tree.slot(t.getName()));
        }
      }
      this.traceIdColumn = flat.indexOf(tree.slot("trace_id"));
      this.shapeColumn = tree.has("shape") ? flat.indexOf(tree.slot("shape")) : -1;
    }
  }

  /**
   * The rows of the traces that may satisfy {@code filter} among {@code rows} (null: all), or
   * {@code rows} itself when no condition of the filter can be evaluated on columns.
   */
  static @Nullable RoaringBitmap run(
      ParquetAccess parquet,
      TraceFilter filter,
      @Nullable RoaringBitmap rows,
      SpanBounds bounds,
      AttrSlots slots,
      ShapeTable shapes,
      long gapBytes,
      TraceRows traceRows) {
    Compiled compiled = Compiled.of(filter, slots, shapes);
    if (compiled == null) {
      return rows;
    }
    return new TraceFilterScan(parquet, slots, shapes, gapBytes, compiled)
        .scan(rows, bounds, traceRows);
  }

  private RoaringBitmap scan(@Nullable RoaringBitmap rows, SpanBounds bounds, TraceRows traceRows) {
    ParquetAccess.Tail tail = parquet.tail();
    List<BlockMetaData> blocks = tail.footer().getBlocks();
    long[] firstRows = tail.firstRows();
    String createdBy = tail.footer().getFileMetaData().getCreatedBy();
    StoreInputFile file = parquet.file();
    try (ParquetFileReader reader = parquet.open(file)) {
      Set<ByteBuffer>[] plan = RowGroupPruning.plan(blocks, bounds, reader, shapeTable);
      reader.setRequestedSchema(full.schema);
      boolean gap = false;
      for (int rg = 0; rg < blocks.size(); rg++) {
        long count = blocks.get(rg).getRowCount();
        if (plan[rg] == null || !plan[rg].isEmpty()) {
          // statistics rule this row group out; a trace running into it is kept whole
          closeTrace(true);
          gap = true;
          continue;
        }
        RowRanges ranges = Vsk1BlockReader.ranges(rows, firstRows[rg], count);
        if (ranges == null) {
          gap = false; // index candidates cover whole traces: none runs into this row group
          continue;
        }
        try {
          scanGroup(file, reader, rg, ranges, count, firstRows[rg], createdBy, gap);
        } catch (IOException | RuntimeException e) {
          throw parquet.corrupt(
              blocks.get(rg).getStartingPos(), "cannot filter row group " + rg, e);
        }
        gap = false;
      }
      closeTrace(false);
      for (int i = 0; i < fixups.size(); i++) {
        fixup(fixupIds.get(i), fixups.get(i), blocks, firstRows, traceRows);
      }
    } catch (IOException e) {
      throw parquet.corrupt(0, "close", e);
    }
    return out;
  }

  private void scanGroup(
      StoreInputFile file,
      ParquetFileReader reader,
      int rg,
      RowRanges ranges,
      long count,
      long first,
      String createdBy,
      boolean afterGapGroup)
      throws IOException {
    RowRanges planned = RowSelection.planned(ranges, count);
    Projection read =
        lean != null && !GenericKeys.mayHold(reader, rg, compiled.attrKeys.keySet()) ? lean : full;
    reader.setRequestedSchema(read.schema);
    parquet.prefetch(file, reader, rg, planned, read.paths, gapBytes);
    boolean whole = planned.rowCount() == count;
    PageReadStore pages =
        whole ? reader.readRowGroup(rg) : reader.readFilteredRowGroup(rg, planned);
    ColumnReadStoreImpl store =
        new ColumnReadStoreImpl(pages, read.tree.root(), read.schema, createdBy);
    List<ColumnSlot> flatSlots = read.flat;
    ColumnReader[] flat = new ColumnReader[flatSlots.size()];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = store.getColumnReader(flatSlots.get(i).descriptor());
    }
    if (verdicts != null) {
      verdicts.startRowGroup(read.generic, read.layout);
    }
    if (locator != null) {
      locator.startRowGroup(read.generic, read.layout);
      if (read.generic) {
        locator.generic().bind(s -> store.getColumnReader(s.descriptor()));
      }
    }
    PrimitiveIterator.OfLong indexes = whole ? null : pages.getRowIndexes().orElse(null);
    List<RowRanges.Range> selected = ranges.getRanges();
    int range = 0;
    for (long i = 0; i < pages.getRowCount(); i++) {
      long row = indexes != null ? indexes.nextLong() : i;
      while (range < selected.size() && selected.get(range).to < row) {
        range++;
      }
      boolean wanted = range < selected.size() && selected.get(range).from <= row;
      if (wanted) {
        traceIdSlot.load(flat[read.traceIdColumn]);
        boolean loaded =
            startRow(first + row, row == 0 && afterGapGroup) && evaluate(read, flat, flatSlots);
        if (!loaded && locator != null) {
          locator.skipRow();
        }
      } else if (locator != null) {
        locator.skipRow();
      }
      for (int c = 0; c < flat.length; c++) {
        flatSlots.get(c).consume(flat[c]);
      }
    }
    if (open && end == first + count - 1) {
      return; // the trace may continue into the next row group: keep it open
    }
    closeTrace(false);
  }

  /**
   * Starts a row of the current trace (or a new trace) whose {@code trace_id} is loaded; false when
   * the trace is already decided and the row need not be evaluated.
   */
  private boolean startRow(long blockRow, boolean firstAfterGap) {
    Binary id = traceIdSlot.binary();
    if (!open || !sameId(id)) {
      closeTrace(false);
      id.toByteBuffer().get(traceId);
      open = true;
      start = blockRow;
      bits = 0;
      decided = false;
      afterGap = firstAfterGap;
    }
    end = blockRow;
    return !decided;
  }

  /**
   * Evaluates the parts not yet satisfied on the current row: by the row's shape where it decides
   * them ({@link ShapeVerdicts}), else on the row's columns, which are then loaded. Returns whether
   * they were (and with them the generic attribute entries, consumed).
   */
  private boolean evaluate(Projection read, ColumnReader[] flat, List<ColumnSlot> flatSlots) {
    byte[] byPart = null;
    if (verdicts != null && shapes != null && read.shapeColumn >= 0) {
      flatSlots.get(read.shapeColumn).load(flat[read.shapeColumn]);
      byPart = verdicts.of(shapes.ordinal());
    }
    boolean loaded = false;
    for (int p = 0; p < parts.size(); p++) {
      if ((bits & (1L << p)) != 0) {
        continue;
      }
      byte v = byPart == null ? ShapeVerdicts.CHECK_ROW : byPart[p];
      if (v == ShapeVerdicts.NO_MATCH) {
        continue;
      }
      if (v == ShapeVerdicts.CHECK_ROW) {
        if (!loaded) {
          loadRow(flat, flatSlots);
          loaded = true;
        }
        if (!all(parts.get(p))) {
          continue;
        }
      }
      bits |= 1L << p;
      decided = root.holds(bits);
      if (decided) {
        break;
      }
    }
    return loaded;
  }

  private void loadRow(ColumnReader[] flat, List<ColumnSlot> flatSlots) {
    for (int c = 0; c < flat.length; c++) {
      flatSlots.get(c).load(flat[c]);
    }
    if (shapes != null) {
      shapes.apply();
    }
    if (locator != null) {
      locator.readRow();
    }
  }

  private static boolean all(List<RowTest> tests) {
    for (RowTest t : tests) {
      if (!t.test()) {
        return false;
      }
    }
    return true;
  }

  private boolean sameId(Binary id) {
    if (id.length() != 16) {
      return false;
    }
    return Arrays.equals(id.getBytesUnsafe(), 0, 16, traceId, 0, 16);
  }

  /**
   * Ends the trace being read: its rows are kept when it matched, or when part of it may lie in a
   * row group that was not read (then those rows are found afterwards).
   *
   * @param beforeGap whether the next row group is not read (a trace still open then reached the
   *     end of its row group, see {@link #scanGroup})
   */
  private void closeTrace(boolean beforeGap) {
    if (!open) {
      return;
    }
    open = false;
    if (decided || afterGap || beforeGap) {
      out.add(start, end + 1);
      if (afterGap || beforeGap) {
        fixups.add(new long[] {start, end, afterGap ? 1 : 0, beforeGap ? 1 : 0});
        fixupIds.add(traceId.clone());
      }
    }
  }

  /** Adds the rows of a kept trace in the neighbouring row groups that were not read. */
  private void fixup(
      byte[] id, long[] f, List<BlockMetaData> blocks, long[] firstRows, TraceRows traceRows)
      throws IOException {
    if (f[2] == 1) {
      for (int rg = groupOf(f[0], firstRows) - 1; rg >= 0; rg--) {
        RowRanges r = traceRows.rows(rg, id);
        add(r, firstRows[rg]);
        if (r.rowCount() == 0 || r.getRanges().get(0).from != 0) {
          break;
        }
      }
    }
    if (f[3] == 1) {
      for (int rg = groupOf(f[1], firstRows) + 1; rg < blocks.size(); rg++) {
        RowRanges r = traceRows.rows(rg, id);
        add(r, firstRows[rg]);
        List<RowRanges.Range> rs = r.getRanges();
        if (rs.isEmpty() || rs.get(rs.size() - 1).to != blocks.get(rg).getRowCount() - 1) {
          break;
        }
      }
    }
  }

  private void add(RowRanges r, long first) {
    for (RowRanges.Range range : r.getRanges()) {
      out.add(first + range.from, first + range.to + 1);
    }
  }

  private static int groupOf(long row, long[] firstRows) {
    int i = Arrays.binarySearch(firstRows, row);
    return i >= 0 ? i : -i - 2;
  }

  /** A node of the trace-level filter, over the bits of the parts some span satisfied. */
  private sealed interface Node {
    boolean holds(long bits);
  }

  private record Part(int index) implements Node {
    @Override
    public boolean holds(long bits) {
      return (bits & (1L << index)) != 0;
    }
  }

  private record AllOf(List<Node> nodes) implements Node {
    @Override
    public boolean holds(long bits) {
      for (Node n : nodes) {
        if (!n.holds(bits)) {
          return false;
        }
      }
      return true;
    }
  }

  private record AnyOf(List<Node> nodes) implements Node {
    @Override
    public boolean holds(long bits) {
      for (Node n : nodes) {
        if (n.holds(bits)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Always true: a part with no condition vsk1 can evaluate. */
  private record Always() implements Node {
    @Override
    public boolean holds(long bits) {
      return true;
    }
  }

  /** The filter reduced to what vsk1 can evaluate on the columns of one block. */
  private record Compiled(
      Node root,
      List<List<Condition>> parts,
      MessageType schema,
      Map<String, Integer> attrKeys,
      Map<String, AttrLookup.Kind> kinds,
      @Nullable MessageType withoutAttrs) {

    /**
     * Null when nothing can be evaluated (every trace may match). Span attribute keys read their
     * columns in this block ({@code slots}), {@code attr_layout} and the generic lists; {@code
     * withoutAttrs} is the projection for row groups whose lists hold none of the keys.
     */
    static @Nullable Compiled of(TraceFilter filter, AttrSlots slots, ShapeTable shapes) {
      List<List<Condition>> parts = new ArrayList<>();
      Node root = node(filter, parts);
      if (root instanceof Always || parts.size() > MAX_PARTS) {
        return null;
      }
      Set<String> columns = new LinkedHashSet<>();
      columns.add("trace_id");
      Map<String, Integer> attrKeys = new LinkedHashMap<>();
      Map<String, AttrLookup.Kind> kinds = new LinkedHashMap<>();
      for (List<Condition> part : parts) {
        for (Condition c : part) {
          columns.addAll(RowTests.columns(c));
          if (c.field() instanceof Attribute a
              && (a.scope() == Scope.SPAN || a.scope() == Scope.UNSCOPED)) {
            attrKeys.putIfAbsent(a.name(), attrKeys.size());
            kinds.merge(a.name(), AttrLookup.Kind.of(c), AttrLookup.Kind::and);
          }
        }
      }
      if (!attrKeys.isEmpty()) {
        columns.add("attr_layout");
        attrKeys.keySet().forEach(k -> columns.addAll(AttrLocator.columns(k, slots)));
      }
      if (shapes.size() > 1 && columns.stream().anyMatch(c -> shapes.column(c) >= 0)) {
        columns.add("shape"); // some values stand in the rows' span shapes
      }
      List<Type> fields = new ArrayList<>();
      for (Type t : Vsk1Schema.SCHEMA.getFields()) {
        if (t.getName().equals("attrs") && columns.contains("attrs")) {
          fields.add(AttrLookup.projection(kinds, slots));
        } else if (columns.contains(t.getName())) {
          fields.add(t);
        }
      }
      MessageType withoutAttrs = null;
      if (!attrKeys.isEmpty()) {
        boolean layout = AttrLocator.needsLayout(attrKeys.keySet(), slots);
        withoutAttrs =
            new MessageType(
                Vsk1Schema.SCHEMA.getName(),
                fields.stream()
                    .filter(
                        t ->
                            !t.getName().equals("attrs")
                                && (layout || !t.getName().equals("attr_layout")))
                    .toList());
      }
      return new Compiled(
          root,
          parts,
          new MessageType(Vsk1Schema.SCHEMA.getName(), fields),
          attrKeys,
          kinds,
          withoutAttrs);
    }

    private static Node node(TraceFilter f, List<List<Condition>> parts) {
      return switch (f) {
        case TraceFilter.Spans s -> {
          List<Condition> pushable = new ArrayList<>();
          for (Condition c : s.conditions()) {
            if (RowTests.columns(c) != null) {
              pushable.add(c);
            }
          }
          if (pushable.isEmpty()) {
            yield new Always();
          }
          parts.add(pushable);
          yield new Part(parts.size() - 1);
        }
        case TraceFilter.All a -> {
          List<Node> nodes = new ArrayList<>();
          for (TraceFilter p : a.parts()) {
            Node n = node(p, parts);
            if (!(n instanceof Always)) {
              nodes.add(n);
            }
          }
          yield nodes.isEmpty() ? new Always() : new AllOf(nodes);
        }
        case TraceFilter.Either e -> {
          List<Node> nodes = new ArrayList<>();
          for (TraceFilter p : e.parts()) {
            Node n = node(p, parts);
            if (n instanceof Always) {
              yield n;
            }
            nodes.add(n);
          }
          yield new AnyOf(nodes);
        }
      };
    }
  }
}
