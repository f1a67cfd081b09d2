/** Completing head blocks into vsk1 blocks in the object store, visible to queries at once. */
@NullMarked
package dev.skein.ingester.flush;

import org.jspecify.annotations.NullMarked;
