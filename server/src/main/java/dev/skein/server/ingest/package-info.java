/**
 * The ingest path's wiring: OTLP/gRPC (4317) and OTLP/HTTP (4318) receivers as components, the
 * distributor and the in-process ingester built from {@code skein.distributor.*} and {@code
 * skein.ingester.*}, and {@code POST /flush}.
 */
@NullMarked
package dev.skein.server.ingest;

import org.jspecify.annotations.NullMarked;
