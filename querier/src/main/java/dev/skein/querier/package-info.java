/**
 * The read path: trace by id, search, tags and tag values across ingesters and blocks, with query
 * sharding and caches.
 *
 * <p>Nothing here yet: this package is delivered by issue #5.
 */
@NullMarked
package dev.skein.querier;

import org.jspecify.annotations.NullMarked;
