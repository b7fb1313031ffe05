/* Directory trees on disk: the size and the removal of a database
 * directory, a generation or a build, whatever they hold. */
#ifndef INDEXER_TREE_H
#define INDEXER_TREE_H

#include <stdint.h>

/* Total bytes of the files under 'path' (or of 'path' itself if it is a
 * file); 0 if it cannot be read.  Symbolic links are not followed. */
uint64_t cab_tree_size(const char *path);

/* Removes 'path' and everything under it, as far as it can; a missing
 * path is fine.  Symbolic links are removed, not followed. */
void cab_tree_remove(const char *path);

#endif
