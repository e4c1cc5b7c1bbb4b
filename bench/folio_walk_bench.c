// SPDX-License-Identifier: GPL-2.0
/*
 * Timings of the users of the folio_walk page table walker: move_pages()
 * status queries and migration, KSM merge/unmerge (break_ksm()) and the
 * debugfs split_huge_pages interface, with reads of /proc/self/pagemap over
 * the same ranges as a floor.
 *
 * Figures (names are stable: scripts/bench.sh matches them), KIND is anon4k,
 * thp or hugetlb2m:
 *   status_KIND            one status query (nodes == NULL) of every page of
 *                          64 Ki pages in order, in one call
 *   status_byN_KIND        the same in calls of N addresses (N = 1024; also
 *                          N = 16 and 1 for anon4k and thp; N = 1 over the
 *                          first 16 Ki pages only)
 *   status_shuffled_KIND   the same array in a random order, one call
 *   pagemap_KIND           one read of the range's /proc/self/pagemap entries
 *   migrate_anon4k         migration node 0 -> 1 -> 0 of 16 Ki pages
 *   ksm_merge_ms, ksm_unmerge_ms   4096 identical pages (dense)
 *   ksm_unmerge_sparse_us  MADV_UNMERGEABLE of a 2 GiB MAP_NORESERVE VMA with
 *                          one page touched per GiB, KSM-merged with each other
 *   split_thp_ms           debugfs split of 64 THPs (dense)
 *   split_sparse_walk_ms   debugfs split of a 2 GiB range with a small page
 *                          every 64 MiB: nothing to split, the walk alone
 *   split_sparse_thp_ms    the same with a THP every 64 MiB (32 splits)
 *   damon_ns_per_sample    kdamond CPU time per region sample: DAMON's
 *                          "fvaddr" operations on 1 GiB of idle small pages
 *                          (nr_regions min = max = 1000), one sample per
 *                          aggregation (both intervals 10 ms), for 5 s; CPU
 *                          time from /proc/PID/stat, samples from a DAMOS
 *                          "stat" scheme's nr_tried (one per region per
 *                          aggregation); the aggregation's own work (merge,
 *                          split, schemes) is in the figure too
 *
 * Every figure is measured R times (-r R, default 3) and the minimum is
 * printed as one machine-readable line "# bench <name> <value> <unit>",
 * followed by a TAP result. -q (quick mode) divides all page counts by 16.
 * -d runs only damon_ns_per_sample.
 * -P KIND:LOOPS runs only the loop that scripts/profile.sh counts (KIND:
 * anon4k, thp, hugetlb2m, or shuffled: the anon4k array in a random order;
 * ksm:1, one dense unmerge of figure 3; damon:1, the kdamond of
 * damon_ns_per_sample for some seconds) and prints "# profile per N UNIT",
 * what the window handled (N pages, or N region samples).
 *
 * Needs root (pagemap PFNs, KSM sysfs knobs, debugfs). The KSM knobs are
 * saved and restored (max_page_sharing is raised to N if possible, so that
 * the N identical pages share one KSM page); the process binds its memory to
 * node 0 first (MPOL_PREFERRED) so that pages start on node 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <linux/kernel-page-flags.h>
#include <linux/mempolicy.h>
#include "../kselftest.h"

#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB		(21U << MAP_HUGE_SHIFT)
#endif

#define HPAGE_SIZE		0x200000UL
#define STAT_PAGES		65536UL		/* figures 1 and 5 */
#define MIGRATE_PAGES		16384UL		/* figure 2 */
#define KSM_PAGES		4096UL		/* figure 3 */
#define SPLIT_THPS		64UL		/* figure 4 */
#define SPARSE_LEN		(2UL << 30)	/* figures 6 and 7 */
#define KSM_SPARSE_STRIDE	(1UL << 30)	/* figure 6: 2 touched pages */
#define SPLIT_SPARSE_STRIDE	(64UL << 20)	/* figure 7: 32 touches */
#define SHUFFLE_SEED		0x9e3779b97f4a7c15ULL
#define QUICK_DIV		16UL
/* per kind: 4, + 2 (by1, by16) for anon4k and thp; 6 more figures */
#define NR_FIGURES		(3 * 4 + 2 * 2 + 1 + 2 + 1 + 1 + 2 + 1)

#define NSEC_PER_SEC		1000000000ULL
#define NSEC_PER_MSEC		1000000ULL
#define KSM_MERGE_TIMEOUT_MS	60000ULL
#define KSM_SPARSE_TIMEOUT_MS	300000ULL	/* ksmd scans 2 GiB of addresses */
#define KSM_SETTLE_TIMEOUT_MS	10000ULL
#define KSM_PAGES_TO_SCAN	4096UL
#define KSM_SLEEP_MS		10UL

#define PM_PRESENT		0x8000000000000000ULL
#define PM_PFN_MASK		0x007fffffffffffffULL

#define KSM_DIR			"/sys/kernel/mm/ksm/"
#define HUGETLB_FREE		"/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages"
#define THP_ENABLED		"/sys/kernel/mm/transparent_hugepage/enabled"
#define DEBUGFS_DIR		"/sys/kernel/debug"
#define SPLIT_DEBUGFS		DEBUGFS_DIR "/split_huge_pages"
#define DAMON_K			"/sys/kernel/mm/damon/admin/kdamonds/0"
#define DAMON_C			DAMON_K "/contexts/0"
#define DAMON_LEN		(1UL << 30)
#define DAMON_REGIONS		1000UL
#define DAMON_INTERVAL_US	10000UL
#define DAMON_SECONDS		5

enum mem_kind { MEM_ANON4K, MEM_THP, MEM_HUGETLB };
static const char * const kind_names[] = { "anon4k", "thp", "hugetlb2m" };

static unsigned int reps = 3;
static unsigned long scale = 1;
static size_t psize;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static long sys_move_pages(unsigned long nr, void **pages, const int *nodes,
			   int *status, int flags)
{
	return syscall(__NR_move_pages, 0, nr, pages, nodes, status, flags);
}

static void report(const char *name, double val, const char *unit)
{
	printf("# bench %s %.3f %s\n", name, val, unit);
	ksft_test_result_pass("%s: %.3f %s\n", name, val, unit);
	fflush(stdout);
}

static void skip_figs(const char *a, const char *b, const char *why)
{
	ksft_test_result_skip("%s: %s\n", a, why);
	if (b)
		ksft_test_result_skip("%s: %s\n", b, why);
	fflush(stdout);
}

static int read_ulong(const char *path, unsigned long *val)
{
	char buf[64];
	ssize_t len;
	int fd, err;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (len <= 0)
		return len < 0 ? -err : -EIO;
	buf[len] = '\0';
	*val = strtoul(buf, NULL, 10);
	return 0;
}

static int write_str(const char *path, const char *str)
{
	ssize_t len = strlen(str), ret;
	int fd, err;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, str, len);
	err = errno;
	close(fd);
	if (ret < 0)
		return -err;
	return ret == len ? 0 : -EIO;
}

static int write_ulong(const char *path, unsigned long val)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lu", val);
	return write_str(path, buf);
}

/* AnonHugePages (in kB) of the VMA containing @addr, -1 if not found. */
static long anon_huge_kb(const void *addr)
{
	unsigned long start, end, a = (unsigned long)addr;
	bool in_vma = false;
	char line[512];
	long kb = -1;
	FILE *f;

	f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			if (in_vma)
				break;
			in_vma = a >= start && a < end;
			continue;
		}
		if (in_vma && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* THP "enabled" is [always]: a 4 KiB mapping then needs MADV_NOHUGEPAGE. */
static bool thp_always(void)
{
	char buf[64] = "";
	ssize_t len;
	int fd;

	fd = open(THP_ENABLED, O_RDONLY);
	if (fd < 0)
		return false;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return len > 0 && strstr(buf, "[always]");
}

/*
 * Map @len bytes of private anonymous memory of the given kind (THP: 2 MiB
 * aligned, MADV_HUGEPAGE; 4 KiB: MADV_NOHUGEPAGE) and touch one page every
 * @stride bytes: a write of 1 to its first byte if @fill < 0, else the whole
 * page filled with @fill.  @mflags: more mmap() flags (MAP_NORESERVE for the
 * sparse figures); a sparse 4 KiB mapping gets MADV_NOHUGEPAGE only when THP
 * is "always" (the guests' "madvise" gives small pages without it, and a
 * walker must not be measured on a VMA it could skip for its flags).
 */
static char *map_region(enum mem_kind kind, size_t len, size_t stride, int fill, int mflags)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | mflags;
	size_t maplen = len, off;
	int advice = -1;
	char *p, *mem;

	if (kind == MEM_HUGETLB)
		flags |= MAP_HUGETLB | MAP_HUGE_2MB;
	if (kind == MEM_THP)
		maplen += HPAGE_SIZE;
	p = mmap(NULL, maplen, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	mem = p;
	if (kind == MEM_THP) {
		mem = (char *)(((uintptr_t)p + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1));
		if (mem > p)
			munmap(p, mem - p);
		if (p + maplen > mem + len)
			munmap(mem + len, p + maplen - (mem + len));
		advice = MADV_HUGEPAGE;
	}
	if (kind == MEM_ANON4K && (!(mflags & MAP_NORESERVE) || thp_always()))
		advice = MADV_NOHUGEPAGE;
	if (advice >= 0 && madvise(mem, len, advice)) {
		munmap(mem, len);
		return NULL;
	}
	for (off = 0; off < len; off += stride) {
		if (fill < 0)
			mem[off] = 1;
		else
			memset(mem + off, fill, psize);
	}
	return mem;
}

static char *map_mem(enum mem_kind kind, size_t len)
{
	return map_region(kind, len, psize, -1, 0);
}

/* A fixed pseudo-random permutation of @pages (xorshift64, Fisher-Yates). */
static void shuffle(void **pages, unsigned long nr)
{
	unsigned long long x = SHUFFLE_SEED;
	unsigned long i, j;
	void *tmp;

	for (i = nr - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = x % (i + 1);
		tmp = pages[i];
		pages[i] = pages[j];
		pages[j] = tmp;
	}
}

/*
 * Time @reps status queries (nodes == NULL) of the @nr addresses of @pages,
 * in calls of @per addresses, into *@best (the minimum, ns); the statuses of
 * the last one are left in @status.  Returns 0 or move_pages()'s result.
 */
static long time_status(void **pages, int *status, unsigned long nr, unsigned long per,
			unsigned long long *best)
{
	unsigned long long t0, t;
	unsigned long i, n;
	unsigned int r;
	long ret = 0;

	*best = ULLONG_MAX;
	for (r = 0; r < reps; r++) {
		memset(status, 0xff, nr * sizeof(*status));
		t0 = now_ns();
		for (i = 0; i < nr && !ret; i += per) {
			n = nr - i < per ? nr - i : per;
			ret = sys_move_pages(n, pages + i, NULL, status + i, 0);
		}
		t = now_ns() - t0;
		if (ret)
			break;
		if (t < *best)
			*best = t;
	}
	return ret;
}

/* Report a status figure: fail on a move_pages() error or an error status. */
static void report_status(const char *name, long ret, const int *status, unsigned long nr,
			  unsigned long long best)
{
	unsigned long i, bad = 0, off_node = 0;
	int first = 0;

	if (ret) {
		ksft_test_result_fail("%s: move_pages() returned %ld: %s\n",
				      name, ret, strerror(errno));
		return;
	}
	for (i = 0; i < nr; i++) {
		if (status[i] < 0 && !bad++)
			first = status[i];
		else if (status[i] > 0)
			off_node++;
	}
	if (off_node)
		ksft_print_msg("%s: %lu of %lu pages not on node 0\n", name, off_node, nr);
	if (bad)
		ksft_test_result_fail("%s: %lu of %lu pages with error status (first %d)\n",
				      name, bad, nr, first);
	else
		report(name, (double)best / nr, "ns/page");
}

/*
 * Figures 1 and 5: move_pages() status query and pagemap read: the array of
 * every page in order, in one call (status_KIND) and in calls of 1024 (also
 * 16 and 1 for anon4k and thp: status_byN_KIND), the same array shuffled in
 * one call (status_shuffled_KIND), and one pagemap read (pagemap_KIND).
 */
static void bench_stat(enum mem_kind kind)
{
	static const unsigned long per_call[] = { 1024, 16, 1 };
	const char *kname = kind_names[kind];
	unsigned long i, nr = STAT_PAGES / scale, bad = 0;
	unsigned long nper = kind == MEM_HUGETLB ? 1 : ARRAY_SIZE(per_call);
	char sname[48], pname[48], names[ARRAY_SIZE(per_call) + 1][48];
	unsigned long long t0, t, best = ULLONG_MAX;
	void **pages = NULL;
	int *status = NULL;
	unsigned long long *pm = NULL;
	const char *why = NULL;
	unsigned int r;
	char *mem;
	size_t len;
	long ret;
	int fd;

	snprintf(sname, sizeof(sname), "status_%s", kname);
	snprintf(pname, sizeof(pname), "pagemap_%s", kname);
	for (i = 0; i < nper; i++)
		snprintf(names[i], sizeof(names[i]), "status_by%lu_%s", per_call[i], kname);
	snprintf(names[nper], sizeof(names[nper]), "status_shuffled_%s", kname);

	if (kind == MEM_HUGETLB) {
		unsigned long nfree = 0, need = nr * psize / HPAGE_SIZE;

		if (read_ulong(HUGETLB_FREE, &nfree) || !nfree) {
			why = "no free 2 MiB hugetlb pages";
			goto skip;
		}
		if (nfree < need) {
			ksft_print_msg("only %lu of %lu 2 MiB hugetlb pages free, using %lu\n",
				       nfree, need, nfree);
			nr = nfree * (HPAGE_SIZE / psize);
		}
	}
	len = nr * psize;
	mem = map_mem(kind, len);
	if (!mem) {
		why = strerror(errno);
		goto skip;
	}
	if (kind == MEM_THP) {
		long kb = anon_huge_kb(mem);

		if (kb <= 0) {
			why = "no THP (AnonHugePages is 0)";
			munmap(mem, len);
			goto skip;
		}
		if ((unsigned long)kb < len / 1024)
			ksft_print_msg("only %ld of %zu kB are THP-backed\n", kb, len / 1024);
	}
	pages = malloc(nr * sizeof(*pages));
	status = malloc(nr * sizeof(*status));
	pm = malloc(nr * sizeof(*pm));
	if (!pages || !status || !pm) {
		why = "out of memory";
		free(pages);
		free(status);
		free(pm);
		munmap(mem, len);
		goto skip;
	}
	for (i = 0; i < nr; i++)
		pages[i] = mem + i * psize;

	/* Figure 1: one move_pages() call with the whole array, nodes == NULL. */
	ret = time_status(pages, status, nr, nr, &best);
	report_status(sname, ret, status, nr, best);
	/*
	 * The same in calls of 1024, 16, 1 addresses; one address per call over
	 * the first quarter only (16 Ki system calls, not 64 Ki, under TCG).
	 */
	for (i = 0; i < nper; i++) {
		unsigned long n = per_call[i] == 1 ? nr / 4 : nr;

		ret = time_status(pages, status, n, per_call[i], &best);
		report_status(names[i], ret, status, n, best);
	}
	/* the same addresses in a random order: nothing to batch */
	shuffle(pages, nr);
	ret = time_status(pages, status, nr, nr, &best);
	report_status(names[nper], ret, status, nr, best);

	/* Figure 5: one pread() of the pagemap entries of the range. */
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0) {
		ksft_test_result_skip("%s: /proc/self/pagemap: %s\n", pname, strerror(errno));
		goto out_free;
	}
	best = ULLONG_MAX;
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		ret = pread(fd, pm, nr * sizeof(*pm), (uintptr_t)mem / psize * sizeof(*pm));
		t = now_ns() - t0;
		if (ret != (long)(nr * sizeof(*pm)))
			break;
		if (t < best)
			best = t;
	}
	close(fd);
	if (ret != (long)(nr * sizeof(*pm))) {
		ksft_test_result_fail("%s: short pagemap read (%ld)\n", pname, ret);
		goto out_free;
	}
	for (i = 0, bad = 0; i < nr; i++)
		if (!(pm[i] & PM_PRESENT))
			bad++;
	if (bad)
		ksft_test_result_fail("%s: %lu of %lu pages not present\n", pname, bad, nr);
	else
		report(pname, (double)best / nr, "ns/page");
out_free:
	free(pages);
	free(status);
	free(pm);
	munmap(mem, len);
	return;
skip:
	skip_figs(sname, NULL, why);
	for (i = 0; i <= nper; i++)
		skip_figs(names[i], NULL, why);
	skip_figs(pname, NULL, why);
}

/* Figure 2: migrate 4 KiB anon pages node 0 -> node 1 -> node 0. */
static void bench_migrate(void)
{
	const char *name = "migrate_anon4k";
	unsigned long i, nr = MIGRATE_PAGES / scale, bad = 0;
	unsigned long long t0, total, best = ULLONG_MAX;
	int *nodes, *status, node, first = 0;
	void **pages;
	unsigned int r;
	size_t len = nr * psize;
	char *mem;
	long ret = 0;

	if (access("/sys/devices/system/node/node1", F_OK)) {
		skip_figs(name, NULL, "NUMA node 1 not present");
		return;
	}
	mem = map_mem(MEM_ANON4K, len);
	pages = malloc(nr * sizeof(*pages));
	nodes = malloc(nr * sizeof(*nodes));
	status = malloc(nr * sizeof(*status));
	if (!mem || !pages || !nodes || !status) {
		skip_figs(name, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < nr; i++)
		pages[i] = mem + i * psize;

	for (r = 0; r < reps && !ret && !bad; r++) {
		total = 0;
		for (node = 1; node >= 0 && !ret && !bad; node--) {
			for (i = 0; i < nr; i++) {
				nodes[i] = node;
				status[i] = -1;
			}
			t0 = now_ns();
			ret = sys_move_pages(nr, pages, nodes, status, MPOL_MF_MOVE);
			total += now_ns() - t0;
			for (i = 0; i < nr && ret >= 0; i++) {
				if (status[i] != node && !bad++)
					first = status[i];
			}
		}
		if (!ret && !bad && total < best)
			best = total;
	}
	if (ret < 0 && errno == ENODEV)
		ksft_test_result_skip("%s: move_pages(): %s\n", name, strerror(errno));
	else if (ret < 0)
		ksft_test_result_fail("%s: move_pages(): %s\n", name, strerror(errno));
	else if (ret || bad)
		ksft_test_result_fail("%s: %lu of %lu pages not migrated (ret %ld, status %d)\n",
				      name, bad, nr, ret, first);
	else
		report(name, (double)best / (2 * nr), "ns/page");
out:
	free(pages);
	free(nodes);
	free(status);
	if (mem)
		munmap(mem, len);
}

static long ksm_merged(void)
{
	unsigned long shared, sharing;

	if (read_ulong(KSM_DIR "pages_shared", &shared) ||
	    read_ulong(KSM_DIR "pages_sharing", &sharing))
		return -1;
	return shared + sharing;
}

/* Poll pages_shared + pages_sharing until >= @target (@up) or <= @target. */
static long ksm_wait(long target, bool up, unsigned long long timeout_ms)
{
	unsigned long long start = now_ns();
	long cur;

	for (;;) {
		cur = ksm_merged();
		if (cur < 0 || (up ? cur >= target : cur <= target))
			return cur;
		if (now_ns() - start > timeout_ms * NSEC_PER_MSEC)
			return cur;
		usleep(1000);
	}
}

/* Number of KSM pages among @nr pages at @mem, -1 if it cannot be told. */
static long count_ksm(const char *mem, unsigned long nr)
{
	int pfd = open("/proc/self/pagemap", O_RDONLY);
	int kfd = open("/proc/kpageflags", O_RDONLY);
	unsigned long long ent, flags;
	unsigned long i;
	long cnt = 0;

	for (i = 0; i < nr && pfd >= 0 && kfd >= 0; i++) {
		if (pread(pfd, &ent, sizeof(ent), ((uintptr_t)mem / psize + i) * sizeof(ent)) !=
		    sizeof(ent) || !(ent & PM_PRESENT) || !(ent & PM_PFN_MASK))
			break;
		if (pread(kfd, &flags, sizeof(flags), (ent & PM_PFN_MASK) * sizeof(flags)) !=
		    sizeof(flags))
			break;
		cnt += (flags >> KPF_KSM) & 1;
	}
	if (i < nr)
		cnt = -1;
	if (pfd >= 0)
		close(pfd);
	if (kfd >= 0)
		close(kfd);
	return cnt;
}

static const char * const ksm_knobs[] = {
	KSM_DIR "max_page_sharing", KSM_DIR "sleep_millisecs",
	KSM_DIR "pages_to_scan", KSM_DIR "run",
};

/* Is the page mapped at @addr a KSM page?  1, 0, or -1 if it cannot be told. */
static int is_ksm(const char *addr)
{
	long cnt = count_ksm(addr, 1);

	return cnt < 0 ? -1 : cnt > 0;
}

/* Figure 3: ksmd merge time of N identical pages, MADV_UNMERGEABLE time. */
static void ksm_dense(void)
{
	const char *mname = "ksm_merge_ms", *uname = "ksm_unmerge_ms";
	unsigned long nr = KSM_PAGES / scale;
	unsigned long long t0, t, mbest = ULLONG_MAX, ubest = ULLONG_MAX;
	bool merge_ok = true, unmerge_ok = true;
	long base, cur, before, after;
	size_t len = nr * psize;
	unsigned int r;
	char *mem;

	for (r = 0; r < reps && merge_ok; r++) {
		base = ksm_merged();
		mem = base < 0 ? NULL : map_mem(MEM_ANON4K, len);
		if (!mem) {
			ksft_print_msg("KSM: sysfs read or mmap failed\n");
			merge_ok = false;
			break;
		}
		memset(mem, 0x5a, len);
		t0 = now_ns();
		cur = madvise(mem, len, MADV_MERGEABLE) ? -1 :
		      ksm_wait(base + nr, true, KSM_MERGE_TIMEOUT_MS);
		t = now_ns() - t0;
		if (cur < base + (long)nr) {
			if (cur < 0)
				ksft_print_msg("KSM: %s\n", strerror(errno));
			else
				ksft_print_msg("KSM merged %ld of %lu pages in %llu s\n",
					       cur - base, nr, KSM_MERGE_TIMEOUT_MS / 1000);
			merge_ok = false;
		} else if (t < mbest) {
			mbest = t;
		}
		before = count_ksm(mem, nr);
		t0 = now_ns();
		if (madvise(mem, len, MADV_UNMERGEABLE)) {
			ksft_print_msg("MADV_UNMERGEABLE: %s\n", strerror(errno));
			unmerge_ok = false;
		}
		t = now_ns() - t0;
		after = count_ksm(mem, nr);
		if (merge_ok && before >= 0 && (before != (long)nr || after)) {
			ksft_print_msg("KSM pages: %ld before unmerge, %ld after (of %lu)\n",
				       before, after, nr);
			unmerge_ok = false;
		}
		if (t < ubest)
			ubest = t;
		munmap(mem, len);
		/* Untimed: let ksmd drop its rmap items before the next round. */
		cur = ksm_wait(base, false, KSM_SETTLE_TIMEOUT_MS);
		if (cur > base)
			ksft_print_msg("KSM still reports %ld merged pages\n", cur - base);
	}
	if (merge_ok)
		report(mname, (double)mbest / NSEC_PER_MSEC, "ms");
	else
		ksft_test_result_fail("%s: merging failed\n", mname);
	if (merge_ok && unmerge_ok)
		report(uname, (double)ubest / NSEC_PER_MSEC, "ms");
	else
		ksft_test_result_fail("%s: unmerging failed or not measured\n", uname);
}

/*
 * Figure 6: MADV_UNMERGEABLE of a 2 GiB MAP_NORESERVE VMA (128 MiB in quick
 * mode) with one page touched per GiB, the touched pages (identical) merged
 * with each other by ksmd first: the unmerge walk over a sparse range.
 * ksmd scans every address of the VMA, so each merge takes a few of its
 * passes over 2 GiB.
 */
static void ksm_sparse(void)
{
	const char *name = "ksm_unmerge_sparse_us";
	size_t len = SPARSE_LEN / scale, stride = KSM_SPARSE_STRIDE / scale, off;
	unsigned long nr = len / stride, nksm;
	unsigned long long t0, t, best = ULLONG_MAX;
	const char *err = NULL;
	long base, cur;
	unsigned int r;
	char *mem;

	for (r = 0; r < reps && !err; r++) {
		base = ksm_merged();
		mem = base < 0 ? NULL : map_region(MEM_ANON4K, len, stride, 0x5a, MAP_NORESERVE);
		if (!mem) {
			ksft_test_result_skip("%s: sysfs read or mmap: %s\n", name, strerror(errno));
			return;
		}
		t0 = now_ns();
		cur = madvise(mem, len, MADV_MERGEABLE) ? -1 :
		      ksm_wait(base + nr, true, KSM_SPARSE_TIMEOUT_MS);
		t = now_ns() - t0;
		if (cur < base + (long)nr) {
			ksft_print_msg("%s: KSM merged %ld of %lu pages in %llu ms\n",
				       name, cur - base, nr, t / NSEC_PER_MSEC);
			err = "merging failed";
		} else if (r == 0) {
			ksft_print_msg("%s: %lu pages merged in %llu ms\n",
				       name, nr, t / NSEC_PER_MSEC);
		}
		for (off = 0, nksm = 0; off < len && !err; off += stride)
			nksm += is_ksm(mem + off) == 1;
		if (!err && nksm != nr)
			err = "touched pages not KSM pages after the merge";
		t0 = now_ns();
		if (!err && madvise(mem, len, MADV_UNMERGEABLE))
			err = "MADV_UNMERGEABLE failed";
		t = now_ns() - t0;
		for (off = 0, nksm = 0; off < len && !err; off += stride)
			nksm += is_ksm(mem + off) != 0;
		if (!err && nksm)
			err = "KSM pages left after MADV_UNMERGEABLE";
		if (!err && t < best)
			best = t;
		munmap(mem, len);
		cur = ksm_wait(base, false, KSM_SETTLE_TIMEOUT_MS);
		if (cur > base)
			ksft_print_msg("KSM still reports %ld merged pages\n", cur - base);
	}
	if (err)
		ksft_test_result_fail("%s: %s\n", name, err);
	else
		report(name, (double)best / 1000, "us");
}

/* Figures 3 and 6 with the KSM knobs set (and restored after). */
static void bench_ksm(void)
{
	unsigned long saved[ARRAY_SIZE(ksm_knobs)], nr = KSM_PAGES / scale;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ksm_knobs); i++) {
		if (read_ulong(ksm_knobs[i], &saved[i])) {
			skip_figs("ksm_merge_ms", "ksm_unmerge_ms", "KSM not available");
			skip_figs("ksm_unmerge_sparse_us", NULL, "KSM not available");
			return;
		}
	}
	/* Keep all N pages on one KSM page, so that pages_sharing gets to N - 1. */
	if (saved[0] < nr && write_ulong(ksm_knobs[0], nr))
		ksft_print_msg("cannot raise max_page_sharing to %lu (KSM pages in use)\n", nr);
	if (write_ulong(KSM_DIR "pages_to_scan", KSM_PAGES_TO_SCAN) ||
	    write_ulong(KSM_DIR "sleep_millisecs", KSM_SLEEP_MS) ||
	    write_ulong(KSM_DIR "run", 1)) {
		skip_figs("ksm_merge_ms", "ksm_unmerge_ms", "cannot set the KSM knobs");
		skip_figs("ksm_unmerge_sparse_us", NULL, "cannot set the KSM knobs");
	} else {
		ksm_dense();
		ksm_sparse();
	}
	for (i = 0; i < ARRAY_SIZE(ksm_knobs); i++) {
		if (write_ulong(ksm_knobs[i], saved[i]))
			ksft_print_msg("cannot restore %s to %lu\n", ksm_knobs[i], saved[i]);
	}
}

/*
 * One debugfs split_huge_pages write over [mem, mem + len), timed; unmaps
 * the range.  Keeps the fastest time in *best; returns an error or NULL.
 */
static const char *timed_split(char *mem, size_t len, unsigned long long *best)
{
	const char *err = NULL;
	unsigned long long t0, t;
	char cmd[80];
	int ret;

	snprintf(cmd, sizeof(cmd), "%d,0x%lx,0x%lx", getpid(), (unsigned long)mem,
		 (unsigned long)mem + len);
	t0 = now_ns();
	ret = write_str(SPLIT_DEBUGFS, cmd);
	t = now_ns() - t0;
	if (ret)
		err = strerror(-ret);
	else if (anon_huge_kb(mem))
		err = "AnonHugePages not 0 after the split";
	else if (t < *best)
		*best = t;
	munmap(mem, len);
	return err;
}

/* Figure 4: one debugfs split_huge_pages write over K THPs. */
static void bench_split(void)
{
	const char *name = "split_thp_ms";
	unsigned long nthp = SPLIT_THPS / scale;
	size_t len = nthp * HPAGE_SIZE;
	unsigned long long best = ULLONG_MAX;
	const char *err = NULL;
	unsigned int r;
	char *mem;
	long kb;

	if (access(SPLIT_DEBUGFS, W_OK))
		mount("debugfs", DEBUGFS_DIR, "debugfs", 0, NULL);
	if (access(SPLIT_DEBUGFS, W_OK)) {
		skip_figs(name, NULL, SPLIT_DEBUGFS " not available");
		return;
	}
	for (r = 0; r < reps && !err; r++) {
		mem = map_mem(MEM_THP, len);
		if (!mem) {
			ksft_test_result_skip("%s: mmap: %s\n", name, strerror(errno));
			return;
		}
		kb = anon_huge_kb(mem);
		if (kb <= 0) {
			munmap(mem, len);
			ksft_test_result_skip("%s: no THP (AnonHugePages is 0)\n", name);
			return;
		}
		if ((unsigned long)kb < len / 1024)
			ksft_print_msg("%s: only %ld of %zu kB are THP-backed\n",
				       name, kb, len / 1024);
		err = timed_split(mem, len, &best);
	}
	if (err)
		ksft_test_result_fail("%s: %s\n", name, err);
	else
		report(name, (double)best / NSEC_PER_MSEC, "ms");
}

/*
 * Figure 7: one debugfs split_huge_pages write over a 2 GiB MAP_NORESERVE
 * range (128 MiB in quick mode) touched once per 64 MiB (4 MiB): with small
 * pages, nothing to split, the walk alone (split_sparse_walk_ms); with a THP
 * at each touch, 32 splits (split_sparse_thp_ms).  The difference of the two
 * is the time of the splits, the walk-alone time the walk's share.
 */
static void bench_split_sparse(enum mem_kind kind, const char *name)
{
	size_t len = SPARSE_LEN / scale, stride = SPLIT_SPARSE_STRIDE / scale;
	unsigned long nthp = len / stride;
	unsigned long long best = ULLONG_MAX;
	const char *err = NULL;
	unsigned int r;
	char *mem;
	long kb;

	if (access(SPLIT_DEBUGFS, W_OK)) {
		skip_figs(name, NULL, SPLIT_DEBUGFS " not available");
		return;
	}
	for (r = 0; r < reps && !err; r++) {
		mem = map_region(kind, len, stride, -1, MAP_NORESERVE);
		if (!mem) {
			ksft_test_result_skip("%s: mmap: %s\n", name, strerror(errno));
			return;
		}
		kb = anon_huge_kb(mem);
		if (kind == MEM_THP && kb <= 0) {
			munmap(mem, len);
			ksft_test_result_skip("%s: no THP (AnonHugePages is 0)\n", name);
			return;
		}
		if (kind == MEM_THP && (unsigned long)kb < nthp * (HPAGE_SIZE / 1024))
			ksft_print_msg("%s: only %ld of %lu kB are THP-backed\n",
				       name, kb, nthp * (HPAGE_SIZE / 1024));
		if (kind != MEM_THP && kb) {
			munmap(mem, len);
			ksft_test_result_fail("%s: %ld kB of THP in the small-page range\n",
					      name, kb);
			return;
		}
		err = timed_split(mem, len, &best);
	}
	if (err)
		ksft_test_result_fail("%s: %s\n", name, err);
	else
		report(name, (double)best / NSEC_PER_MSEC, "ms");
}

/*
 * -P KIND:LOOPS, the guest half of scripts/profile.sh: LOOPS status queries
 * of the 64 Ki pages of figure 1 between two `xchg %bx,%bx` markers, which
 * the QEMU plugin bench/insn_profile.c takes as the window of its count.
 * KIND "shuffled" is anon4k with the array of status_shuffled_anon4k.
 */
/* utime + stime of task @pid, in clock ticks */
static long long task_ticks(unsigned long pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	int fd, i;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%lu/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* fields 14 and 15, counted after the ")" that ends field 2 */
	p = strrchr(buf, ')');
	for (i = 2; p && i < 14; i++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %llu %llu", &ut, &st) != 2)
		return -1;
	return ut + st;
}

static int damon_setup(char *mem)
{
	static const char * const w[][2] = {
		{ DAMON_C "/operations", "fvaddr" },
		{ DAMON_C "/targets/nr_targets", "1" },
		{ DAMON_C "/targets/0/regions/nr_regions", "1" },
		{ DAMON_C "/schemes/nr_schemes", "1" },
		{ DAMON_C "/schemes/0/action", "stat" },
	};
	static const char * const ranges[] = { "sz", "nr_accesses", "age" };
	char path[160];
	unsigned int i;

	if (write_ulong("/sys/kernel/mm/damon/admin/kdamonds/nr_kdamonds", 1) ||
	    write_ulong(DAMON_K "/contexts/nr_contexts", 1))
		return -1;
	for (i = 0; i < ARRAY_SIZE(w); i++)
		if (write_str(w[i][0], w[i][1]))
			return -1;
	for (i = 0; i < ARRAY_SIZE(ranges); i++) {
		snprintf(path, sizeof(path), DAMON_C "/schemes/0/access_pattern/%s/max",
			 ranges[i]);
		if (write_ulong(path, ULONG_MAX))
			return -1;
	}
	return write_ulong(DAMON_C "/monitoring_attrs/intervals/sample_us", DAMON_INTERVAL_US) ||
	       write_ulong(DAMON_C "/monitoring_attrs/intervals/aggr_us", DAMON_INTERVAL_US) ||
	       write_ulong(DAMON_C "/monitoring_attrs/intervals/update_us", DAMON_INTERVAL_US) ||
	       write_ulong(DAMON_C "/monitoring_attrs/nr_regions/max", DAMON_REGIONS) ||
	       write_ulong(DAMON_C "/monitoring_attrs/nr_regions/min", DAMON_REGIONS) ||
	       write_ulong(DAMON_C "/targets/0/pid_target", getpid()) ||
	       write_ulong(DAMON_C "/targets/0/regions/0/end",
			   (unsigned long)mem + DAMON_LEN / scale) ||
	       write_ulong(DAMON_C "/targets/0/regions/0/start", (unsigned long)mem);
}

/* damon_ns_per_sample: see the figures at the top */
static void bench_damon(void)
{
	const char *name = "damon_ns_per_sample";
	double best = 0, ns;
	unsigned long pid, tried0, tried1;
	long long t0, t1;
	unsigned int r;
	char *mem;

	if (access("/sys/kernel/mm/damon/admin/kdamonds/nr_kdamonds", W_OK)) {
		skip_figs(name, NULL, "no DAMON sysfs interface");
		return;
	}
	mem = mmap(NULL, DAMON_LEN / scale, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		skip_figs(name, NULL, "mmap failed");
		return;
	}
	madvise(mem, DAMON_LEN / scale, MADV_NOHUGEPAGE);
	memset(mem, 0x5a, DAMON_LEN / scale);
	for (r = 0; r < reps; r++) {
		if (damon_setup(mem) || write_str(DAMON_K "/state", "on") ||
		    read_ulong(DAMON_K "/pid", &pid)) {
			write_str(DAMON_K "/state", "off");
			skip_figs(name, NULL, "cannot start a kdamond");
			goto out;
		}
		/* start the clock after the first aggregations */
		usleep(10 * DAMON_INTERVAL_US);
		write_str(DAMON_K "/state", "update_schemes_stats");
		read_ulong(DAMON_C "/schemes/0/stats/nr_tried", &tried0);
		t0 = task_ticks(pid);
		sleep(DAMON_SECONDS);
		write_str(DAMON_K "/state", "update_schemes_stats");
		read_ulong(DAMON_C "/schemes/0/stats/nr_tried", &tried1);
		t1 = task_ticks(pid);
		write_str(DAMON_K "/state", "off");
		if (t0 < 0 || t1 < 0 || tried1 <= tried0) {
			skip_figs(name, NULL, "no kdamond CPU time or samples");
			goto out;
		}
		ns = (double)(t1 - t0) * NSEC_PER_SEC / sysconf(_SC_CLK_TCK) /
		     (tried1 - tried0);
		ksft_print_msg("damon: %lld ticks, %lu region samples\n", t1 - t0,
			       tried1 - tried0);
		if (!r || ns < best)
			best = ns;
	}
	report(name, best, "ns");
out:
	write_ulong("/sys/kernel/mm/damon/admin/kdamonds/nr_kdamonds", 0);
	munmap(mem, DAMON_LEN / scale);
}

/*
 * -P ksm:1: one MADV_UNMERGEABLE of KSM_PAGES pages merged into one KSM page
 * (figure 3's dense unmerge) between the markers, with ksmd stopped first
 * (run=0 keeps the pages merged), so that the window holds the unmerge only.
 */
static int profile_ksm(void)
{
	unsigned long nr = KSM_PAGES, len = nr * psize;
	long base = ksm_merged(), before, after;
	char *mem;

	if (base < 0 || write_ulong(ksm_knobs[0], nr) ||
	    write_ulong(KSM_DIR "pages_to_scan", KSM_PAGES_TO_SCAN) ||
	    write_ulong(KSM_DIR "sleep_millisecs", KSM_SLEEP_MS) ||
	    write_ulong(KSM_DIR "run", 1)) {
		fprintf(stderr, "cannot set the KSM knobs\n");
		return 1;
	}
	mem = map_mem(MEM_ANON4K, len);
	if (!mem)
		return 1;
	memset(mem, 0x5a, len);
	if (madvise(mem, len, MADV_MERGEABLE) ||
	    ksm_wait(base + nr, true, KSM_MERGE_TIMEOUT_MS) < base + (long)nr ||
	    write_ulong(KSM_DIR "run", 0)) {
		fprintf(stderr, "KSM did not merge the %lu pages\n", nr);
		return 1;
	}
	before = count_ksm(mem, nr);
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");	/* xchg %bx,%bx */
	if (madvise(mem, len, MADV_UNMERGEABLE)) {
		perror("MADV_UNMERGEABLE");
		return 1;
	}
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");
	after = count_ksm(mem, nr);
	if (before != (long)nr || after) {
		fprintf(stderr, "KSM pages: %ld before unmerge, %ld after (of %lu)\n",
			before, after, nr);
		return 1;
	}
	printf("ksm: unmerge of %lu pages\n# profile per %lu page\n", nr, nr);
	return 0;
}

/*
 * -P damon:1: DAMON_SECONDS of the kdamond of bench_damon() between the
 * markers, the process asleep; the window's instructions are then mostly the
 * kdamond's, per region sample (the "stat" scheme's nr_tried).
 */
static int profile_damon(void)
{
	unsigned long pid, tried0, tried1;
	int ret = 1;
	char *mem;

	mem = mmap(NULL, DAMON_LEN, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	madvise(mem, DAMON_LEN, MADV_NOHUGEPAGE);
	memset(mem, 0x5a, DAMON_LEN);
	if (damon_setup(mem) || write_str(DAMON_K "/state", "on") ||
	    read_ulong(DAMON_K "/pid", &pid)) {
		fprintf(stderr, "cannot start a kdamond\n");
		goto out;
	}
	usleep(10 * DAMON_INTERVAL_US);
	if (write_str(DAMON_K "/state", "update_schemes_stats") ||
	    read_ulong(DAMON_C "/schemes/0/stats/nr_tried", &tried0))
		goto out;
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");	/* xchg %bx,%bx */
	sleep(DAMON_SECONDS);
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");
	if (write_str(DAMON_K "/state", "update_schemes_stats") ||
	    read_ulong(DAMON_C "/schemes/0/stats/nr_tried", &tried1) || tried1 <= tried0)
		goto out;
	printf("damon: %lu region samples in %d s\n# profile per %lu region-sample\n",
	       tried1 - tried0, DAMON_SECONDS, tried1 - tried0);
	ret = 0;
out:
	write_str(DAMON_K "/state", "off");
	write_ulong("/sys/kernel/mm/damon/admin/kdamonds/nr_kdamonds", 0);
	munmap(mem, DAMON_LEN);
	return ret;
}

static int profile_loop(const char *arg)
{
	static const char * const kinds[] = { "anon4k", "thp", "hugetlb2m", "shuffled" };
	unsigned long i, loops, nr = STAT_PAGES;
	const char *colon = strchr(arg, ':');
	void **pages = calloc(nr, sizeof(*pages));
	int *status = calloc(nr, sizeof(*status));
	int kind = -1;
	char *mem;

	if (!strcmp(arg, "ksm:1"))
		return profile_ksm();
	if (!strcmp(arg, "damon:1"))
		return profile_damon();
	for (i = 0; colon && i < ARRAY_SIZE(kinds); i++)
		if (strlen(kinds[i]) == (size_t)(colon - arg) && !strncmp(arg, kinds[i], colon - arg))
			kind = i;
	if (kind < 0 || !pages || !status) {
		fprintf(stderr, "-P anon4k|thp|hugetlb2m|shuffled:LOOPS, ksm:1 or damon:1\n");
		return 2;
	}
	loops = strtoul(colon + 1, NULL, 0);
	mem = map_mem(kind == 3 ? MEM_ANON4K : kind, nr * psize);
	if (!mem) {
		perror("mapping the memory");
		return 1;
	}
	for (i = 0; i < nr; i++)
		pages[i] = mem + i * psize;
	if (kind == 3)
		shuffle(pages, nr);
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");	/* xchg %bx,%bx */
	for (i = 0; i < loops; i++) {
		if (sys_move_pages(nr, pages, NULL, status, 0)) {
			perror("move_pages");
			return 1;
		}
	}
	asm volatile(".byte 0x66, 0x87, 0xdb" ::: "memory");
	for (i = 0; i < nr; i++) {
		if (status[i] < 0) {
			fprintf(stderr, "page %lu of %lu: status %d\n", i, nr, status[i]);
			return 1;
		}
	}
	printf("%s: %lu status queries of %lu pages\n# profile per %lu page\n", kinds[kind],
	       loops, nr, loops * nr);
	return 0;
}

static void print_usage(const char *prog)
{
	fprintf(stderr, "Usage: %s [-r repetitions] [-q] [-P kind:loops]\n"
		"  -r R  measure every figure R times, report the minimum (default 3)\n"
		"  -q    quick mode: divide all page counts by %lu\n"
		"  -d    only the DAMON figure (damon_ns_per_sample)\n"
		"  -P K:L  only L status queries of kind K (anon4k, thp, hugetlb2m,\n"
		"        shuffled: anon4k in a random order), ksm:1 (one dense\n"
		"        unmerge) or damon:1 (some seconds of a kdamond), between\n"
		"        the markers of scripts/profile.sh\n", prog, QUICK_DIV);
}

int main(int argc, char **argv)
{
	unsigned long node_mask = 0x1;	/* node 0 */
	const char *profile = NULL;
	bool damon_only = false;
	int opt;

	while ((opt = getopt(argc, argv, "r:qP:dh")) != -1) {
		switch (opt) {
		case 'd':
			damon_only = true;
			break;
		case 'P':
			profile = optarg;
			break;
		case 'r':
			reps = strtoul(optarg, NULL, 0);
			if (!reps)
				reps = 1;
			break;
		case 'q':
			scale = QUICK_DIV;
			break;
		default:
			print_usage(argv[0]);
			return opt == 'h' ? 0 : 1;
		}
	}
	psize = getpagesize();
	if (profile)
		return profile_loop(profile);

	ksft_print_header();
	if (geteuid())
		ksft_exit_skip("needs root\n");
	ksft_set_plan(damon_only ? 1 : NR_FIGURES);
	ksft_print_msg("%u repetitions, minimum reported%s\n", reps,
		       scale > 1 ? ", quick mode" : "");
	if (syscall(__NR_set_mempolicy, MPOL_PREFERRED, &node_mask, sizeof(node_mask) * 8 + 1))
		ksft_print_msg("set_mempolicy(MPOL_PREFERRED, node 0): %s\n", strerror(errno));
	fflush(stdout);

	if (damon_only) {
		bench_damon();
		ksft_finished();
		return 0;
	}
	bench_stat(MEM_ANON4K);
	bench_stat(MEM_THP);
	bench_stat(MEM_HUGETLB);
	bench_migrate();
	bench_ksm();
	bench_split();
	bench_split_sparse(MEM_ANON4K, "split_sparse_walk_ms");
	bench_split_sparse(MEM_THP, "split_sparse_thp_ms");
	bench_damon();

	ksft_finished();
	return 0;
}
