/**
 * Test-scope support: abstract contract suites that every object store and block format must pass,
 * test-data builders, domain assertions and the S3-compatible test server launcher.
 *
 * <p>Contract suites for object stores and block formats arrive with issue #3.
 */
@NullMarked
package dev.skein.testkit;

import org.jspecify.annotations.NullMarked;
