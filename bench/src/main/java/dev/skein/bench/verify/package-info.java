/**
 * Reads back what was acknowledged through the query API and compares span ids: zero loss and zero
 * duplicates, or counts of what is missing, duplicated or extra.
 */
@NullMarked
package dev.skein.bench.verify;

import org.jspecify.annotations.NullMarked;
