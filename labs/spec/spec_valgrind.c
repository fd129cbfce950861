/*
 * spec_valgrind.c - the student's programs under memcheck, when the grader
 * asks (IPCLAB_VALGRIND, from --valgrind or the rubric's valgrind flag).
 * Each program's report goes to a file in the private directory through a
 * descriptor valgrind keeps out of the program's reach; after the test,
 * the first error (invalid access, definite leak) fails a test that passed.
 */
#include "spec.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool spec_valgrind_on(void)
{
	return getenv("IPCLAB_VALGRIND") != NULL;
}

int spec_valgrind_log(const char *name, unsigned serial)
{
	char path[PATH_MAX];
	const char *dir = getenv("IPCLAB_PRIVATE");

	snprintf(path, sizeof path, "%s/valgrind.%u.%s", dir ? dir : ".", serial, name);
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
}

/* With -q, valgrind writes only errors: "==PID== Invalid read of size 4",
 * then "==PID==    at 0x...: f (file.c:12)" lines. Find the first error
 * and the first place in a source file (not in a library). */
static bool first_error(FILE *f, const char *program, char *msg, size_t size)
{
	char line[1024], headline[256] = "", *text;

	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		text = strstr(line, "== ");
		if (!text || line[0] != '=')
			continue;
		text += 3;
		if (!headline[0] && *text && *text != ' ' && strncmp(text, "Warning", 7) != 0) {
			snprintf(headline, sizeof headline, "%s", text);
		} else if (headline[0] && strstr(text, ".c:") && strrchr(text, '(')) {
			snprintf(msg, size, "valgrind found an error in %s: %s at %.*s", program,
				 headline, (int)strcspn(strrchr(text, '(') + 1, ")"),
				 strrchr(text, '(') + 1);
			return true;
		}
	}
	if (headline[0])
		snprintf(msg, size, "valgrind found an error in %s: %s", program, headline);
	return headline[0] != '\0';
}

bool spec_valgrind_verdict(char *msg, size_t size)
{
	const char *dir = getenv("IPCLAB_PRIVATE");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		char path[PATH_MAX];
		const char *program = strchr(e->d_name + sizeof "valgrind", '.');
		FILE *f;

		if (strncmp(e->d_name, "valgrind.", 9) != 0 || !program)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if ((f = fopen(path, "re")) != NULL) {
			found = first_error(f, program + 1, msg, size);
			fclose(f);
		}
	}
	closedir(d);
	return found;
}
