/*
 * shm_lib.h - the shared-memory helpers the spec tests call directly.
 *
 * Given file: do not change it (the grader puts this copy back). Write the
 * bodies in shm_lib.c. Every function reports failure the way the system
 * calls do: it returns -1 (or 0 for shm_page_round) and leaves errno set.
 */
#ifndef SHM_LIB_H
#define SHM_LIB_H

#include <stddef.h>
#include <sys/types.h>

/* The project id that shm_parse_key() hands to ftok(3) for a path. */
#define SHM_FTOK_PROJ 'S'

/* Permissions of every segment and semaphore set the lab creates. */
#define SHM_MODE 0600

/*
 * The smallest multiple of the page size that holds `bytes` bytes, with the
 * page size read at run time (sysconf(_SC_PAGESIZE) or getpagesize()).
 * shm_page_round(0) is 0.
 */
size_t shm_page_round(size_t bytes);

/*
 * The key named by a command-line argument: a whole number in C syntax
 * ("5678", "0x162e", "017") is the key itself; anything else is a path,
 * turned into a key by ftok(path, SHM_FTOK_PROJ).
 * Errors: -1 with EINVAL for the number 0 (IPC_PRIVATE cannot be shared by
 * name) or a number that does not fit in key_t; ftok's errno for a path.
 */
key_t shm_parse_key(const char *arg);

/*
 * Create a new segment for `key` of shm_page_round(bytes) bytes with mode
 * SHM_MODE. Never reuses an existing segment. Returns its id.
 * Errors: -1 with EEXIST when the key is in use, EINVAL when bytes is 0,
 * or shmget's errno.
 */
int shm_create(key_t key, size_t bytes);

/*
 * Find the segment that shm_create(key, bytes) made, without creating one.
 * Returns its id. A segment under `key` that shm_create(key, bytes) of this
 * user could not have made (another size, another mode, another owner) is
 * foreign: return -1 and leave it alone.
 * Errors: -1 with ENOENT when no segment has the key, EACCES when it may not
 * be used, any errno for a foreign segment.
 */
int shm_lookup(key_t key, size_t bytes);

/*
 * Mark segment `id` for destruction. Processes attached to it keep using it;
 * the kernel frees it when the last one detaches, and from now on
 * shm_lookup() no longer finds it. Returns 0, or -1 with shmctl's errno.
 */
int shm_destroy(int id);

#endif
