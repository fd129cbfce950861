/*
 * Attack: the helper under test calls exit(0) instead of returning, so
 * the probe that called it ends "successfully" without an answer.
 * Test: round::sizes_round_up_to_whole_pages
 * Expect: fail
 * Levels: root user none
 */
#include "hostile.h"

__attribute__((constructor)) static void attack(int argc, char *argv[])
{
	if (argc > 1 && strcmp(argv[1], "round") == 0 && hostile_in("probe_shm"))
		exit(0);
}
