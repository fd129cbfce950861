# The pipe lab: three programs; pipe_lib.c is linked into each of them.
LAB := pipe
PROGRAMS := pipe_copy pipe_filter pipe_gather
include $(IPCLAB)/labs/common/build.mk
