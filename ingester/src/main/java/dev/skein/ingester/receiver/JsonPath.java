package dev.skein.ingester.receiver;

import java.util.Arrays;

/**
 * The position of a streaming JSON decoder inside the document, as {@code
 * $.resourceSpans[0].scopeSpans[2].spans[1].traceId}. Built into a string only when an error is
 * reported, so keeping it costs two array writes per field. Not thread-safe.
 */
final class JsonPath {

  private String[] names = new String[16];
  private int[] indexes = new int[16];
  private int depth;

  void field(String name) {
    grow();
    names[depth] = name;
    indexes[depth] = -1;
    depth++;
  }

  void index(int index) {
    grow();
    names[depth] = null;
    indexes[depth] = index;
    depth++;
  }

  void pop() {
    depth--;
  }

  private void grow() {
    if (depth == names.length) {
      names = Arrays.copyOf(names, depth * 2);
      indexes = Arrays.copyOf(indexes, depth * 2);
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("$");
    for (int i = 0; i < depth; i++) {
      if (indexes[i] >= 0) {
        sb.append('[').append(indexes[i]).append(']');
      } else {
        sb.append('.').append(names[i]);
      }
    }
    return sb.toString();
  }
}
