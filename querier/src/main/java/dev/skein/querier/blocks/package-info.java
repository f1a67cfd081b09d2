/**
 * The backend blocks as query sources: trace by id through bloom filters and page indexes, search
 * over blocks in the window (pruned with each block's search index), and tag dictionaries.
 */
@NullMarked
package dev.skein.querier.blocks;

import org.jspecify.annotations.NullMarked;
