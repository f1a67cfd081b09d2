/**
 * Binding of {@code skein.*} properties (yaml, {@code SKEIN_*} environment variables, command-line
 * flags), validation that lists every problem at once, and the startup summary.
 */
@NullMarked
package dev.skein.server.config;

import org.jspecify.annotations.NullMarked;
