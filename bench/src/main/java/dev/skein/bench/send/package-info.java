/**
 * OTLP senders (gRPC with raw pre-encoded protobuf, HTTP with protobuf or JSON), the load driver
 * that paces them, and the ledger of every acknowledged span.
 */
@NullMarked
package dev.skein.bench.send;

import org.jspecify.annotations.NullMarked;
