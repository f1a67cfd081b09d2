/**
 * The ingester proper: live traces held as serialized bytes under a memory budget, idle traces cut
 * into a WAL-backed head block, head blocks handed to a {@link
 * dev.skein.ingester.live.BlockCompleter}, and trace-by-id over all of it ({@link
 * dev.skein.ingester.live.IngesterQuery}).
 */
@NullMarked
package dev.skein.ingester.live;

import org.jspecify.annotations.NullMarked;
