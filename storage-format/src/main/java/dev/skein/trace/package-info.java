/**
 * Trace-level types shared by every module: trace ids and a trace as the OTLP resource spans that
 * carry it. The OTLP protobuf messages are Skein's in-memory model of spans.
 */
@NullMarked
package dev.skein.trace;

import org.jspecify.annotations.NullMarked;
