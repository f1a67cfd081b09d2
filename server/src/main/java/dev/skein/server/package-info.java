/**
 * The one Skein application: Spring Boot wiring of the plain-Java modules. Only this module knows
 * Spring.
 */
@NullMarked
package dev.skein.server;

import org.jspecify.annotations.NullMarked;
