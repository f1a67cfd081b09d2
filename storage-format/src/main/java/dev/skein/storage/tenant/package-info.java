/**
 * The per-tenant block list: which committed, not yet compacted blocks each tenant has. Queriers
 * and ingesters read it from memory (refreshed by polling), never by listing the bucket per query.
 * Next to it, the tenant's bloom index ({@link dev.skein.storage.tenant.TenantBlooms}): copies of
 * every live block's trace-id filter shards in a few objects, so that a trace lookup need not read
 * one shard per block.
 */
@NullMarked
package dev.skein.storage.tenant;

import org.jspecify.annotations.NullMarked;
