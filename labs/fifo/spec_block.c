/*\
 * Blocking: a server with nothing to do sleeps in the kernel.
 *
 * - before its first client, fifo_server blocks (in read or open);
 * - after its last client closed the FIFO, it blocks again: read() on a FIFO
 *   with no writer left returns end of file at once, so a server that does
 *   not hold a write end itself (or reopen) spins.
 */
#include <unistd.h>

#include "fifo_spec.h"

TestSuite(block, .fini = fifo_stop_started);

Test(block, server_idle_before_first_client,
     .description = "fifo_server waiting for its first client blocks instead of polling")
{
	struct spec_proc server;

	fifo_start_server(&server, fifo_path("req.fifo"));
	fifo_expect_blocked(&server, "waiting for its first client");
	spec_stop(&server);
}

Test(block, server_idle_after_client_leaves,
     .description = "fifo_server blocks again after its only client has closed the FIFO, instead of spinning on end of file")
{
	const char *req = fifo_path("req.fifo");
	struct spec_proc server;
	int fd, seq;

	fifo_start_server(&server, req);
	fd = fifo_open_request(req);
	cr_assert(fifo_ask(fd, "reply.fifo", 1, &seq),
		  SPEC_CANNOT_CHECK "fifo_server did not answer a request (it %s)",
		  spec_how_ended(&server));
	close(fd);
	fifo_expect_blocked(&server, "waiting after its only client left");
	spec_stop(&server);
}
