/**
 * Optional bearer-token authentication per tenant, applied to the query API and both OTLP
 * receivers.
 */
@NullMarked
package dev.skein.server.security;

import org.jspecify.annotations.NullMarked;
