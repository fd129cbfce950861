# The socket lab: four programs; sock_lib.c is linked into each of them.
LAB := socket
PROGRAMS := unix_server unix_client tcp_server tcp_client
include $(IPCLAB)/labs/common/build.mk
