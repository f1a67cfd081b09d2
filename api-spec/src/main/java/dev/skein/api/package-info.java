/**
 * Skein's API contract: openapi.yaml for every HTTP endpoint, .proto files for Skein's own gRPC
 * APIs and their generated stubs, and a helper that validates JSON responses against the spec.
 *
 * <p>Nothing here yet: this package is delivered by issue #5.
 */
@NullMarked
package dev.skein.api;

import org.jspecify.annotations.NullMarked;
