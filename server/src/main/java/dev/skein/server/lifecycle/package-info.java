/** Starting, checking and closing the components a target runs, and readiness. */
@NullMarked
package dev.skein.server.lifecycle;

import org.jspecify.annotations.NullMarked;
