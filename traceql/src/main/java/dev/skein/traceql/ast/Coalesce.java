package dev.skein.traceql.ast;

/** {@code coalesce()}: merges all spansets of a trace back into one. */
public record Coalesce() implements PipelineStage {
  @Override
  public String toString() {
    return "coalesce()";
  }
}
