# student.mk - what a student repository adds to its lab's build.mk (both
# are included by the repository's Makefile): the grader, built from the copy
# in $(IPCLAB); make submit; the GitHub Classroom run.

.PHONY: grader submit classroom
check: grader

# GRADING_ONLY: install (or name) only the packages grading needs.
grader:
	@$(MAKE) -s --no-print-directory -C $(IPCLAB) build GRADING_ONLY=1

# The grader reads the top-level .c and .h files and nothing else, so that is
# what the archive holds; a submission that does not build is refused.
SUBMISSION := $(LAB)-submission.tar.gz
submit:
	@$(MAKE) -s --no-print-directory all $(if $(wildcard $(PROBE_SRC)),probe) || \
		{ echo "make submit: the build fails, so nothing was packed: fix the errors above" >&2; exit 1; }
	@bash $(IPCLAB)/submit.sh $(SUBMISSION)

# .github/workflows/classroom.yml: the grading of make check, with a result
# per test for Classroom's reporter; lost points are a grade, not an error.
classroom: grader
	@$(IPCLAB)/build/ipcgrade grade --lab $(LAB) --format text --format github . || [ $$? = 1 ]
