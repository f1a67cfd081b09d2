package dev.skein.storage.block.vsk1;

import org.jspecify.annotations.Nullable;

/**
 * Row {@code index} of {@code rows}, written as it was read (same schema), its attribute slots
 * moved by {@code slots} when given.
 */
record CopiedRow(CapturedRows rows, int index, @Nullable SlotRemap slots, ShapeTable shapes)
    implements Vsk1Row {}
