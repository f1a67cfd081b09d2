/**
 * Test-scope support: abstract contract suites that every object store and block format must pass,
 * test-data builders, domain assertions and the S3-compatible test server launcher.
 *
 * <p>Object store: {@link dev.skein.testkit.ObjectStoreContract} (the SPI contract suite), {@link
 * dev.skein.testkit.S3TestServer} (S3Proxy in-process, SigV4 on) and {@link
 * dev.skein.testkit.InMemoryObjectStore} (a fake for unit tests).
 *
 * <p>API: {@link dev.skein.testkit.ApiContract} checks HTTP responses against openapi.yaml.
 */
@NullMarked
package dev.skein.testkit;

import org.jspecify.annotations.NullMarked;
