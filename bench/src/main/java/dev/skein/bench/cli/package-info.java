/**
 * The command line: a small hand-written flag parser and the {@code e2e} and {@code generate-stats}
 * commands.
 */
@NullMarked
package dev.skein.bench.cli;

import org.jspecify.annotations.NullMarked;
