package dev.skein.traceql.ast;

/**
 * An operator combining two spansets: logical {@code && ||}, structural {@code > < >> << ~} (which
 * return the right-hand spans), their negations {@code !> !< !>> !<< !~}, and union forms {@code &>
 * &< &>> &<< &~} (which return the matching spans of both sides).
 */
public enum SpansetOp {
  OR("||", 1, Relation.NONE, Mode.NONE),
  AND("&&", 2, Relation.NONE, Mode.NONE),
  CHILD(">", 3, Relation.CHILD, Mode.RIGHT),
  PARENT("<", 3, Relation.PARENT, Mode.RIGHT),
  DESCENDANT(">>", 3, Relation.DESCENDANT, Mode.RIGHT),
  ANCESTOR("<<", 3, Relation.ANCESTOR, Mode.RIGHT),
  SIBLING("~", 3, Relation.SIBLING, Mode.RIGHT),
  NOT_CHILD("!>", 3, Relation.CHILD, Mode.NEGATED),
  NOT_PARENT("!<", 3, Relation.PARENT, Mode.NEGATED),
  NOT_DESCENDANT("!>>", 3, Relation.DESCENDANT, Mode.NEGATED),
  NOT_ANCESTOR("!<<", 3, Relation.ANCESTOR, Mode.NEGATED),
  NOT_SIBLING("!~", 3, Relation.SIBLING, Mode.NEGATED),
  UNION_CHILD("&>", 3, Relation.CHILD, Mode.UNION),
  UNION_PARENT("&<", 3, Relation.PARENT, Mode.UNION),
  UNION_DESCENDANT("&>>", 3, Relation.DESCENDANT, Mode.UNION),
  UNION_ANCESTOR("&<<", 3, Relation.ANCESTOR, Mode.UNION),
  UNION_SIBLING("&~", 3, Relation.SIBLING, Mode.UNION);

  /** How a right-hand span must relate to a left-hand span. */
  public enum Relation {
    NONE,
    /** Right is a direct child of left. */
    CHILD,
    /** Right is the direct parent of left. */
    PARENT,
    /** Right is below left at any depth. */
    DESCENDANT,
    /** Right is above left at any depth. */
    ANCESTOR,
    /** Right shares left's parent and is another span. */
    SIBLING
  }

  /** Which spans a structural operator returns. */
  public enum Mode {
    NONE,
    /** Right-hand spans that have the relation to some left-hand span. */
    RIGHT,
    /** Right-hand spans that have the relation to no left-hand span. */
    NEGATED,
    /** Both sides' spans that take part in the relation. */
    UNION
  }

  private final String symbol;
  private final int precedence;
  private final Relation relation;
  private final Mode mode;

  SpansetOp(String symbol, int precedence, Relation relation, Mode mode) {
    this.symbol = symbol;
    this.precedence = precedence;
    this.relation = relation;
    this.mode = mode;
  }

  /** The operator as written in TraceQL. */
  public String symbol() {
    return symbol;
  }

  /**
   * Binding strength: structural operators bind tighter than {@code &&}, which binds tighter than
   * {@code ||}.
   */
  public int precedence() {
    return precedence;
  }

  /** The structural relation, {@link Relation#NONE} for {@code &&} and {@code ||}. */
  public Relation relation() {
    return relation;
  }

  /** Which spans a structural operator returns, {@link Mode#NONE} for {@code &&} and {@code ||}. */
  public Mode mode() {
    return mode;
  }
}
