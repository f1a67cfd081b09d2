package dev.skein.storage.block.vsk1;

/** Row {@code index} of {@code rows}, written as it was read (same schema). */
record CopiedRow(CapturedRows rows, int index) implements Vsk1Row {}
