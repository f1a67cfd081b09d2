/**
 * The per-block search index ({@code search.idx}): RoaringBitmap posting lists from (scope, key,
 * value) to the block rows holding them, and the value dictionaries behind the tag and tag-value
 * APIs.
 */
@NullMarked
package dev.skein.storage.index;

import org.jspecify.annotations.NullMarked;
