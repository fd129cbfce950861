/*
 * Attack: shm_demo allocates and touches memory until it is refused, in
 * four processes at once.
 * Test: demo::reports_requested_and_allocated
 * Expect: fail timeout
 * Levels: root user none
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(void)
{
	size_t total = 0;
	char *p;

	if (!hostile_in("shm_demo"))
		return;
	fork();
	fork();
	while ((p = malloc(64 << 20)) != NULL) {
		memset(p, 1, 64 << 20);
		total += 64;
	}
	fprintf(stderr, "allocated %zu MiB\n", total);
	exit(1);
}
