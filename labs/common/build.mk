# build.mk - how a lab submission is built, by the student's Makefile and by
# the grader alike. A lab's build.mk sets LAB and PROGRAMS, then includes
# this file. Program P is built from P.c plus every other .c file of the
# submission (your helpers, shm_lib.c...) plus the given die.c.
#
#   make            build the programs
#   make check      grade this directory exactly as CI does
#   make clean

CC ?= cc
CFLAGS ?= -std=gnu11 -g -O1 -Wall -Wextra
GIVEN := $(IPCLAB)/labs/common
HELPERS := $(filter-out $(PROGRAMS:=.c) probe_%.c,$(wildcard *.c)) $(GIVEN)/die.c
HEADERS := $(wildcard *.h)
INCLUDES := -I. -I$(GIVEN) -I$(IPCLAB)/labs/$(LAB)
PROBE_SRC := $(IPCLAB)/labs/$(LAB)/probe_$(LAB).c

# The grader builds with TRACE=1: trace.c records where each IPC object is
# created (a leak in the report names its line) and can inject delays.
ifdef TRACE
TRACED := shmget semget msgget mkfifo bind open shm_open semop read write
HELPERS += $(GIVEN)/trace.c
LDLIBS += $(foreach fn,$(TRACED),-Wl,--wrap=$(fn))
endif

.PHONY: all check clean probe
all: $(PROGRAMS)

$(PROGRAMS): %: %.c $(HELPERS) $(HEADERS)
	$(CC) $(CFLAGS) $(INCLUDES) -o $@ $< $(HELPERS) $(LDLIBS)

# The probe calls your helper functions one at a time for the spec tests.
probe: probe_$(LAB)
probe_$(LAB): $(PROBE_SRC) $(HELPERS) $(HEADERS)
	$(CC) $(CFLAGS) $(INCLUDES) $(PROBE_LDFLAGS) -o $@ $(PROBE_SRC) $(HELPERS) $(LDLIBS)

check:
	$(IPCLAB)/build/ipcgrade grade --lab $(LAB) .

clean:
	rm -f $(PROGRAMS) probe_$(LAB)
