# The fifo lab: two programs; fifo_lib.c is linked into each of them.
LAB := fifo
PROGRAMS := fifo_server fifo_client
include $(IPCLAB)/labs/common/build.mk
