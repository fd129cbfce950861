# ipclab - the lab harness for Linux IPC.
#
#   make grade    install what is missing, build, grade every lab's reference
#   make test     the project's own tests (unit, references, template,
#                 wrong submissions, sanitizers, ipcs unchanged)
#   make build    build/ipcgrade and the spec binaries only
#   make stress   every reference graded 100 times under load (RUNS=N)
#   make bench    IPC speeds and grading speed here: docs/benchmarks.md
#   make clean

CC := cc
STRICT := -std=c11 -Wall -Wextra -Wpedantic -Werror -g -O2
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer
LABS := $(patsubst labs/%/rubric.tsv,%,$(wildcard labs/*/rubric.tsv))
DEB_PACKAGES := gcc make pkg-config libcriterion-dev libjansson-dev libxml2-dev libxml2-utils python3-jsonschema valgrind jq patch util-linux cppcheck shellcheck libarchive-dev zip unzip

GRADER_SRC := $(wildcard grader/*.c)
SPEC_LIB := $(wildcard labs/spec/*.c)
SPEC_HDR := $(wildcard labs/spec/*.h)
SPECS := $(LABS:%=build/spec/spec_%)

.PHONY: all build grade test stress deps clean
all: build

# Debian packages: installed with apt-get when we are root, else named.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "ipclab: installing $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
		else \
			echo "ipclab needs these Debian packages: $$missing"; \
			echo "install them with:  sudo apt-get install $$missing"; exit 1; \
		fi; \
	fi

build: build/ipcgrade $(SPECS)

build/ipcgrade: $(GRADER_SRC) grader/ipcgrade.h | deps
	@mkdir -p $(@D)
	$(CC) $(STRICT) -o $@ $(GRADER_SRC) $$(pkg-config --cflags --libs jansson libxml-2.0 libarchive)

build/asan/ipcgrade: $(GRADER_SRC) grader/ipcgrade.h | deps
	@mkdir -p $(@D)
	$(CC) $(STRICT) $(SANITIZE) -o $@ $(GRADER_SRC) $$(pkg-config --cflags --libs jansson libxml-2.0 libarchive)

# One spec binary per lab: the lab's spec_*.c and helpers, never student code.
build/spec/spec_%: labs/%/*.c labs/%/*.h $(SPEC_LIB) $(SPEC_HDR) | deps
	@mkdir -p $(@D)
	$(CC) $(STRICT) -D_GNU_SOURCE -DSPEC_LAB='"$*"' -Ilabs/spec -Ilabs/$* -o $@ \
		$(filter-out labs/$*/probe_%,$(wildcard labs/$*/*.c)) $(SPEC_LIB) \
		$$(pkg-config --cflags --libs criterion)

grade: build
	@status=0; for lab in $(LABS); do \
		build/ipcgrade grade --lab $$lab reference/$$lab || status=1; echo; done; \
	exit $$status

# Unit tests link the grader's pieces without its main().
build/unit_tests: tests/unit/*.c $(filter-out grader/main.c,$(GRADER_SRC)) grader/ipcgrade.h | deps
	$(CC) $(STRICT) $(SANITIZE) -o $@ tests/unit/*.c $(filter-out grader/main.c,$(GRADER_SRC)) \
		$$(pkg-config --cflags --libs criterion jansson libxml-2.0 libarchive)

test: build build/asan/ipcgrade build/unit_tests
	@bash tests/run.sh

stress: build
	@bash tests/stress.sh

clean:
	rm -rf build
	for lab in $(LABS); do \
		$(MAKE) -s -C reference/$$lab clean; $(MAKE) -s -C student_template/$$lab clean; done

# -- What leaves ipclab: student repositories and Gradescope (dist/) --------
#   make dist-template [LAB=shm]   build/dist/<lab>/: a student repository
#   make gradescope [LAB=shm]      build/dist/gradescope-<lab>.zip
# LAB defaults to all labs. A copy of the grader builds with GRADING_ONLY=1,
# which installs only what grading needs (a student's clone, Gradescope,
# Classroom); off Debian, the compiler says what is missing.
ifdef GRADING_ONLY
DEB_PACKAGES := gcc make pkg-config libcriterion-dev libjansson-dev libxml2-dev valgrind util-linux
ifeq ($(shell command -v dpkg-query),)
DEB_PACKAGES :=
endif
endif
DIST_LABS = $(if $(filter-out all,$(or $(LAB),all)),$(LAB),$(LABS))

.PHONY: dist-template gradescope
dist-template gradescope: | deps
	@for lab in $(DIST_LABS); do bash dist/$@.sh $$lab build/dist || exit 1; done

# make bench: IPC speeds and grading speed on this machine, written to
# docs/benchmarks.md with a plot (bench/run.sh). gnuplot is needed here only.
IPCBENCH_SRC := $(wildcard bench/ipcbench/*.c) reference/shm/shm_lib.c reference/shm/turns.c \
	labs/common/die.c

build/bench/ipcbench: $(IPCBENCH_SRC) bench/ipcbench/ipcbench.h | deps
	@mkdir -p $(@D)
	$(CC) $(STRICT) -Ibench/ipcbench -Ilabs/common -Ilabs/shm -Ireference/shm -pthread \
		-o $@ $(IPCBENCH_SRC)

build/bench/runstat: bench/runstat.c labs/common/die.c | deps
	@mkdir -p $(@D)
	$(CC) $(STRICT) -Ilabs/common -o $@ $^

.PHONY: bench
bench: DEB_PACKAGES += gnuplot-nox
bench: build build/bench/ipcbench build/bench/runstat
	@bash bench/run.sh
