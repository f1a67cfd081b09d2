/**
 * The write-ahead log: per tenant, numbered segment files of length-prefixed, CRC32C-checked
 * records, written by one thread per tenant with group commit (one fsync per batch of concurrent
 * appends), replayed on start with a torn tail truncated.
 */
@NullMarked
package dev.skein.ingester.wal;

import org.jspecify.annotations.NullMarked;
