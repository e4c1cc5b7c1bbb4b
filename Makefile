# SPDX-License-Identifier: GPL-2.0
# folio_walk for Linux 6.1: the table of contents of the harness.
# Every target is one script under scripts/; `make help` lists them.
SHELL := /bin/bash
ARCH ?= x86_64
S := scripts

.PHONY: all help deps tree export run baseline test selftest selftest-faults test-arm64 test-s390x test-kasan test-vmtests check cross cross-all sparse bench profile shell kernel clean

all: run ## main job: deps, tree, build, initramfs, boot in QEMU, run the tests

help: ## this list
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14
	@echo; echo 'Knobs: ARCH=x86_64|arm64|s390x (arch/*.conf); TESTS="name ..." runs only those tests;'
	@echo '  NOBUILD=1 boots the kernel last built; VM_SRC=dir builds the vm selftests from dir;'
	@echo '  TARGETS="..." (cross: configs/cross-matrix.txt); BENCH_KIND=debug|prod, BEFORE=<rev>,'
	@echo '  ROUNDS=N, BENCH_ARGS, QEMU_SMP (bench); LOOPS, CASES (profile); JOBS=N (builds).'
	@echo 'Outputs: build/results/ARCH-KIND[-VARIANT]/ (console.log, tap.txt, results.txt, cases.txt).'

deps: ## install the Debian packages the harness needs (apt)
	$(S)/deps.sh

tree: deps ## lay out build/linux: pinned base (tag base) + patches/ applied with git am
	$(S)/mktree.sh

build/linux/.git:
	$(S)/deps.sh
	$(S)/mktree.sh

export: ## regenerate patches/ from build/linux base..HEAD
	$(S)/export.sh

kernel: build/linux/.git ## build the guest kernel of the series for $(ARCH) (build/out/, arch/$(ARCH).conf)
	$(S)/kernel.sh series $(ARCH)

run: build/linux/.git ## build and boot the series kernel, run tests/$(ARCH).list, print TAP + summary
	$(S)/run-tests.sh series $(ARCH)

baseline: build/linux/.git ## the same on the unpatched base; records baselines/$(ARCH).txt and $(ARCH)-cases.txt
	$(S)/run-tests.sh base $(ARCH)
	$(S)/record-baseline.sh $(ARCH)

check: build/linux/.git ## static checks: series applies, checkpatch --strict, builds after every patch
	$(S)/check-series.sh

cross: build/linux/.git ## W=1 compile matrix of configs/cross-matrix.txt, its ci targets (TARGETS=... picks)
	$(S)/cross.sh $(TARGETS)

cross-all: build/linux/.git ## every target of configs/cross-matrix.txt
	$(S)/cross.sh all

sparse: build/linux/.git ## sparse on the touched objects, base vs series: no new warning but the allowed ones
	$(S)/sparse.sh

selftest: ## the harness's own tests in seconds: verdict fixtures, shellcheck, consistency of the data files
	@command -v shellcheck >/dev/null || $(S)/deps.sh
	$(S)/selftest.sh

selftest-faults: ## plants a fault in each rule of the verdict in turn: the fixtures must catch each (about 2 min)
	$(S)/plant-faults.py

test: ## what CI runs (.ci/run): selftest, check, cross, sparse, run; a table, then one summary line
	$(S)/test-all.sh selftest check cross sparse run

test-arm64: build/linux/.git ## the arm64 guest (4 KiB pages; 64K, 2M, 32M, 1G hugetlb): make run ARCH=arm64
	$(S)/run-tests.sh series arm64

test-s390x: build/linux/.git ## the s390x guest (TCG: one NUMA node, no hugetlb pool, no THP): make run ARCH=s390x
	$(S)/run-tests.sh series s390x

test-kasan: build/linux/.git ## tests/$(ARCH).list with the variant tests/kasan.variant: KASAN + DEBUG_VM + lockdep kernel, 3x timeouts, 120 s stress
	$(S)/run-tests.sh series $(ARCH) kasan

test-vmtests: build/linux/.git ## the series' tools/testing/selftests/vm/run_vmtests.sh as one test in the x86-64 guest, make run's kernel (tests/vmtests.variant; about 16 min in QEMU, not in CI)
	$(S)/run-tests.sh series x86_64 vmtests

bench: build/linux/.git ## A/B/A benchmark of base vs series in QEMU (build/bench/: table, targets, CSV, PNGs); BENCH_KIND=prod: no-debug kernels; BEFORE=<rev>: + the series before the range walker
	$(S)/bench.sh

profile: build/linux/.git ## guest instructions per page of the move_pages() status query, base vs series, by kernel function (build/profile/); BENCH_KIND=prod; BEFORE=<rev>
	$(S)/profile.sh

shell: ## boot the last built $(ARCH) series kernel with its test initramfs and an interactive shell
	$(S)/shell.sh $(ARCH)

clean: ## remove kernel build outputs and results (keeps build/linux and ccache)
	rm -rf build/out build/logs build/results
