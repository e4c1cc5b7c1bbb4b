// SPDX-License-Identifier: GPL-2.0
/*
 * The guest half of scripts/profile.sh: maps 64 Ki pages of one kind
 * (anon4k, thp or hugetlb2m), populates them, and runs LOOPS move_pages()
 * status queries (nodes == NULL) over all of them between two
 * `xchg %bx,%bx` markers, which bench/insn_profile.c (a QEMU plugin) uses
 * as the window of its instruction count.  Every status must be a node.
 *
 * usage: status_loop anon4k|thp|hugetlb2m LOOPS
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB	(21U << MAP_HUGE_SHIFT)
#endif
#define NR_PAGES	65536UL
#define HPAGE_SIZE	0x200000UL

static void marker(void)
{
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");	/* xchg %bx,%bx */
}

int main(int argc, char **argv)
{
	unsigned long i, loops, len = NR_PAGES * 4096;
	void **pages = calloc(NR_PAGES, sizeof(*pages));
	int *status = calloc(NR_PAGES, sizeof(*status));
	char *mem, *raw;
	long ret;

	if (argc != 3 || !pages || !status) {
		fprintf(stderr, "usage: %s anon4k|thp|hugetlb2m LOOPS\n", argv[0]);
		return 2;
	}
	loops = strtoul(argv[2], NULL, 0);
	if (!strcmp(argv[1], "hugetlb2m")) {
		mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB, -1, 0);
	} else {
		raw = mmap(NULL, len + HPAGE_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		mem = raw == MAP_FAILED ? raw :
			(char *)(((unsigned long)raw + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1));
		if (mem != MAP_FAILED &&
		    madvise(mem, len, strcmp(argv[1], "thp") ? MADV_NOHUGEPAGE : MADV_HUGEPAGE))
			perror("madvise");
	}
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memset(mem, 1, len);
	for (i = 0; i < NR_PAGES; i++)
		pages[i] = mem + i * 4096;

	marker();
	for (i = 0; i < loops; i++) {
		ret = syscall(__NR_move_pages, 0, NR_PAGES, pages, NULL, status, 0);
		if (ret) {
			perror("move_pages");
			return 1;
		}
	}
	marker();
	for (i = 0; i < NR_PAGES; i++) {
		if (status[i] < 0) {
			fprintf(stderr, "page %lu of %lu: status %d\n", i, NR_PAGES, status[i]);
			return 1;
		}
	}
	printf("%s: %lu status queries of %lu pages\n", argv[1], loops, NR_PAGES);
	return 0;
}
