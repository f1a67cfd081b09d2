package dev.skein.common;

/** Hash helpers shared by the open-addressing tables of the block writer and index builder. */
public final class Hashes {

  private Hashes() {}

  /**
   * Spreads a hash's bits over the low ones that index a power-of-two table (Fibonacci hashing):
   * {@code String.hashCode} and {@code Arrays.hashCode} of similar keys differ mostly in high bits.
   */
  public static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
