/**
 * The ingester query API over gRPC ({@code skein.api.v1.IngesterQuery}): the service an ingester
 * serves from its in-process sources, and the querier's client that asks every configured ingester
 * in parallel, turning a dead or slow one into a PARTIAL answer that names it.
 */
@NullMarked
package dev.skein.querier.remote;

import org.jspecify.annotations.NullMarked;
