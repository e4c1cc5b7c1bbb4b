// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin that counts the guest instructions executed in each
 * translation block, between two markers the guest executes: the first
 * `xchg %bx,%bx` (66 87 db) run in user mode starts the window, the second
 * ends it.  At exit it writes one line per translation block that ran in the
 * window: "<vaddr> <instructions> <executions>", for scripts/profile.sh to
 * fold into functions with the kernel's System.map.
 *
 * The counters are added to inline, without atomics: two vCPUs running
 * the same block at the same moment can lose an addition.  The measured loop
 * runs in one process, so its blocks run on one vCPU at a time.  The marker
 * callbacks and the list of blocks are serialised by @lock.
 *
 * Instruction counts do not depend on the host's load, unlike time under
 * TCG: two kernels can be compared on one busy machine.  They are a proxy:
 * atomics, memory accesses and TLB misses cost more than their count.
 *
 * Usage: qemu-system-x86_64 -plugin insn_profile.so,out=FILE ...
 *
 * Debian ships no qemu-plugin.h: the few declarations used are below, from
 * QEMU 7.2's plugin API (QEMU_PLUGIN_VERSION 1).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
				    void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/* One per translated block; a block translated again gets another. */
struct tb_rec {
	uint64_t vaddr;
	uint64_t insns;		/* added to inline on every execution */
	uint64_t execs;
	uint64_t insns0, execs0;	/* at the start marker */
	uint64_t insns1, execs1;	/* at the end marker */
	struct tb_rec *next;
};

static struct tb_rec *recs;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int markers;		/* 0: before, 1: in the window, 2: after */
static char *out_path;

static const uint8_t marker[] = { 0x66, 0x87, 0xdb };	/* xchg %bx,%bx */

static void on_marker(unsigned int vcpu, void *udata)
{
	struct tb_rec *r;

	pthread_mutex_lock(&lock);
	if (markers < 2) {
		for (r = recs; r; r = r->next) {
			if (markers == 0) {
				r->insns0 = r->insns;
				r->execs0 = r->execs;
			} else {
				r->insns1 = r->insns;
				r->execs1 = r->execs;
			}
		}
		markers++;
	}
	pthread_mutex_unlock(&lock);
}

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	struct tb_rec *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->vaddr = vaddr;
	pthread_mutex_lock(&lock);
	/* blocks first translated in the window counted from 0 */
	r->next = recs;
	recs = r;
	pthread_mutex_unlock(&lock);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &r->insns, n);
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &r->execs, 1);
	if (vaddr >= 0x800000000000ULL)
		return;
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (qemu_plugin_insn_size(insn) == sizeof(marker) &&
		    !memcmp(qemu_plugin_insn_data(insn), marker, sizeof(marker)))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
}

static void on_atexit(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(out_path, "w");
	struct tb_rec *r;

	if (!f)
		return;
	pthread_mutex_lock(&lock);
	fprintf(f, "# markers %d\n", markers);
	for (r = recs; r; r = r->next) {
		uint64_t ins = (markers == 2 ? r->insns1 : r->insns) - r->insns0;
		uint64_t ex = (markers == 2 ? r->execs1 : r->execs) - r->execs0;

		if (ex)
			fprintf(f, "%" PRIx64 " %" PRIu64 " %" PRIu64 "\n", r->vaddr, ins, ex);
	}
	pthread_mutex_unlock(&lock);
	fclose(f);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			out_path = strdup(argv[i] + 4);
	if (!out_path) {
		fprintf(stderr, "insn_profile: out=FILE missing\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
	qemu_plugin_register_atexit_cb(id, on_atexit, NULL);
	return 0;
}
