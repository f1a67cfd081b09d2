/**
 * Decoding OTLP trace requests (protobuf, OTLP/JSON with hex ids, gzip) and encoding OTLP
 * responses. Transport-free: the gRPC and HTTP listeners live in the server module.
 */
@NullMarked
package dev.skein.ingester.receiver;

import org.jspecify.annotations.NullMarked;
