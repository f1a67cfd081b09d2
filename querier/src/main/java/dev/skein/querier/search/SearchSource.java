package dev.skein.querier.search;

import java.util.List;

/**
 * A place search reads: the ingesters' recent data, or one tenant's backend blocks. Thread-safe.
 */
public interface SearchSource {

  /**
   * The jobs that together search this source for one tenant. Choosing them may read cached
   * metadata (the block list, block time ranges) but no span data.
   */
  List<SearchJob> jobs(String tenant, SearchPlan plan);
}
