package dev.skein.storage.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.Arrays;

/**
 * Turns fuzzer input into a corrupted copy of a valid object: raw bytes, a truncation, or a few
 * byte edits of the valid bytes. Starting from a valid object lets the fuzzer get past the magic
 * and length checks quickly and probe the checks behind them.
 */
public final class Corruptions {
  private Corruptions() {}

  /** The bytes to feed a reader: derived from {@code valid} as the fuzzer input directs. */
  public static byte[] of(byte[] valid, FuzzedDataProvider data) {
    switch (data.consumeInt(0, 3)) {
      case 0 -> {
        return data.consumeRemainingAsBytes();
      }
      case 1 -> {
        return Arrays.copyOf(valid, data.consumeInt(0, valid.length));
      }
      case 2 -> {
        byte[] out = valid.clone();
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits && out.length > 0; i++) {
          out[data.consumeInt(0, out.length - 1)] = data.consumeByte();
        }
        return out;
      }
      default -> {
        // valid prefix, then fuzzer bytes: bodies that claim more than they hold
        byte[] head = Arrays.copyOf(valid, data.consumeInt(0, valid.length));
        byte[] tail = data.consumeRemainingAsBytes();
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
      }
    }
  }
}
