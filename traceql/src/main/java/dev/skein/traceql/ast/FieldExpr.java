package dev.skein.traceql.ast;

/**
 * An expression evaluated against one span: a literal, an attribute, an intrinsic, or an operator
 * applied to those. It is the body of a spanset filter {@code { ... }} and the argument of {@code
 * by()}, {@code select()} and aggregates.
 */
public sealed interface FieldExpr
    permits Literal, Attribute, IntrinsicField, BinaryExpr, UnaryExpr {}
