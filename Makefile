# SPDX-License-Identifier: GPL-2.0
# folio_walk for Linux 6.1: the table of contents of the harness.
# Every target is one script under scripts/; `make help` lists them.
SHELL := /bin/bash
ARCH ?= x86_64
S := scripts

.PHONY: all help deps tree export run baseline test test-arm64 test-s390x test-kasan check cross cross-all sparse bench profile shell kernel clean

all: run ## main job: deps, tree, build, initramfs, boot in QEMU, run the tests

help: ## this list
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

deps: ## install the Debian packages the harness needs (apt)
	$(S)/deps.sh

tree: deps ## lay out build/linux: pinned base (tag base) + patches/ applied with git am
	$(S)/mktree.sh

build/linux/.git:
	$(S)/deps.sh
	$(S)/mktree.sh

export: ## regenerate patches/ from build/linux base..HEAD
	$(S)/export.sh

kernel: build/linux/.git ## build the x86-64 guest kernel of the series (build/out/x86_64)
	$(S)/build.sh $(CURDIR)/build/linux $(CURDIR)/build/out/$(ARCH) $(ARCH) bzImage configs/$(ARCH)-guest.config

run: build/linux/.git ## build and boot the series kernel, run tests/$(ARCH).list, print TAP + summary
	$(S)/run-tests.sh series $(ARCH)

baseline: build/linux/.git ## the same on the unpatched base; records tests/baseline-$(ARCH).txt
	$(S)/run-tests.sh base $(ARCH)

check: build/linux/.git ## static checks: series applies, checkpatch --strict, builds after every patch
	$(S)/check-series.sh

cross: build/linux/.git ## W=1 compile matrix: touched objects of 11 configs and a riscv64 nommu vmlinux, 7 arches (TARGETS=... picks)
	$(S)/cross.sh $(TARGETS)

cross-all: build/linux/.git ## cross + riscv64 nommu's touched objects alone (quick check of that config)
	$(S)/cross.sh all

sparse: build/linux/.git ## sparse on the touched objects, base vs series: no new warning but the allowed ones
	$(S)/sparse.sh

test: ## what CI runs (.ci/run): check, cross, sparse, then run
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory cross
	$(MAKE) --no-print-directory sparse
	$(MAKE) --no-print-directory run

test-arm64: build/linux/.git ## the arm64 guest (4 KiB pages; 64K, 2M, 32M, 1G hugetlb): make run ARCH=arm64
	$(S)/run-tests.sh series arm64

test-s390x: build/linux/.git ## the s390x guest (TCG; 1M and 2G hugetlb, one NUMA node): make run ARCH=s390x
	$(S)/run-tests.sh series s390x

test-kasan: build/linux/.git ## the whole suite and a 120 s stress on a KASAN + DEBUG_VM + lockdep kernel
	SUFFIX=-kasan EXTRA_FRAGMENTS=$(CURDIR)/configs/$(ARCH)-kasan.config \
	TESTLIST=$(CURDIR)/tests/$(ARCH)-kasan.list QEMU_TIMEOUT=5400 \
	QEMU_APPEND=kasan_multi_shot $(S)/run-tests.sh series $(ARCH)

bench: build/linux/.git ## A/B/A benchmark of base vs series in QEMU (build/bench/: table, targets, CSV, PNGs); BENCH_KIND=prod: no-debug kernels; BEFORE=<rev>: + the series before the range walker
	$(S)/bench.sh

profile: build/linux/.git ## guest instructions per page of the move_pages() status query, base vs series, by kernel function (build/profile/); BENCH_KIND=prod; BEFORE=<rev>
	$(S)/profile.sh

shell: ## boot the series kernel with the test initramfs and an interactive shell
	$(S)/qemu-run.sh $(ARCH) build/out/$(ARCH)/arch/x86/boot/bzImage build/out/$(ARCH)/initramfs.cpio /dev/null shell

clean: ## remove kernel build outputs (keeps build/linux and ccache)
	rm -rf build/out build/logs
