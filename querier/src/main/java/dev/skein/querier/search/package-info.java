/** Search requests: parameter parsing (logfmt tags, Go durations, limits) and result merging. */
@NullMarked
package dev.skein.querier.search;

import org.jspecify.annotations.NullMarked;
