/** Tag names and tag values for autocomplete, from the ingesters' recent data and block indexes. */
@NullMarked
package dev.skein.querier.tags;

import org.jspecify.annotations.NullMarked;
