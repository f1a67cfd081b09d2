/**
 * Types shared by every Skein module: the {@link dev.skein.common.Component} lifecycle that the
 * server starts and checks, and the {@link dev.skein.common.SkeinException} family that the server
 * maps to HTTP and gRPC statuses in one place.
 */
@NullMarked
package dev.skein.common;

import org.jspecify.annotations.NullMarked;
