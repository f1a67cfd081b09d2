/**
 * Storage wiring: turns {@code skein.storage.*} into the process's one {@link
 * dev.skein.storage.backend.ObjectStore}, a local directory or an S3 bucket, with metrics and a
 * cache around it.
 */
@NullMarked
package dev.skein.server.storage;

import org.jspecify.annotations.NullMarked;
