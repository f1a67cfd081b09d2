/**
 * TraceQL's read interfaces over OTLP traces held in memory (live traces, combined trace parts), so
 * ingesters and queriers evaluate queries with the one TraceQL engine.
 */
@NullMarked
package dev.skein.trace.view;

import org.jspecify.annotations.NullMarked;
