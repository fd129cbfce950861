/*
 * Attack: the submission does not compile.
 * Test: all
 * Expect: build-failed
 * Levels: root user none
 */
#include "hostile.h"

int hostile(void)
{
	return missing_semicolon
}
