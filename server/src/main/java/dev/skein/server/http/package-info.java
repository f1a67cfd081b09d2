/**
 * HTTP controllers of the server's own endpoints (readiness, echo, build info, effective config)
 * and the one place that maps Skein's exceptions to HTTP statuses.
 */
@NullMarked
package dev.skein.server.http;

import org.jspecify.annotations.NullMarked;
