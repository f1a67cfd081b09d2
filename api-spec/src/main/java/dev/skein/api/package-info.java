/**
 * Skein's API contract: openapi.yaml for every HTTP endpoint, .proto files for Skein's own gRPC
 * APIs and their generated stubs, and a helper that validates JSON responses against the spec.
 *
 * <p>The JSON-response validator arrives with issue #5.
 */
@NullMarked
package dev.skein.api;

import org.jspecify.annotations.NullMarked;
