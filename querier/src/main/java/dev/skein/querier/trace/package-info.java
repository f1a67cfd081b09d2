/**
 * Trace by id: asks every source that may hold a part of the trace (ingesters, backend blocks) in
 * parallel, combines the parts and caps the size.
 */
@NullMarked
package dev.skein.querier.trace;

import org.jspecify.annotations.NullMarked;
