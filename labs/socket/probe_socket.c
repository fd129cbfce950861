/*
 * probe_socket.c - call one function of the student's sock_lib.c, so that a
 * spec test can check it from the outside. Built by the grader, not by
 * students.
 *
 * Usage: probe_socket address PATH
 * Answers "RETURN ERRNO" on descriptor 3; for a successful call the address
 * is then bound, and the file removed again: RETURN is -2 if that file is
 * not PATH.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sock_proto.h"

int main(int argc, char *argv[])
{
	struct sockaddr_un addr;
	socklen_t len = 0;
	struct stat st;
	long ret;
	int fd;

	if (argc != 3 || strcmp(argv[1], "address") != 0) {
		fprintf(stderr, "usage: probe_socket address PATH\n");
		return 2;
	}
	errno = 0;
	ret = sock_unix_address(argv[2], &addr, &len);
	if (ret == 0) {
		/* The name bound, NUL-terminated even if sun_path is not. */
		char made[sizeof addr.sun_path + 1] = "";

		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd == -1 || bind(fd, (struct sockaddr *)&addr, len) == -1 ||
		    stat(argv[2], &st) == -1 || !S_ISSOCK(st.st_mode))
			ret = -2;
		memcpy(made, addr.sun_path, sizeof addr.sun_path);
		if (made[0])
			unlink(made);
		errno = 0;
	}
	return dprintf(3, "%ld %d\n", ret, errno) < 0;
}
