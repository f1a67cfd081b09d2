/**
 * The write path: OTLP receivers' decoding ({@code receiver}), distributor logic ({@code
 * distributor}: tenant, validation, limits, split by trace), the write-ahead log ({@code wal}) and
 * live traces with the WAL-backed head block and queries over recent data ({@code live}).
 */
@NullMarked
package dev.skein.ingester;

import org.jspecify.annotations.NullMarked;
