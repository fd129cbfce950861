/*
 * probe_shm.c - call one function of the student's shm_lib.c, so that a spec
 * test can check it from the outside. Built by the grader, not by students.
 *
 * Usage: probe_shm round BYTES | parse ARG | create KEY BYTES |
 *                  lookup KEY BYTES | destroy ID
 * Answers "RETURN ERRNO" on descriptor 3. With PROBE_PAGE_SIZE=N in the
 * environment, sysconf(_SC_PAGESIZE) and getpagesize() answer N.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shm_lib.h"

long __real_sysconf(int name);
int __real_getpagesize(void);

long __wrap_sysconf(int name)
{
	const char *fake = getenv("PROBE_PAGE_SIZE");

	return name == _SC_PAGESIZE && fake ? atol(fake) : __real_sysconf(name);
}

int __wrap_getpagesize(void)
{
	const char *fake = getenv("PROBE_PAGE_SIZE");

	return fake ? atoi(fake) : __real_getpagesize();
}

static long number(const char *s)
{
	return strtol(s, NULL, 0);
}

int main(int argc, char *argv[])
{
	const char *call = argc > 1 ? argv[1] : "";
	long ret;

	errno = 0;
	if (strcmp(call, "round") == 0 && argc == 3)
		ret = (long)shm_page_round((size_t)number(argv[2]));
	else if (strcmp(call, "parse") == 0 && argc == 3)
		ret = shm_parse_key(argv[2]);
	else if (strcmp(call, "create") == 0 && argc == 4)
		ret = shm_create((key_t)number(argv[2]), (size_t)number(argv[3]));
	else if (strcmp(call, "lookup") == 0 && argc == 4)
		ret = shm_lookup((key_t)number(argv[2]), (size_t)number(argv[3]));
	else if (strcmp(call, "destroy") == 0 && argc == 3)
		ret = shm_destroy((int)number(argv[2]));
	else {
		fprintf(stderr, "usage: probe_shm round|parse|create|lookup|destroy ARGS\n");
		return 2;
	}
	return dprintf(3, "%ld %d\n", ret, errno) < 0;
}
