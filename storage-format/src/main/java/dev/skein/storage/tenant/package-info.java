/**
 * The per-tenant block list: which committed, not yet compacted blocks each tenant has. Queriers
 * and ingesters read it from memory (refreshed by polling), never by listing the bucket per query.
 */
@NullMarked
package dev.skein.storage.tenant;

import org.jspecify.annotations.NullMarked;
