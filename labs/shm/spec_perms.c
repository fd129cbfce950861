/*\
 * Permissions: the server's objects are private to its user (mode 600), so
 * another user can neither read the stream nor take the server's turns.
 */
#include "shm_spec.h"

Test(perms, server_objects_are_private,
     .description = "every System V object shm_server creates has mode 600")
{
	key_t key = spec_key();
	struct spec_proc server;
	struct spec_ipc all[16];
	size_t n;

	shm_start_server(&server, shm_key_arg(key), (struct spec_io){ .stdin_pipe = true });
	n = spec_ipc_list('m', all, 16);
	n += spec_ipc_list('s', all + n, 16 - n);
	cr_expect_geq(n, 1, "shm_server printed ready: expected its segment to exist, got no object");
	for (size_t i = 0; i < n; i++)
		cr_expect_eq(all[i].mode, 0600, "shm_server's %s: expected mode 600, got %o",
			     spec_ipc_describe(&all[i]), all[i].mode);
	spec_stop(&server);
}
