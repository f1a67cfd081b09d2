/**
 * A deterministic, seeded generator of realistic OTLP traces: a dozen services calling each other
 * over HTTP and gRPC, databases, caches and Kafka, with semantic-convention attributes, errors and
 * the shapes people search for (N+1 combs, retry storms, slow-replica fan-out, idle gaps, late
 * spans), batched into {@code ExportTraceServiceRequest}s the way a collector would send them.
 */
@NullMarked
package dev.skein.bench.workload;

import org.jspecify.annotations.NullMarked;
