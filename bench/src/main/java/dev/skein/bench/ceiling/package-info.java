/**
 * The ceilings that give the end-to-end numbers meaning, measured on the same payloads and machine:
 * protobuf decode speed, compressed size, and the server process's CPU and memory.
 */
@NullMarked
package dev.skein.bench.ceiling;

import org.jspecify.annotations.NullMarked;
