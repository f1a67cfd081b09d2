/** Wires the compactor ({@code skein.compactor.*}) when the target runs it. */
@NullMarked
package dev.skein.server.compactor;

import org.jspecify.annotations.NullMarked;
