/**
 * The distributor: resolves the tenant, validates every span (rejecting bad ones with a reason
 * while keeping the rest), truncates oversized attribute values, enforces per-tenant rate limits
 * and splits a batch by trace id before handing it to a {@link
 * dev.skein.ingester.distributor.SpanSink}. Serialized OTLP/protobuf requests are split straight
 * from their bytes ({@code WireTraceSplitter}), with the parse-then-split path ({@code
 * TraceSplitter}) as the reference and the fallback.
 */
@NullMarked
package dev.skein.ingester.distributor;

import org.jspecify.annotations.NullMarked;
