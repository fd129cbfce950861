/*
 * mmap_lib.h - the file both programs map, and the helpers the spec tests
 * call directly.
 *
 * Given file: do not change it (the grader puts this copy back). Write the
 * bodies in mmap_lib.c. Every function reports failure the way the system
 * calls do: -1 (MAP_FAILED for mmap_share) with errno set.
 */
#ifndef MMAP_LIB_H
#define MMAP_LIB_H

#include <semaphore.h>
#include <stddef.h>

/* The size of the file mmap_write makes (the course's 0x100 bytes). */
#define MMAP_FILE_SIZE 0x100

/* Permissions of every file the lab creates. */
#define MMAP_MODE 0600

/* Room for the value as text: "-9223372036854775808" and its NUL fit. */
#define MMAP_VALUE_SIZE 24

/*
 * What the first bytes of the file hold. The rest of the file is zeros.
 * value: the number in decimal, as snprintf("%lld") writes it, then a NUL;
 * lock:  a POSIX semaphore shared between processes (sem_init(&lock, 1, 1)),
 *        1 when free; whoever changes `value` holds it (sem_wait) meanwhile.
 */
struct mmap_cell {
	char value[MMAP_VALUE_SIZE];
	sem_t lock;
};

_Static_assert(sizeof(struct mmap_cell) <= MMAP_FILE_SIZE,
	       "the cell fits in the file");

/*
 * Create a new file at `path`, mode MMAP_MODE, exactly `size` bytes long
 * and zero-filled, before anything maps it. Returns a descriptor open for
 * reading and writing.
 * Errors: -1 with EEXIST when `path` exists (the file is left untouched),
 * EINVAL when size is 0, or open's or ftruncate's errno (then the new file
 * is removed again).
 */
int mmap_create(const char *path, size_t size);

/*
 * Map the first `size` bytes of the file open on `fd` so that writes reach
 * the file and every other process that maps it (MAP_SHARED), with
 * protection `prot` (PROT_READ, or PROT_READ | PROT_WRITE). Returns the
 * address.
 * Errors: MAP_FAILED, never NULL, with mmap's errno: EBADF when fd is not
 * open, EACCES when its open mode does not allow `prot`, EINVAL when size
 * is 0.
 */
void *mmap_share(int fd, size_t size, int prot);

/*
 * Write the mapping at `addr` (size bytes) back to its file (msync with
 * MS_SYNC), unmap it and close `fd`. All three are attempted even if one
 * fails. Returns 0, or -1 with the errno of the first failure.
 */
int mmap_release(void *addr, size_t size, int fd);

#endif
