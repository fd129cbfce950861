/* shm_lib.c - the shared-memory helpers of shm_lib.h. */
#define _XOPEN_SOURCE 700
#include "shm_lib.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

size_t shm_page_round(size_t bytes)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return (bytes + page - 1) / page * page;
}

key_t shm_parse_key(const char *arg)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(arg, &end, 0);
	if (end == arg || *end != '\0' || arg[0] == '-' || arg[0] == '+')
		return ftok(arg, SHM_FTOK_PROJ);
	if (errno == ERANGE || n == 0 || n > INT_MAX) {
		errno = EINVAL;
		return -1;
	}
	return (key_t)n;
}

int shm_create(key_t key, size_t bytes)
{
	if (bytes == 0) {
		errno = EINVAL;
		return -1;
	}
	return shmget(key, shm_page_round(bytes), IPC_CREAT | IPC_EXCL | SHM_MODE);
}

int shm_lookup(key_t key, size_t bytes)
{
	struct shmid_ds ds;
	int id = shmget(key, 0, SHM_MODE);

	if (id == -1)
		return -1;
	if (shmctl(id, IPC_STAT, &ds) == -1)
		return -1;
	if (ds.shm_segsz != shm_page_round(bytes) ||
	    (ds.shm_perm.mode & 0777) != SHM_MODE ||
	    ds.shm_perm.uid != geteuid()) {
		errno = EEXIST; /* the key is taken by a foreign segment */
		return -1;
	}
	return id;
}

int shm_destroy(int id)
{
	return shmctl(id, IPC_RMID, NULL);
}
