# The mmap lab: two programs; mmap_lib.c is linked into each of them.
LAB := mmap
PROGRAMS := mmap_write mmap_read
include $(IPCLAB)/labs/common/build.mk
