/** The Tempo-compatible query API: trace by id, search, tags; the logic lives in the querier. */
@NullMarked
package dev.skein.server.query;

import org.jspecify.annotations.NullMarked;
