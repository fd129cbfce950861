# The shm lab: three programs; shm_lib.c is linked into each of them.
LAB := shm
PROGRAMS := shm_demo shm_server shm_client
PROBE_LDFLAGS := -Wl,--wrap=sysconf -Wl,--wrap=getpagesize
include $(IPCLAB)/labs/common/build.mk
