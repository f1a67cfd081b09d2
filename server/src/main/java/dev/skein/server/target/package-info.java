/**
 * Targets (what an operator asks one process to be) and the explicit map from each target to the
 * components it runs, in the style of Tempo's dependency map.
 */
@NullMarked
package dev.skein.server.target;

import org.jspecify.annotations.NullMarked;
