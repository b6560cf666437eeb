/*
** native.c - bytecode to C, built with the system C compiler and loaded.
**
** Each block of the program (a step, a placement body, a constraint
** expression) becomes one C function. The operand stack is static: the
** depth at every instruction is known, so stack slot k is the local S[k]
** and the compiler keeps it in a register. Field offsets, widths and bounds
** are constants in the code. Everything else (choices, violations, hooks,
** errors) goes through the same context the interpreter uses.
**
** For runs with --por (BC_NATIVE_TRACKED), steps and placement bodies
** also get a tracked function (t<pc>): partial-order reduction needs each
** step's footprint, and the tracked function records every state access
** in cx->track as the interpreter does while vm->track is set (the same
** units, after the same checks, on every path), so --por runs steps as
** machine code too. The untracked functions, which the plain search runs,
** pay nothing for it.
*/
#include "model/native.h"

#include "bootcheck/arena.h"
#include "front/compile_int.h"

#include <assert.h>
#include <dirent.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct bc_native {
  void *dl;
  size_t ncode;
  bc_native_fn *by_pc; /* ncode entries, NULL where no block starts */
  bc_native_fn *tracked_by_pc; /* the same for the tracked variants */
  size_t nprocs;
  const bc_native_proc_fn *procs; /* nprocs entries (in the object) */
  bc_native_expand_fn expand;     /* the fused loop (in the object) */
  char dir[PATH_MAX];
};

/* Pasted into the generated file: must match struct bc_native_ctx. */
static const char abi_text[] =
    "#include <stddef.h>\n"
    "#include <stdint.h>\n"
    "struct bc_native_ctx {\n"
    "  int64_t *locals;\n"
    "  uint32_t *choice;\n"
    "  uint32_t *choice_n;\n"
    "  unsigned *script_len;\n"
    "  uint64_t *viol;\n"
    "  unsigned char *any_viol;\n"
    "  int (*hook)(struct bc_native_ctx *cx, unsigned h, uint8_t *st,\n"
    "              int64_t self);\n"
    "  void *vm;\n"
    "  unsigned nchoice;\n"
    "  int err_code;\n"
    "  uint32_t err_pc;\n"
    "  int err_var;\n"
    "  int64_t err_value;\n"
    "  struct bc_track *track;\n"
    "  uint32_t *dirty;\n"
    "  uint32_t ndirty;\n"
    "};\n"
    "struct bc_native_out {\n"
    "  uint64_t *words;\n"
    "  uint32_t *parent;\n"
    "  uint32_t *how;\n"
    "  size_t n, lim;\n"
    "  uint32_t cur_parent;\n"
    "  uint32_t next_how;\n"
    "  int (*grow)(struct bc_native_out *out);\n"
    "  void (*viol)(struct bc_native_out *out, uint32_t how,\n"
    "               const uint64_t *viol);\n"
    "  void *ctx;\n"
    "};\n"
    "/* fields as aligned 64-bit words (bc_bits_get/set); GET1/SET1 for\n"
    "** fields known not to cross a word boundary */\n"
    "static inline uint64_t GET(const uint8_t *s, uint32_t off, unsigned w,\n"
    "                           uint64_t m) {\n"
    "  const uint8_t *p = s + ((off >> 6) << 3);\n"
    "  unsigned sh = off & 63;\n"
    "  uint64_t x;\n"
    "  __builtin_memcpy(&x, p, 8);\n"
    "  x >>= sh;\n"
    "  if (sh + w > 64) {\n"
    "    uint64_t y;\n"
    "    __builtin_memcpy(&y, p + 8, 8);\n"
    "    x |= y << (64 - sh);\n"
    "  }\n"
    "  return x & m;\n"
    "}\n"
    "static inline uint64_t GET1(const uint8_t *s, uint32_t off, unsigned w,\n"
    "                            uint64_t m) {\n"
    "  uint64_t x;\n"
    "  __builtin_memcpy(&x, s + ((off >> 6) << 3), 8);\n"
    "  (void)w;\n"
    "  return (x >> (off & 63)) & m;\n"
    "}\n"
    "static inline void SET(uint8_t *s, uint32_t off, uint64_t m,\n"
    "                       uint64_t v) {\n"
    "  uint8_t *p = s + ((off >> 6) << 3);\n"
    "  unsigned sh = off & 63;\n"
    "  uint64_t x;\n"
    "  v &= m;\n"
    "  __builtin_memcpy(&x, p, 8);\n"
    "  x = (x & ~(m << sh)) | (v << sh);\n"
    "  __builtin_memcpy(p, &x, 8);\n"
    "  if (sh && (m >> (64 - sh))) {\n"
    "    uint64_t y;\n"
    "    __builtin_memcpy(&y, p + 8, 8);\n"
    "    y = (y & ~(m >> (64 - sh))) | (v >> (64 - sh));\n"
    "    __builtin_memcpy(p + 8, &y, 8);\n"
    "  }\n"
    "}\n"
    "static inline void SET1(uint8_t *s, uint32_t off, uint64_t m,\n"
    "                        uint64_t v) {\n"
    "  uint8_t *p = s + ((off >> 6) << 3);\n"
    "  uint64_t x;\n"
    "  __builtin_memcpy(&x, p, 8);\n"
    "  x = (x & ~(m << (off & 63))) | ((v & m) << (off & 63));\n"
    "  __builtin_memcpy(p, &x, 8);\n"
    "}\n"
    "/* GETB/SETB for fields of 8, 16, 32 or 64 bits on byte boundaries\n"
    "** (little-endian hosts): a load or store of their bytes, no\n"
    "** read-modify-write of the word around them */\n"
    "static inline uint64_t GETB(const uint8_t *s, uint32_t off, unsigned w,\n"
    "                            uint64_t m) {\n"
    "  const uint8_t *p = s + (off >> 3);\n"
    "  (void)m;\n"
    "  if (w == 8) return p[0];\n"
    "  if (w == 16) { uint16_t x; __builtin_memcpy(&x, p, 2); return x; }\n"
    "  if (w == 32) { uint32_t x; __builtin_memcpy(&x, p, 4); return x; }\n"
    "  uint64_t x; __builtin_memcpy(&x, p, 8); return x;\n"
    "}\n"
    "static inline void SETB(uint8_t *s, uint32_t off, uint64_t m,\n"
    "                        uint64_t v) {\n"
    "  uint8_t *p = s + (off >> 3);\n"
    "  if (m == 0xff) { p[0] = (uint8_t)v; return; }\n"
    "  if (m == 0xffff) { uint16_t x = (uint16_t)v; "
    "__builtin_memcpy(p, &x, 2); return; }\n"
    "  if (m == 0xffffffff) { uint32_t x = (uint32_t)v; "
    "__builtin_memcpy(p, &x, 4); return; }\n"
    "  __builtin_memcpy(p, &v, 8);\n"
    "}\n"
    "static inline int64_t NTH(uint64_t s, int64_t i) {\n"
    "  for (int64_t k = 0; k < i && s; k++) s &= s - 1;\n"
    "  return s ? __builtin_ctzll(s) : 0;\n"
    "}\n"
    "/* WB_: a block's promoted elements back into the state (each block\n"
    "** defines it) */\n"
    "#define ERR(c, pc, v, x) do { WB_; cx->err_code = (c); \\\n"
    "  cx->err_pc = (pc); \\\n"
    "  cx->err_var = (v); cx->err_value = (x); return -1; } while (0)\n"
    "#define VIOL(a) do { cx->viol[(a) / 64] |= (uint64_t)1 << ((a) % 64); \\\n"
    "  *cx->any_viol = 1; } while (0)\n";

/* Pasted after abi_text (one string would pass the length C compilers
** must support): the footprint recording of the tracked functions. */
static const char track_text[] =
    "/* vm.h's footprint recording: must match struct bc_track there */\n"
    "struct bc_track {\n"
    "  const uint32_t *unit_base;\n"
    "  uint32_t *rmark, *wmark;\n"
    "  uint32_t stamp;\n"
    "  uint32_t *r, *w;\n"
    "  uint32_t nr, nw, cap;\n"
    "  _Bool overflow;\n"
    "};\n"
    "/* TRKR/TRKW: a tracked block's read / write of element e of variable\n"
    "** v, recorded as vm.c's track() records it: its unit once per stamp,\n"
    "** overflow past cap */\n"
    "static inline void TRKR(struct bc_track *t, uint32_t v, uint32_t e) {\n"
    "  uint32_t u = t->unit_base[v] + e;\n"
    "  if (t->rmark[u] == t->stamp) return;\n"
    "  t->rmark[u] = t->stamp;\n"
    "  if (t->nr == t->cap) t->overflow = 1; else t->r[t->nr++] = u;\n"
    "}\n"
    "static inline void TRKW(struct bc_track *t, uint32_t v, uint32_t e) {\n"
    "  uint32_t u = t->unit_base[v] + e;\n"
    "  if (t->wmark[u] == t->stamp) return;\n"
    "  t->wmark[u] = t->stamp;\n"
    "  if (t->nw == t->cap) t->overflow = 1; else t->w[t->nw++] = u;\n"
    "}\n"
    "/* DIRTY: a tracked block's store to the field of w bits at bit off:\n"
    "** its first and last word in cx->dirty (more than DIRTY_CAP: no\n"
    "** room), so that the next choice path restores those words only */\n"
    "static inline void DIRTY(struct bc_native_ctx *cx, uint32_t off,\n"
    "                         unsigned w) {\n"
    "  uint32_t n = cx->ndirty;\n"
    "  if (n + 2 > DIRTY_CAP) { cx->ndirty = DIRTY_CAP + 1; return; }\n"
    "  cx->dirty[n] = off >> 6;\n"
    "  cx->dirty[n + 1] = (off + w - 1) >> 6;\n"
    "  cx->ndirty = n + 2;\n"
    "}\n";

/* Block boundaries: every step, placement and constraint expression. */
static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static size_t block_starts(const struct bc_program *p, uint32_t **ret) {
  size_t n = 0;
  uint32_t *v = bc_xcalloc(p->nsteps + p->nplacements +
                               2 * p->nconstraints + p->nwindows + 1,
                           sizeof *v);
  for (size_t i = 0; i < p->nsteps; i++)
    v[n++] = p->steps[i].code;
  for (size_t i = 0; i < p->nplacements; i++)
    v[n++] = p->placements[i].code;
  for (size_t i = 0; i < p->nconstraints; i++) {
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_ALWAYS || k == BC_CK_REACHABLE || k == BC_CK_EVENTUALLY)
      v[n++] = p->constraints[i].code;
    if (k == BC_CK_EVENTUALLY && p->constraints[i].live == BC_LIVE_LEADSTO)
      v[n++] = p->constraints[i].code2;
  }
  /* window predicates: the liveness graph evaluates them on every state */
  for (size_t i = 0; i < p->nwindows; i++)
    v[n++] = p->windows[i].code;
  qsort(v, n, sizeof *v, cmp_u32);
  size_t m = 0; /* dedupe */
  for (size_t i = 0; i < n; i++)
    if (m == 0 || v[m - 1] != v[i])
      v[m++] = v[i];
  *ret = v;
  return m;
}

static bool ends_flow(unsigned op) { return !bc_opcode_falls(op); }

/* The value check of a store, as a C condition that is true when bad. */
static void store_check(FILE *o, const struct bc_program *p, uint32_t var,
                        const char *x) {
  const struct bc_var *v = &p->vars[var];
  switch (v->type.kind) {
  case BC_TY_INT:
    fprintf(o, "(%s < INT64_C(%" PRId64 ") || %s > INT64_C(%" PRId64 "))", x,
            v->type.lo, x, v->type.hi);
    break;
  case BC_TY_BOOL:
    fprintf(o, "((uint64_t)%s > 1)", x);
    break;
  case BC_TY_ENUM:
    fprintf(o, "((uint64_t)%s >= %uu)", x, p->enums[v->type.enum_id].n);
    break;
  case BC_TY_SET:
    fprintf(o, "((uint64_t)%s & ~UINT64_C(0x%" PRIx64 "))", x,
            bc_mask(p->enums[v->type.enum_id].n));
    break;
  default:
    fprintf(o, "0");
    break;
  }
}

/*
** How each variable's elements are accessed (nvars entries): ACC_BYTES
** when every element is 8, 16, 32 or 64 bits on a byte boundary and the
** host is little-endian (GETB/SETB: a load or a store of those bytes; a
** loop that writes the elements of an array one after the other then has
** no read-modify-write of one word per element), else ACC_TWO when an
** element crosses a 64-bit word boundary (the two-word GET/SET), else
** ACC_ONE (GET1/SET1). Constant offsets fold either way.
*/
enum { ACC_TWO, ACC_ONE, ACC_BYTES };

static unsigned char *word_crossing(const struct bc_program *p) {
  unsigned char *c = bc_xcalloc(p->nvars + 1, sizeof *c);
  const uint16_t one = 1;
  unsigned char little;
  memcpy(&little, &one, 1);
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_field *f = &p->fields[i];
    uint32_t n = p->vars[i].nelems ? p->vars[i].nelems : 1;
    bool crosses = false;
    for (uint32_t e = 0; e < n && !crosses; e++)
      crosses = ((f->bitoff + e * f->stride) & 63) + f->width > 64;
    bool bytes = little && (f->width == 8 || f->width == 16 ||
                            f->width == 32 || f->width == 64) &&
                 f->bitoff % 8 == 0 && (n == 1 || f->stride % 8 == 0);
    c[i] = bytes ? ACC_BYTES : crosses ? ACC_TWO : ACC_ONE;
  }
  return c;
}

/* The suffix of the access helpers for a variable: GET<sfx>, SET<sfx>. */
static const char *acc_sfx(const unsigned char *cross, uint32_t var) {
  return cross[var] == ACC_BYTES ? "B" : cross[var] == ACC_ONE ? "1" : "";
}

/* The same for a constant offset (the two-word helpers fold there). */
static const char *acc_sfx_const(const unsigned char *cross, uint32_t var) {
  return cross[var] == ACC_BYTES ? "B" : "";
}

/*
** May the block from 'from' keep its locals in a C array of its own
** (registers, once cc is done with it) instead of the VM's? A step or a
** constraint expression that calls no hook: its locals are written before
** they are read within one run, and nothing reads them after it (a
** placement body, which a hook runs, has slots of its own, 128..255, but
** is left alone all the same).
*/
static bool own_locals(const struct bc_program *p, uint32_t from,
                       uint32_t to) {
  bool known = false;
  for (size_t i = 0; i < p->nsteps && !known; i++)
    known = p->steps[i].code == from;
  for (size_t i = 0; i < p->nconstraints && !known; i++)
    known = p->constraints[i].code == from;
  for (size_t i = 0; i < p->nplacements && known; i++)
    known = p->placements[i].code != from;
  for (uint32_t pc = from; pc < to && known; pc++)
    known = p->code[pc].op != BC_INS_HOOK;
  return known;
}

/*
** Promoting state elements to C locals. A step that reads and writes the
** same element (h[i] := (h[i] * 31 + k) % 65521 in a loop) would load and
** store it through the state on every access, and an opaque call (a
** loop's deadline hook) makes cc reload everything it holds. Where every
** access of a variable in a block names an element known before the block
** runs (a scalar, or an index a * self + b: a constant, or the instance's
** own element), the element lives in a local P<k>_ for the block's run:
** loaded once at entry (when its index is in range), written back once
** before every return (WB_, also on the error and disabled paths, so the
** state is the same at every exit as without promotion). The index
** checks stay where they were, so the errors and their locations do too.
*/

/* A value on every path: not reached yet, unknown, or a * self + b. */
enum { AFF_UNSEEN, AFF_NONE, AFF_KNOWN };
struct aff {
  int kind;
  int64_t a, b;
};

/* One promoted element: flat index a * self + b of var. */
struct promo {
  uint32_t var;
  int64_t a, b;
  unsigned loads, stores;
};

#define AFF_MAX (INT64_C(1) << 31) /* |a|, |b| beyond this: unknown */

static struct aff aff_known(int64_t a, int64_t b) {
  struct aff r = {AFF_NONE, 0, 0};
  if (a > -AFF_MAX && a < AFF_MAX && b > -AFF_MAX && b < AFF_MAX)
    r = (struct aff){AFF_KNOWN, a, b};
  return r;
}

/* x * y + z of two values known as a * self + b, when still affine */
static struct aff aff_mul_add(struct aff x, int64_t y, struct aff z) {
  struct aff none = {AFF_NONE, 0, 0};
  if (x.kind != AFF_KNOWN || z.kind != AFF_KNOWN)
    return none;
  int64_t a, b;
  if (__builtin_mul_overflow(x.a, y, &a) || __builtin_mul_overflow(x.b, y, &b)
      || __builtin_add_overflow(a, z.a, &a) ||
      __builtin_add_overflow(b, z.b, &b))
    return none;
  return aff_known(a, b);
}

static bool aff_same(struct aff x, struct aff y) {
  return x.kind == y.kind && (x.kind != AFF_KNOWN || (x.a == y.a &&
                                                       x.b == y.b));
}

/* The value of a tagged index slot after instruction 'in' (pops done). */
static void aff_step(const struct bc_program *p, const struct bc_insn *in,
                     int d, struct aff *s, struct aff *loc) {
  struct aff none = {AFF_NONE, 0, 0};
  struct aff x = d >= 1 ? s[d - 1] : none, y = d >= 2 ? s[d - 2] : none;
  int pops = bc_opcode_pops(in->op);
  int out = d + bc_opcode_effect(in->op);
  for (int k = d - pops < 0 ? 0 : d - pops; k < out; k++)
    s[k] = none;
  switch (in->op) {
  case BC_INS_PUSH:
    s[d] = aff_known(0, in->k);
    break;
  case BC_INS_SELF:
    s[d] = aff_known(1, 0);
    break;
  case BC_INS_LGET:
    s[d] = loc[in->a];
    break;
  case BC_INS_LSET:
    loc[in->a] = x;
    break;
  case BC_INS_INDEX: {
    const struct bc_var *v = &p->vars[in->b];
    int64_t lo = v->dim_lo[in->a], len = v->dim_len[in->a];
    if (x.kind == AFF_KNOWN && (x.a != 0 || (x.b >= lo && x.b - lo < len)))
      s[d - 1] = aff_known(x.a, x.b - lo);
    break;
  }
  case BC_INS_FLAT:
    s[d - 2] = aff_mul_add(y, in->k, x);
    break;
  case BC_INS_ADD:
    s[d - 2] = aff_mul_add(y, 1, x);
    break;
  case BC_INS_SUB:
    s[d - 2] = aff_mul_add(x, -1, y);
    break;
  case BC_INS_MUL:
    if (x.kind == AFF_KNOWN && x.a == 0)
      s[d - 2] = aff_mul_add(y, x.b, aff_known(0, 0));
    else if (y.kind == AFF_KNOWN && y.a == 0)
      s[d - 2] = aff_mul_add(x, y.b, aff_known(0, 0));
    break;
  default:
    break;
  }
}

#define MAX_PROMOS 64
#define COPY_WORDS 8 /* the largest state a read-only loop copies */

/*
** The promoted elements of the block from 'from' to 'to' (depth[] from
** gen_block; -1 where unreached). slot[i] is the promotion the access at
** from + i uses, or -1. Returns how many (0 in a block with a HOOK: a
** placement body reads and writes the state).
*/
static size_t promote(const struct bc_program *p, uint32_t from, uint32_t to,
                      const int *depth, int maxd, unsigned nloc, int *slot,
                      struct promo *pr) {
  size_t n = to - from, np = 0;
  for (size_t i = 0; i < n; i++)
    slot[i] = -1;
  for (uint32_t pc = from; pc < to; pc++)
    if (p->code[pc].op == BC_INS_HOOK)
      return 0;
  size_t w = (size_t)maxd + nloc + 1;
  struct aff *in = bc_xcalloc((n + 1) * w, sizeof *in), *cur =
      bc_xcalloc(w, sizeof *cur);
  bool *seen = bc_xcalloc(n + 1, sizeof *seen);
  seen[0] = true;
  for (size_t k = 0; k < w; k++)
    in[k].kind = AFF_NONE; /* locals unknown at entry */
  for (bool more = true; more;) {
    more = false;
    for (uint32_t pc = from; pc < to; pc++) {
      size_t i = pc - from;
      const struct bc_insn *op = &p->code[pc];
      if (!seen[i] || depth[i] < 0)
        continue;
      memcpy(cur, in + i * w, w * sizeof *cur);
      aff_step(p, op, depth[i], cur, cur + maxd);
      size_t succ[2], ns = 0;
      if (!ends_flow(op->op))
        succ[ns++] = i + 1;
      if (bc_opcode_jumps(op->op) && op->b >= from && op->b < to)
        succ[ns++] = op->b - from;
      for (size_t j = 0; j < ns; j++) {
        struct aff *t = in + succ[j] * w;
        bool changed = false;
        if (!seen[succ[j]]) {
          memcpy(t, cur, w * sizeof *cur);
          seen[succ[j]] = changed = true;
        } else {
          for (size_t k = 0; k < w; k++)
            if (!aff_same(t[k], cur[k]) && t[k].kind != AFF_NONE) {
              t[k].kind = AFF_NONE;
              changed = true;
            }
        }
        more |= changed && succ[j] <= i;
      }
    }
  }
  /* every access of a variable: one element, or constant elements only */
  for (uint32_t v = 0; v < p->nvars; v++) {
    bool ok = true, any = false, all_const = true, one = true;
    struct aff first = {AFF_NONE, 0, 0};
    uint32_t nel = p->vars[v].nelems ? p->vars[v].nelems : 1;
    for (uint32_t pc = from; pc < to && ok; pc++) {
      const struct bc_insn *op = &p->code[pc];
      size_t i = pc - from;
      if (depth[i] < 0 || op->b != v ||
          !(bc_opcode_uses(op->op) & BC_U_VAR) ||
          (op->op != BC_INS_LOAD && op->op != BC_INS_LOADX &&
           op->op != BC_INS_STORE && op->op != BC_INS_STOREX))
        continue;
      struct aff k = op->op == BC_INS_LOADX ? in[i * w + depth[i] - 1]
                     : op->op == BC_INS_STOREX ? in[i * w + depth[i] - 2]
                                               : aff_known(0, 0);
      ok = k.kind == AFF_KNOWN && (k.a != 0 || (k.b >= 0 && k.b < nel));
      if (!ok)
        break;
      if (!any)
        first = k;
      one &= aff_same(first, k);
      all_const &= k.a == 0;
      any = true;
    }
    if (!any || !ok || (!one && !all_const))
      continue;
    for (uint32_t pc = from; pc < to; pc++) {
      const struct bc_insn *op = &p->code[pc];
      size_t i = pc - from;
      bool load = op->op == BC_INS_LOAD || op->op == BC_INS_LOADX;
      if (depth[i] < 0 || op->b != v ||
          (!load && op->op != BC_INS_STORE && op->op != BC_INS_STOREX))
        continue;
      struct aff k = op->op == BC_INS_LOADX ? in[i * w + depth[i] - 1]
                     : op->op == BC_INS_STOREX ? in[i * w + depth[i] - 2]
                                               : aff_known(0, 0);
      size_t e = 0;
      while (e < np && !(pr[e].var == v && pr[e].a == k.a && pr[e].b == k.b))
        e++;
      if (e == np) {
        if (np == MAX_PROMOS)
          continue;
        pr[np++] = (struct promo){v, k.a, k.b, 0, 0};
      }
      pr[e].loads += load;
      pr[e].stores += !load;
      slot[i] = (int)e;
    }
  }
  /* worth it when read and written, or read more than once; the rest
  ** keep their accesses through the state */
  int *keep = bc_xcalloc(np + 1, sizeof *keep);
  size_t m = 0;
  for (size_t e = 0; e < np; e++) {
    keep[e] = -1;
    if ((pr[e].loads && pr[e].stores) || pr[e].loads >= 2) {
      keep[e] = (int)m;
      pr[m++] = pr[e];
    }
  }
  for (size_t i = 0; i < n; i++)
    if (slot[i] >= 0)
      slot[i] = keep[slot[i]];
  free(keep);
  free(in);
  free(cur);
  free(seen);
  return m;
}

/*
** The C function of the block from 'from' to 'to': f<from>, or c<from>
** (one_choice: the fused loop's copy, its one choice given), or t<from>
** (tracked: every LOAD, LOADX, STORE and STOREX also records its unit in
** cx->track where the interpreter's track() does, after the same checks,
** so every path records the set the interpreter records; no element is
** promoted there, since a promoted element is loaded at entry whether or
** not the path reads it; and every store notes the words it changes in
** cx->dirty).
*/
static void gen_block(FILE *o, const struct bc_program *p,
                      const unsigned char *cross, uint32_t from, uint32_t to,
                      bool one_choice, bool tracked) {
  size_t n = to - from;
  int *depth = bc_xcalloc(n + 1, sizeof *depth);
  bool *target = bc_xcalloc(n + 1, sizeof *target);
  bool *dead = bc_xcalloc(n + 1, sizeof *dead);
  for (size_t i = 0; i <= n; i++)
    depth[i] = -1;
  depth[0] = 0;
  int maxd = 1;
  /* Stack depths along the paths from 'from': passes in code order until
  ** none reaches more code (code reached only by a backward jump, as a
  ** quantifier's loop placed before its guard, takes a second pass). */
  for (bool more = true; more;) {
    more = false;
    for (uint32_t pc = from; pc < to; pc++) {
      const struct bc_insn *in = &p->code[pc];
      size_t i = pc - from;
      if (depth[i] < 0) /* no path reaches it yet (a JMP after a GOTO) */
        continue;
      int d = depth[i], out = d + bc_opcode_effect(in->op);
      assert(out >= 0 && out < BC_VM_STACK); /* the compiler's maxdepth */
      if (out + 1 > maxd)
        maxd = out + 1;
      if (d + 1 > maxd)
        maxd = d + 1;
      if (bc_opcode_jumps(in->op)) {
        if (in->b >= from && in->b <= to) {
          target[in->b - from] = true;
          assert(depth[in->b - from] < 0 || depth[in->b - from] == out);
          if (depth[in->b - from] < 0) {
            depth[in->b - from] = out;
            more |= in->b < pc; /* behind: another pass */
          }
        }
      }
      assert(ends_flow(in->op) || depth[i + 1] < 0 || depth[i + 1] == out);
      if (!ends_flow(in->op) && depth[i + 1] < 0)
        depth[i + 1] = out;
    }
  }
  for (size_t i = 0; i < n; i++)
    dead[i] = depth[i] < 0;
  unsigned nloc = 0;
  for (uint32_t pc = from; pc < to; pc++)
    if ((p->code[pc].op == BC_INS_LGET || p->code[pc].op == BC_INS_LSET) &&
        (unsigned)p->code[pc].a + 1 > nloc)
      nloc = (unsigned)p->code[pc].a + 1;
  int *slot = bc_xcalloc(n + 1, sizeof *slot);
  struct promo pr[MAX_PROMOS];
  size_t np = 0;
  if (tracked)
    for (size_t i = 0; i < n; i++)
      slot[i] = -1;
  else
    np = promote(p, from, to, depth, maxd, nloc, slot, pr);
  /* the write-back of the promoted elements that are stored */
  fprintf(o, "#define WB_ do { ");
  for (size_t k = 0; k < np; k++) {
    const struct bc_field *f = &p->fields[pr[k].var];
    if (pr[k].stores)
      fprintf(o, "if (K%zu_) SET%s(st, %uu + (uint32_t)E%zu_ * %uu, "
                 "UINT64_C(0x%" PRIx64 "), (uint64_t)P%zu_ - (uint64_t)"
                 "INT64_C(%" PRId64 ")); ",
              k, acc_sfx(cross, pr[k].var), f->bitoff, k, f->stride,
              bc_mask(f->width), k, f->lo);
  }
  fprintf(o, "} while (0)\n");
  if (one_choice) /* its choice given: ch_; its number of values: *nch_ */
    fprintf(o, "static int c%u(struct bc_native_ctx *cx, uint8_t *st, "
               "int64_t self, int64_t *ret, uint32_t ch_, uint32_t *nch_) "
               "{\n", from);
  else
    fprintf(o, "static int %c%u(struct bc_native_ctx *cx, uint8_t *st, "
               "int64_t self, int64_t *ret) {\n", tracked ? 't' : 'f', from);
  if (tracked)
    fprintf(o, "  struct bc_track *const t_ = cx->track;\n");
  fprintf(o, "  int64_t S[%d];\n", maxd + 1);
  if (nloc && own_locals(p, from, to))
    fprintf(o, "  int64_t L[%u] = {0};\n", nloc);
  else
    fprintf(o, "  int64_t *L = cx->locals;\n");
  fprintf(o, "  int64_t x_, y_;\n  uint32_t T_ = 0;\n  (void)L; (void)self; "
             "(void)ret; (void)x_; (void)y_; (void)st; (void)T_;\n");
  /*
  ** A block with a loop that only reads the state (an invariant over
  ** pairs) reads a copy of it in a local array: the loop's deadline hook
  ** (an opaque call) cannot change that, so cc may keep what it loaded
  ** in registers across it and hoist loads out of the loop. Only for
  ** states of at most COPY_WORDS words: the copy is paid on every run.
  */
  const char *src = "st";
  size_t nw = (p->state_bytes + 7) / 8;
  bool reads_only = np == 0 && nw <= COPY_WORDS, loops = false;
  for (uint32_t pc = from; pc < to && reads_only; pc++) {
    unsigned op = p->code[pc].op;
    reads_only = op != BC_INS_STORE && op != BC_INS_STOREX &&
                 op != BC_INS_HOOK;
    loops |= op == BC_INS_TICK;
  }
  if (reads_only && loops && nw) {
    fprintf(o, "  uint64_t sc_[%zu];\n  __builtin_memcpy(sc_, st, %zu);\n"
               "  const uint8_t *sp_ = (const uint8_t *)sc_;\n",
            nw, 8 * nw);
    src = "sp_";
  }
  /* each promoted element's flat index, whether it is in range, value */
  for (size_t k = 0; k < np; k++) {
    const struct bc_field *f = &p->fields[pr[k].var];
    uint32_t nel = p->vars[pr[k].var].nelems ? p->vars[pr[k].var].nelems : 1;
    fprintf(o, "  const uint64_t E%zu_ = (uint64_t)INT64_C(%" PRId64 ") * "
               "(uint64_t)self + (uint64_t)INT64_C(%" PRId64 ");\n"
               "  const int K%zu_ = E%zu_ < %uu;\n  int64_t P%zu_ = 0;\n"
               "  if (K%zu_) P%zu_ = (int64_t)(GET%s(st, %uu + (uint32_t)E%zu_"
               " * %uu, %u, UINT64_C(0x%" PRIx64 ")) + (uint64_t)INT64_C(%"
               PRId64 "));\n",
            k, pr[k].a, pr[k].b, k, k, nel, k, k, k,
            acc_sfx(cross, pr[k].var), f->bitoff, k, f->stride, f->width,
            bc_mask(f->width), f->lo);
  }
  for (uint32_t pc = from; pc < to; pc++) {
    const struct bc_insn *in = &p->code[pc];
    size_t i = pc - from;
    int d = depth[i];
    if (target[i])
      fprintf(o, "L%u:;\n", pc);
    if (dead[i])
      continue;
    const struct bc_field *f = in->b < p->nvars ? &p->fields[in->b] : NULL;
    fprintf(o, "  ");
    switch (in->op) {
    case BC_INS_PUSH:
      if (in->k == INT64_MIN)
        fprintf(o, "S[%d] = INT64_MIN;", d);
      else
        fprintf(o, "S[%d] = INT64_C(%" PRId64 ");", d, in->k);
      break;
    case BC_INS_POP:
      break;
    case BC_INS_LOAD:
      if (slot[i] >= 0) {
        fprintf(o, "S[%d] = P%d_;", d, slot[i]);
        break;
      }
      if (tracked)
        fprintf(o, "TRKR(t_, %uu, 0); ", in->b);
      fprintf(o, "S[%d] = (int64_t)(GET%s(%s, %uu, %u, UINT64_C(0x%" PRIx64
                 ")) + (uint64_t)INT64_C(%" PRId64 "));",
              d, acc_sfx_const(cross, in->b), src, f->bitoff, f->width, bc_mask(f->width), f->lo);
      break;
    case BC_INS_LOADX:
      if (slot[i] >= 0) {
        fprintf(o, "S[%d] = P%d_;", d - 1, slot[i]);
        break;
      }
      if (tracked)
        fprintf(o, "TRKR(t_, %uu, (uint32_t)S[%d]); ", in->b, d - 1);
      fprintf(o, "S[%d] = (int64_t)(GET%s(%s, %uu + (uint32_t)S[%d] * %uu, "
                 "%u, UINT64_C(0x%" PRIx64 ")) + (uint64_t)INT64_C(%" PRId64
                 "));",
              d - 1, acc_sfx(cross, in->b), src, f->bitoff, d - 1, f->stride,
              f->width, bc_mask(f->width), f->lo);
      break;
    case BC_INS_STORE:
    case BC_INS_STOREX: {
      char x[16];
      snprintf(x, sizeof x, "S[%d]", d - 1);
      fprintf(o, "if (");
      store_check(o, p, in->b, x);
      fprintf(o, ") ERR(%d, %uu, %u, S[%d]); ", BC_RT_RANGE, pc, in->b, d - 1);
      if (tracked && in->op == BC_INS_STORE)
        fprintf(o, "TRKW(t_, %uu, 0); DIRTY(cx, %uu, %u); ", in->b,
                f->bitoff, f->width);
      else if (tracked)
        fprintf(o, "TRKW(t_, %uu, (uint32_t)S[%d]); DIRTY(cx, %uu + "
                   "(uint32_t)S[%d] * %uu, %u); ", in->b, d - 2, f->bitoff,
                d - 2, f->stride, f->width);
      if (slot[i] >= 0)
        fprintf(o, "P%d_ = S[%d];", slot[i], d - 1);
      else if (in->op == BC_INS_STORE)
        fprintf(o, "SET%s(st, %uu, UINT64_C(0x%" PRIx64 "), (uint64_t)S[%d] - "
                   "(uint64_t)INT64_C(%" PRId64 "));",
                acc_sfx_const(cross, in->b), f->bitoff, bc_mask(f->width), d - 1, f->lo);
      else
        fprintf(o, "SET%s(st, %uu + (uint32_t)S[%d] * %uu, UINT64_C(0x%"
                   PRIx64 "), (uint64_t)S[%d] - (uint64_t)INT64_C(%" PRId64
                   "));",
                acc_sfx(cross, in->b), f->bitoff, d - 2, f->stride,
                bc_mask(f->width), d - 1, f->lo);
      break;
    }
    case BC_INS_INDEX: {
      const struct bc_var *v = &p->vars[in->b];
      int64_t lo = v->dim_lo[in->a], len = v->dim_len[in->a];
      fprintf(o, "if (S[%d] < INT64_C(%" PRId64 ") || (uint64_t)S[%d] - "
                 "(uint64_t)INT64_C(%" PRId64 ") >= %" PRId64 "u) ERR(%d, %uu,"
                 " %u, S[%d]); S[%d] -= INT64_C(%" PRId64 ");",
              d - 1, lo, d - 1, lo, len, BC_RT_INDEX, pc, in->b, d - 1, d - 1,
              lo);
      break;
    }
    case BC_INS_FLAT:
      fprintf(o, "S[%d] = S[%d] * INT64_C(%" PRId64 ") + S[%d];", d - 2, d - 2,
              in->k, d - 1);
      break;
    case BC_INS_LGET:
      fprintf(o, "S[%d] = L[%u];", d, in->a);
      break;
    case BC_INS_LSET:
      fprintf(o, "L[%u] = S[%d];", in->a, d - 1);
      break;
    case BC_INS_SELF:
      fprintf(o, "S[%d] = self;", d);
      break;
    case BC_INS_ADD:
    case BC_INS_SUB:
    case BC_INS_MUL: {
      const char *fn = in->op == BC_INS_ADD ? "add" : in->op == BC_INS_SUB
                                                          ? "sub" : "mul";
      fprintf(o, "if (__builtin_%s_overflow(S[%d], S[%d], &S[%d])) ERR(%d, "
                 "%uu, -1, 0);", fn, d - 2, d - 1, d - 2, BC_RT_OVERFLOW, pc);
      break;
    }
    case BC_INS_DIV:
    case BC_INS_MOD:
      fprintf(o, "if (S[%d] == 0) ERR(%d, %uu, -1, 0); if (S[%d] == -1 && "
                 "S[%d] == INT64_MIN) ERR(%d, %uu, -1, 0); S[%d] = S[%d] %c "
                 "S[%d];",
              d - 1, BC_RT_DIVZERO, pc, d - 1, d - 2, BC_RT_OVERFLOW, pc,
              d - 2, d - 2, in->op == BC_INS_DIV ? '/' : '%', d - 1);
      break;
    case BC_INS_NEG:
      fprintf(o, "if (S[%d] == INT64_MIN) ERR(%d, %uu, -1, 0); S[%d] = "
                 "-S[%d];", d - 1, BC_RT_OVERFLOW, pc, d - 1, d - 1);
      break;
    case BC_INS_EQ: case BC_INS_NE: case BC_INS_LT: case BC_INS_LE:
    case BC_INS_GT: case BC_INS_GE: {
      const char *op = in->op == BC_INS_EQ ? "==" : in->op == BC_INS_NE ? "!="
                       : in->op == BC_INS_LT ? "<" : in->op == BC_INS_LE
                       ? "<=" : in->op == BC_INS_GT ? ">" : ">=";
      fprintf(o, "S[%d] = S[%d] %s S[%d];", d - 2, d - 2, op, d - 1);
      break;
    }
    case BC_INS_NOT:
      fprintf(o, "S[%d] = !S[%d];", d - 1, d - 1);
      break;
    case BC_INS_BOR:
      fprintf(o, "S[%d] = (int64_t)((uint64_t)S[%d] | (uint64_t)S[%d]);",
              d - 2, d - 2, d - 1);
      break;
    case BC_INS_BAND:
      fprintf(o, "S[%d] = (int64_t)((uint64_t)S[%d] & (uint64_t)S[%d]);",
              d - 2, d - 2, d - 1);
      break;
    case BC_INS_BANDN:
      fprintf(o, "S[%d] = (int64_t)((uint64_t)S[%d] & ~(uint64_t)S[%d]);",
              d - 2, d - 2, d - 1);
      break;
    case BC_INS_SUBSETEQ:
      fprintf(o, "S[%d] = ((uint64_t)S[%d] & ~(uint64_t)S[%d]) == 0;", d - 2,
              d - 2, d - 1);
      break;
    case BC_INS_SUBSET:
      fprintf(o, "S[%d] = ((uint64_t)S[%d] & ~(uint64_t)S[%d]) == 0 && S[%d] "
                 "!= S[%d];", d - 2, d - 2, d - 1, d - 2, d - 1);
      break;
    case BC_INS_BIT:
      fprintf(o, "S[%d] = (S[%d] >= 0 && S[%d] < 64) ? (int64_t)((uint64_t)1 "
                 "<< S[%d]) : 0;", d - 1, d - 1, d - 1, d - 1);
      break;
    case BC_INS_HAS:
      fprintf(o, "S[%d] = (S[%d] >= 0 && S[%d] < 64) ? (int64_t)(((uint64_t)"
                 "S[%d] >> S[%d]) & 1) : 0;", d - 2, d - 2, d - 2, d - 1,
              d - 2);
      break;
    case BC_INS_INRANGE:
      fprintf(o, "S[%d] = S[%d] >= S[%d] && S[%d] <= S[%d];", d - 3, d - 3,
              d - 2, d - 3, d - 1);
      break;
    case BC_INS_CARD:
      fprintf(o, "S[%d] = __builtin_popcountll((unsigned long long)S[%d]);",
              d - 1, d - 1);
      break;
    case BC_INS_LOWBIT:
      fprintf(o, "S[%d] = S[%d] ? __builtin_ctzll((unsigned long long)S[%d]) "
                 ": 0;", d - 1, d - 1, d - 1);
      break;
    case BC_INS_CLEARLOW:
      fprintf(o, "S[%d] = (int64_t)((uint64_t)S[%d] & ((uint64_t)S[%d] - 1));",
              d - 1, d - 1, d - 1);
      break;
    case BC_INS_NTHBIT:
      fprintf(o, "S[%d] = NTH((uint64_t)S[%d], S[%d]);", d - 2, d - 2, d - 1);
      break;
    case BC_INS_TICK:
      fprintf(o, "if (++T_ > %uu) ERR(%d, %uu, -1, 0); if ((T_ & 0xffff) == 0 "
                 "&& cx->hook(cx, %uu, st, self)) ERR(%d, %uu, -1, 0);",
              BC_VM_MAX_TICKS, BC_RT_LOOP, pc, BC_NATIVE_DEADLINE, BC_RT_TIME,
              pc);
      break;
    case BC_INS_JMP:
      fprintf(o, "goto L%u;", in->b);
      break;
    case BC_INS_JZ:
      fprintf(o, "if (!S[%d]) goto L%u;", d - 1, in->b);
      break;
    case BC_INS_JNZ:
      fprintf(o, "if (S[%d]) goto L%u;", d - 1, in->b);
      break;
    case BC_INS_AWAIT:
      fprintf(o, "if (!S[%d]) { WB_; return 1; }", d - 1);
      break;
    case BC_INS_CHOOSE:
      if (one_choice) { /* the only choice of a run: nchoice is 0 */
        fprintf(o, "{ int64_t n_ = S[%d]; if (n_ <= 0) { WB_; return 1; } if "
                   "(n_ > %u) ERR(%d, %uu, -1, n_); *nch_ = (uint32_t)n_; "
                   "S[%d] = ch_; }",
                d - 1, BC_MAX_RANGE, BC_RT_CHOICES, pc, d - 1);
        break;
      }
      fprintf(o, "{ int64_t n_ = S[%d]; if (n_ <= 0) { WB_; return 1; } if "
                 "(cx->nchoice >= %uu || n_ > %u) ERR(%d, %uu, -1, n_); "
                 "unsigned i_ = cx->nchoice++; uint32_t c_; if (i_ < "
                 "*cx->script_len) c_ = cx->choice[i_]; else { c_ = 0; "
                 "cx->choice[i_] = 0; *cx->script_len = i_ + 1; } "
                 "cx->choice_n[i_] = (uint32_t)n_; S[%d] = c_; }",
              d - 1, BC_VM_MAX_CHOICES, BC_MAX_RANGE, BC_RT_CHOICES, pc,
              d - 1);
      break;
    case BC_INS_ASSERT:
      fprintf(o, "if (!S[%d]) VIOL(%uu);", d - 1, in->a);
      break;
    case BC_INS_VIOLATE:
      fprintf(o, "VIOL(%uu);", in->a);
      break;
    case BC_INS_HOOK:
      fprintf(o, "{ int r_ = cx->hook(cx, %uu, st, self); if (r_) { WB_; "
                 "return r_; } }", in->a);
      break;
    case BC_INS_PRET:
      fprintf(o, "WB_; return 0;");
      break;
    case BC_INS_GOTO:
      fprintf(o, "WB_; *ret = %u; return 0;", in->a);
      break;
    case BC_INS_EXIT:
      fprintf(o, "WB_; *ret = S[%d]; return 0;", d - 1);
      break;
    default:
      fprintf(o, "ERR(%d, %uu, -1, 0);", BC_RT_UNREACHABLE, pc);
      break;
    }
    fputc('\n', o);
  }
  if (to == from || !ends_flow(p->code[to - 1].op))
    fprintf(o, "  ERR(%d, %uu, -1, 0);\n", BC_RT_UNREACHABLE, to);
  fprintf(o, "}\n#undef WB_\n\n");
  free(slot);
  free(depth);
  free(target);
  free(dead);
}


/*
** Does the block from 'from' to 'to' run more than one path: a CHOOSE, or a
** HOOK (a placement body bound to it may choose)?
*/
static bool block_may_branch(const struct bc_program *p, uint32_t from,
                             uint32_t to) {
  for (uint32_t pc = from; pc < to; pc++)
    if (p->code[pc].op == BC_INS_CHOOSE || p->code[pc].op == BC_INS_HOOK)
      return true;
  return false;
}

/*
** Does every run of the block from 'from' to 'to' make at most one
** choice, and no hook: one CHOOSE, no backward jump (no loop), no HOOK?
** Its code before the CHOOSE is the same on every path, so the number of
** values is too: the fused loop runs its paths as a count, the choice
** given to a copy of the block (c<from>), instead of the odometer's
** script in the context (the same paths in the same order).
*/
static bool block_one_choice(const struct bc_program *p, uint32_t from,
                             uint32_t to) {
  unsigned nchoose = 0;
  for (uint32_t pc = from; pc < to; pc++) {
    const struct bc_insn *in = &p->code[pc];
    if (in->op == BC_INS_HOOK ||
        (bc_opcode_jumps(in->op) && in->b <= pc))
      return false;
    nchoose += in->op == BC_INS_CHOOSE;
  }
  return nchoose == 1;
}

/*
** One successor function per process (bc_native_proc_fn): the loop of
** bc_vm_successors over its instances, with the pc read and written at
** constant offsets, a switch on the pc that calls the step's function
** directly (the C compiler may inline it), and the choice odometer only
** for steps that can branch. Same order, same results as the interpreter.
*/
/* The fused loop unrolls a process's instances when it has at most this
** many (instance, step) cases: more would cost compile time (the x86
** spec at NAP = 64: 170 s instead of 8) for little. */
#define UNROLL_CASES 128
/* and, for a family (one instance gains nothing), inlines the steps into
** the unrolled loop (flatten: the instance's number is a constant there,
** so index checks, offsets and the promoted elements' range tests fold)
** while their copies stay within this many bytecode instructions: more
** costs compile time (the x86 spec) for little */
#define INLINE_BUDGET 2048

/* The end of the block that starts at 'code' (one of the nstarts sorted
** block starts): the next start, or the end of the code. */
static uint32_t block_end(const struct bc_program *p, const uint32_t *starts,
                          size_t nstarts, uint32_t code) {
  size_t bi = 0;
  while (bi < nstarts && starts[bi] != code)
    bi++;
  return bi + 1 < nstarts ? starts[bi + 1] : (uint32_t)p->ncode;
}

static void gen_procs(FILE *o, const struct bc_program *p, const unsigned char *cross,
                      const uint32_t *starts, size_t nstarts, bool fused) {
  size_t nb = p->state_bytes, nw = (nb + 7) / 8;
  /* the state into the scratch state as whole aligned words, the bytes
  ** after the state zero (bc_state_copy_words) */
  if (!fused) {
    fprintf(o, "static inline void COPYW(uint8_t *d, const uint8_t *s) {\n"
               "  uint64_t t_;\n");
    if (nw > 16) /* a big state: one memcpy (bc_state_copy_words) */
      fprintf(o, "  __builtin_memcpy(d, s, %zu);\n", 8 * (nw - 1));
    else
      fprintf(o, "  for (unsigned k = 0; k + 1 < %zuu; k++) {\n"
                 "    __builtin_memcpy(&t_, s + 8 * k, 8);\n"
                 "    __builtin_memcpy(d + 8 * k, &t_, 8);\n  }\n",
              nw);
    if (nw)
      fprintf(o, "  __builtin_memcpy(&t_, s + %zu, 8);\n  t_ &= UINT64_C(0x%"
                 PRIx64 ");\n  __builtin_memcpy(d + %zu, &t_, 8);\n",
              8 * (nw - 1), bc_mask(nb % 8 ? (unsigned)(8 * (nb % 8)) : 64),
              8 * (nw - 1));
    fprintf(o, "  (void)t_;\n}\n\n");
  }
  for (size_t pi = 0; pi < p->nprocs; pi++) {
    const struct bc_proc *pr = &p->procs[pi];
    const struct bc_field *f = &p->fields[pr->pc_var];
    const char *one = acc_sfx(cross, pr->pc_var);
    /* the fused loop runs each instance with its number a constant, up
    ** to UNROLL_CASES cases: offsets, self and index checks fold */
    bool unroll = fused && (size_t)pr->ninst * pr->nsteps <= UNROLL_CASES;
    size_t body = 0;
    for (unsigned k = 0; unroll && k < pr->nsteps; k++) {
      uint32_t code = p->steps[pr->first_step + k].code;
      body += block_end(p, starts, nstarts, code) - code;
    }
    if (fused && unroll && pr->ninst > 1 &&
        body * pr->ninst <= INLINE_BUDGET)
      fprintf(o, "__attribute__((flatten))\n");
    if (fused) /* out's fields in locals: the state stores (char
               ** accesses) would make cc reload them after each */
      fprintf(o, "static long Q%zu(struct bc_native_ctx *cx, "
                 "const uint8_t *state, struct bc_native_out *out, "
                 "unsigned *where, int *stopped) {\n"
                 "  uint64_t *W_ = out->words;\n"
                 "  uint32_t *PA_ = out->parent, *HO_ = out->how;\n"
                 "  size_t n_ = out->n, lim_ = out->lim;\n"
                 "  const uint32_t par_ = out->cur_parent;\n"
                 "  uint32_t how_ = out->next_how;\n"
                 "  unsigned char *av_ = cx->any_viol;\n"
                 "  uint64_t *viol_ = cx->viol;\n", pi);
    else
      fprintf(o, "static long P%zu(struct bc_native_ctx *cx, "
                 "const uint8_t *state, uint8_t *buf, succ_fn fn, "
                 "void *fctx, unsigned *where, int *stopped) {\n", pi);
    fprintf(o, "  long count = 0;\n");
    if (fused) /* the state's words in locals: stores to buf cannot
               ** change them, so they are loaded once */
      fprintf(o, "  uint64_t s_[SW];\n  COPYW((uint8_t *)s_, state);\n"
                 "  state = (const uint8_t *)s_;\n");
    for (unsigned rep = 0; rep < (unroll ? pr->ninst : 1); rep++) {
    if (unroll)
      fprintf(o, "  {\n    const unsigned e = %uu;\n", rep);
    else
      fprintf(o, "  for (unsigned e = 0; e < %uu; e++) {\n", pr->ninst);
    fprintf(o, "    int64_t at = (int64_t)(GET%s(state, %uu + e * %uu, %u, "
               "UINT64_C(0x%" PRIx64 ")) + (uint64_t)INT64_C(%" PRId64 "));\n",
            one, f->bitoff, f->stride, f->width, bc_mask(f->width), f->lo);
    fprintf(o, "    int64_t self = INT64_C(%" PRId64 ") + (int64_t)e;\n"
               "    int64_t next = 0;\n    int rc;\n    (void)self;\n"
               "    switch (at) {\n", pr->lo);
    for (unsigned k = 0; k < pr->nsteps; k++) {
      unsigned step = pr->first_step + k;
      uint32_t code = p->steps[step].code;
      uint32_t to = block_end(p, starts, nstarts, code);
      bool branch = block_may_branch(p, code, to);
      bool single = fused && block_one_choice(p, code, to);
      fprintf(o, "    case %u:\n", k);
      if (single) /* paths ch_ + 1, as the odometer's below */
        fprintf(o, "      *cx->script_len = 0;\n      for (uint32_t ch_ = 0, "
                   "nch_ = 1; ch_ < nch_; ch_++) {\n"
                   "        uint8_t *buf = (uint8_t *)(W_ + n_ * SW);\n"
                   "        uint32_t got_ = 0;\n"
                   "        if (((ch_ + 1) & 0xffff) == 0 && "
                   "cx->hook(cx, %uu, buf, self)) { cx->err_code = %d; "
                   "cx->err_pc = %uu; cx->err_var = -1; cx->err_value = 0; "
                   "SYNC_; where[0] = %uu + e; where[1] = %uu; return -1; }\n",
                BC_NATIVE_DEADLINE, BC_RT_TIME, code, pr->first_inst, step);
      else if (branch) /* the deadline is checked every 65536 paths (vm.c) */
        fprintf(o, "      *cx->script_len = 0;\n      for (uint32_t paths = "
                   "1;; paths++) {\n%s        if ((paths & 0xffff) == 0 && "
                   "cx->hook(cx, %uu, buf, self)) { cx->err_code = %d; "
                   "cx->err_pc = %uu; cx->err_var = -1; cx->err_value = 0; "
                   "%swhere[0] = %uu + e; where[1] = %uu; return -1; }\n",
                fused ? "        uint8_t *buf = (uint8_t *)(W_ + n_ * SW);\n"
                      : "",
                BC_NATIVE_DEADLINE, BC_RT_TIME, code, fused ? "SYNC_; " : "",
                pr->first_inst, step);
      else
        fprintf(o, "      {\n%s", fused ? "        uint8_t *buf = (uint8_t *)"
                                          "(W_ + n_ * SW);\n"
                                        : "");
      /* nchoice is read by CHOOSE only (and the bodies a HOOK runs) */
      fprintf(o, "        COPYW(buf, state);\n"
                 "        if (*%s) { for (unsigned v = 0; v < %u; "
                 "v++) %s[v] = 0; *%s = 0; }\n"
                 "%s"
                 "        rc = %c%u(cx, buf, self, &next%s);\n"
                 "        if (rc < 0) { %swhere[0] = %uu + e; where[1] = %uu; "
                 "return -1; }\n"
                 "        if (rc == 0) {\n"
                 "          SET%s(buf, %uu + e * %uu, UINT64_C(0x%" PRIx64 "), "
                 "(uint64_t)next - (uint64_t)INT64_C(%" PRId64 "));\n"
                 "          count++;\n",
              fused ? "av_" : "cx->any_viol", (unsigned)BC_VIOL_WORDS,
              fused ? "viol_" : "cx->viol", fused ? "av_" : "cx->any_viol",
              (branch && !single) || !fused ? "        cx->nchoice = 0;\n"
                                            : "",
              single ? 'c' : 'f', code, single ? ", ch_, &got_" : "",
              fused ? "SYNC_; " : "", pr->first_inst, step, one,
              f->bitoff, f->stride, bc_mask(f->width), f->lo);
      if (fused)
        fprintf(o, "          if (*av_) out->viol(out, how_, viol_);\n"
                   "          PA_[n_] = par_;\n"
                   "          HO_[n_] = how_++;\n"
                   "          if (++n_ >= lim_) {\n"
                   "            SYNC_;\n"
                   "            if (out->grow(out)) { *stopped = 1; "
                   "return count; }\n"
                   "            W_ = out->words; PA_ = out->parent; "
                   "HO_ = out->how; lim_ = out->lim;\n"
                   "          }\n"
                   "        }\n");
      else
        fprintf(o, "          if (fn(fctx, buf, %uu + e, %uu, *cx->any_viol ? "
                   "cx->viol : 0)) { *stopped = 1; return count; }\n"
                   "        }\n",
                pr->first_inst, step);
      if (single)
        fprintf(o, "        if (ch_ == 0 && got_) nch_ = got_;\n"
                   "      }\n      break;\n");
      else if (branch)
        fprintf(o, "        unsigned j = *cx->script_len;\n"
                   "        while (j > 0 && cx->choice[j - 1] + 1 >= "
                   "cx->choice_n[j - 1]) j--;\n"
                   "        if (j == 0) break;\n"
                   "        cx->choice[j - 1]++;\n"
                   "        *cx->script_len = j;\n      }\n      break;\n");
      else
        fprintf(o, "      }\n      break;\n");
    }
    fprintf(o, "    default:\n      break;\n    }\n  }\n");
    }
    fprintf(o, "%s  return count;\n}\n\n", fused ? "  SYNC_;\n" : "");
  }
  if (fused) {
    /* the whole program's successors, process after process */
    fprintf(o, "long bc_native_expand(struct bc_native_ctx *cx, "
               "const uint8_t *state, struct bc_native_out *out, "
               "unsigned *where, int *stopped) {\n  long count = 0, k;\n");
    for (size_t pi = 0; pi < p->nprocs; pi++)
      fprintf(o, "  k = Q%zu(cx, state, out, where, stopped);\n"
                 "  if (k < 0) return -1;\n  count += k;\n"
                 "  if (*stopped) return count;\n", pi);
    fprintf(o, "  (void)k;\n  return count;\n}\n\n");
  }
}

/*
** The spec's path in the generated file's first comment. It is user text:
** every byte but letters, digits and ". _ - + /" is written as \xHH, so no
** path can close the comment (a '*' followed by '/') or be read as a
** trigraph or a line continuation.
*/
static void put_path_comment(FILE *o, const char *path) {
  for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
        (*c >= '0' && *c <= '9') || strchr("._-+/", *c))
      fputc(*c, o);
    else
      fprintf(o, "\\x%02x", *c);
  }
}

int bc_native_generate(const struct bc_program *p, unsigned flags,
                       FILE *o) {
  uint32_t *starts;
  size_t n = block_starts(p, &starts);
  unsigned char *cross = word_crossing(p);
  /* the blocks partial-order reduction runs with footprints recorded:
  ** steps and placement bodies (constraint expressions are evaluated
  ** without); with BC_NATIVE_TRACKED only */
  bool *tracks = bc_xcalloc(n + 1, sizeof *tracks);
  for (size_t i = 0; i < n && (flags & BC_NATIVE_TRACKED); i++) {
    for (size_t k = 0; k < p->nsteps && !tracks[i]; k++)
      tracks[i] = p->steps[k].code == starts[i];
    for (size_t k = 0; k < p->nplacements && !tracks[i]; k++)
      tracks[i] = p->placements[k].code == starts[i];
  }
  fputs("/* generated by bootcheck from ", o);
  put_path_comment(o, p->path ? p->path : "");
  fprintf(o, ": do not edit */\n%s#define DIRTY_CAP %uu\n%s\n", abi_text,
          BC_NATIVE_DIRTY, track_text);
  for (size_t i = 0; i < n; i++) {
    uint32_t to = i + 1 < n ? starts[i + 1] : (uint32_t)p->ncode;
    gen_block(o, p, cross, starts[i], to, false, false);
    if (block_one_choice(p, starts[i], to))
      gen_block(o, p, cross, starts[i], to, true, false);
    if (tracks[i])
      gen_block(o, p, cross, starts[i], to, false, true);
  }
  fprintf(o, "typedef int (*fn_t)(struct bc_native_ctx *, uint8_t *, int64_t,"
             " int64_t *);\n");
  fprintf(o, "const unsigned bc_native_count = %zu;\n", n);
  fprintf(o, "const uint32_t bc_native_pcs[] = {");
  for (size_t i = 0; i < n; i++)
    fprintf(o, "%s%u", i ? ", " : "", starts[i]);
  fprintf(o, "%s};\nconst fn_t bc_native_fns[] = {", n ? "" : "0");
  for (size_t i = 0; i < n; i++)
    fprintf(o, "%sf%u", i ? ", " : "", starts[i]);
  fprintf(o, "%s};\nconst fn_t bc_native_tfns[] = {", n ? "" : "0");
  for (size_t i = 0; i < n; i++)
    if (tracks[i])
      fprintf(o, "%st%u", i ? ", " : "", starts[i]);
    else
      fprintf(o, "%s0", i ? ", " : "");
  fprintf(o, "%s};\n", n ? "" : "0");
  fprintf(o, "typedef int (*succ_fn)(void *, const uint8_t *, unsigned, "
             "unsigned, const uint64_t *);\n\n");
  gen_procs(o, p, cross, starts, n, false);
  fprintf(o, "#define SW %zuu\n#define SYNC_ (out->n = n_, out->next_how = "
             "how_)\n", (p->state_bytes + 7) / 8);
  gen_procs(o, p, cross, starts, n, true);
  fprintf(o, "typedef long (*proc_t)(struct bc_native_ctx *, const uint8_t *,"
             " uint8_t *, succ_fn, void *, unsigned *, int *);\n");
  fprintf(o, "const unsigned bc_native_nprocs = %zu;\n", p->nprocs);
  fprintf(o, "const proc_t bc_native_procs[] = {");
  for (size_t i = 0; i < p->nprocs; i++)
    fprintf(o, "%sP%zu", i ? ", " : "", i);
  fprintf(o, "%s};\n", p->nprocs ? "" : "0");
  free(starts);
  free(cross);
  free(tracks);
  return ferror(o) ? -1 : 0;
}

/*
** Run $CC (cc by default) on 'src' into 'so', its output going to 'log'.
** No shell: $CC is split at blanks into words (so "ccache gcc" and
** "gcc -m64" work) and every path is one argument, whatever it holds.
** Returns the compiler's exit status, or -1 if it could not be run.
*/
struct bc_native_job;
static bool job_spawned(struct bc_native_job *j, pid_t pid);
static void job_reaped(struct bc_native_job *j);

static int run_cc(const char *cc, const char *src, const char *so,
                  const char *log, struct bc_native_job *job) {
  char *words = bc_xstrdup(cc);
  char *argv[64];
  size_t argc = 0; /* $CC's words leave room for 8 more and the NULL */
  for (char *w = strtok(words, " \t\n"); w && argc < 64 - 9;
       w = strtok(NULL, " \t\n"))
    argv[argc++] = w;
  if (argc == 0) {
    free(words);
    return -1;
  }
  /* keep CC_FLAGS below in step: the flags are part of the cache key */
  static char o2[] = "-O2", peel[] = "-fpeel-loops", fpic[] = "-fPIC",
              shared[] = "-shared", w[] = "-w", o[] = "-o";
  argv[argc++] = o2;
  argv[argc++] = peel;
  argv[argc++] = fpic;
  argv[argc++] = shared;
  argv[argc++] = w;
  argv[argc++] = o;
  argv[argc++] = (char *)so;
  argv[argc++] = (char *)src;
  argv[argc] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  int rc = -1;
  pid_t pid;
  if (posix_spawn_file_actions_init(&fa) != 0) {
    free(words);
    return -1;
  }
  if (posix_spawnattr_init(&at) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    free(words);
    return -1;
  }
  /* a background build's compiler in a process group of its own, so that
  ** bc_native_cancel stops the driver and the programs it runs together
  ** (SIGTERM: the driver removes its temporary files) */
  sigset_t none, dfl;
  sigemptyset(&none); /* the job's thread blocks every signal: not cc */
  sigemptyset(&dfl);
  sigaddset(&dfl, SIGTERM);
  sigaddset(&dfl, SIGINT);
  if (job && (posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
                                                POSIX_SPAWN_SETSIGMASK |
                                                POSIX_SPAWN_SETSIGDEF) != 0 ||
              posix_spawnattr_setpgroup(&at, 0) != 0 ||
              posix_spawnattr_setsigmask(&at, &none) != 0 ||
              posix_spawnattr_setsigdefault(&at, &dfl) != 0))
    goto out;
  if (posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log,
                                       O_WRONLY | O_CREAT | O_TRUNC,
                                       0600) == 0 &&
      posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO) ==
          0 &&
      posix_spawnp(&pid, argv[0], &fa, &at, argv, environ) == 0) {
    int status;
    bool killed = !job_spawned(job, pid);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
    job_reaped(job);
    rc = killed ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
out:
  posix_spawnattr_destroy(&at);
  posix_spawn_file_actions_destroy(&fa);
  free(words);
  return rc;
}

#define CC_FLAGS "-O2 -fpeel-loops -fPIC -shared -w"

/*
** The loaded object's tables into 'nat'. 'key' (when not NULL) must equal
** the object's bc_native_key: a cache file built for another program (or
** cut short) is not used. Returns 0, or -1 with a message in err.
*/
static int resolve(struct bc_native *nat, const struct bc_program *p,
                   const char *key, const char *so, char *err,
                   size_t errlen) {
  const unsigned *count = dlsym(nat->dl, "bc_native_count");
  const uint32_t *pcs = dlsym(nat->dl, "bc_native_pcs");
  const bc_native_fn *fns = dlsym(nat->dl, "bc_native_fns");
  const bc_native_fn *tfns = dlsym(nat->dl, "bc_native_tfns");
  const unsigned *nprocs = dlsym(nat->dl, "bc_native_nprocs");
  const bc_native_proc_fn *procs = dlsym(nat->dl, "bc_native_procs");
  const char *okey = dlsym(nat->dl, "bc_native_key");
  bc_native_expand_fn expand;
  *(void **)&expand = dlsym(nat->dl, "bc_native_expand");
  if (!count || !pcs || !fns || !tfns || !nprocs || !procs || !okey || !expand ||
      *nprocs != p->nprocs || (key && strncmp(okey, key, 65) != 0)) {
    snprintf(err, errlen, "%s lacks its tables", so);
    return -1;
  }
  nat->nprocs = p->nprocs;
  nat->procs = procs;
  nat->expand = expand;
  nat->ncode = p->ncode;
  nat->by_pc = bc_xcalloc(p->ncode + 1, sizeof *nat->by_pc);
  nat->tracked_by_pc = bc_xcalloc(p->ncode + 1, sizeof *nat->tracked_by_pc);
  for (unsigned i = 0; i < *count; i++)
    if (pcs[i] < p->ncode) {
      nat->by_pc[pcs[i]] = fns[i];
      nat->tracked_by_pc[pcs[i]] = tfns[i];
    }
  return 0;
}

/*
** The cache key: SHA-256 of the generated source, the compiler command,
** its flags, the identity (device, inode, size, modification time) of
** every word of $CC found as a file (the compiler and, say, ccache: an
** upgraded compiler is another key) and the machine type.
*/
static void cache_key(const char *text, size_t len, const char *cc,
                      char key[65]) {
  char *buf = NULL;
  size_t blen = 0;
  FILE *m = open_memstream(&buf, &blen);
  if (!m) {
    bc_sha256_hex(text, len, key); /* no key without the compiler: */
    key[0] = 'x';                  /* never equal to a real one */
    return;
  }
  struct utsname u;
  /* the generator's version: the text is hashed below, so a change to
  ** what is generated is a new key anyway; this names the ABI */
  fprintf(m, "bootcheck native model 5\ncc=%s\nflags=%s\nmachine=%s\n", cc,
          CC_FLAGS, uname(&u) == 0 ? u.machine : "?");
  char *words = bc_xstrdup(cc);
  const char *path = getenv("PATH");
  for (char *w = strtok(words, " \t\n"); w; w = strtok(NULL, " \t\n")) {
    if (*w == '-')
      continue;
    struct stat st;
    char full[PATH_MAX];
    bool found = false;
    if (strchr(w, '/')) {
      found = stat(w, &st) == 0;
    } else if (path) {
      for (const char *d = path; !found;) {
        size_t dl = strcspn(d, ":");
        int k = snprintf(full, sizeof full, "%.*s/%s", (int)dl, dl ? d : ".",
                         w);
        if (k > 0 && (size_t)k < sizeof full && stat(full, &st) == 0 &&
            S_ISREG(st.st_mode))
          found = true;
        if (!d[dl])
          break;
        d += dl + 1;
      }
    }
    if (found)
      fprintf(m, "file=%s %ju %ju %jd %jd.%09ld\n", w, (uintmax_t)st.st_dev,
              (uintmax_t)st.st_ino, (intmax_t)st.st_size,
              (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
  }
  free(words);
  fwrite(text, 1, len, m);
  fclose(m);
  bc_sha256_hex(buf, blen, key);
  free(buf);
}

int bc_native_cache_dir(char *buf, size_t len) {
  const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  int k;
  if (x && x[0] == '/') /* relative values are invalid (XDG base dirs) */
    k = snprintf(buf, len, "%s/bootcheck", x);
  else if (home && *home)
    k = snprintf(buf, len, "%s/.cache/bootcheck", home);
  else
    return -1;
  return k > 0 && (size_t)k < len ? 0 : -1;
}

/*
** Open the cache directory (made, mode 0700, with its parent, when
** missing). It must be a directory, not a symbolic link, owned by the
** effective user and writable by nobody else: other users could otherwise
** plant code that this process loads. Returns its descriptor, or -1 with
** the reason in 'note'.
*/
static int cache_open(const char *dir, char *note, size_t notelen) {
  char parent[PATH_MAX];
  if (snprintf(parent, sizeof parent, "%s", dir) < (int)sizeof parent) {
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
      *slash = '\0';
      (void)mkdir(parent, 0700);
    }
  }
  (void)mkdir(dir, 0700);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    snprintf(note, notelen, "native model not cached: cannot open %s: %s",
             dir, strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) ||
      st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
    snprintf(note, notelen, "native model not cached: %s is not a "
                            "directory owned by you and writable only by "
                            "you", dir);
    close(fd);
    return -1;
  }
  return fd;
}

/* A cached object, or NULL (absent, not ours, or not loadable). */
static struct bc_native *cache_lookup(int dfd, const char *dir,
                                      const char *key,
                                      const struct bc_program *p,
                                      char *note, size_t notelen) {
  char name[80], path[PATH_MAX + 96], err[256];
  snprintf(name, sizeof name, "%s.so", key);
  int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
    snprintf(note, notelen, "native model rebuilt: the cached %s/%s is not "
                            "owned by you or is writable by others",
             dir, name);
    close(fd);
    return NULL;
  }
  /* used now: the last to go when the cache is trimmed (cache_trim) */
  const struct timespec used[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
  (void)futimens(fd, used);
  struct bc_native *nat = bc_xcalloc(1, sizeof *nat);
  /* load the file just checked, not whatever the name means by now */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  nat->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!nat->dl) { /* no /proc: the directory is ours alone (above) */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    nat->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  }
  close(fd);
  if (!nat->dl || resolve(nat, p, key, path, err, sizeof err) != 0) {
    if (nat->dl)
      dlclose(nat->dl);
    free(nat);
    return NULL; /* rebuilt and replaced */
  }
  return nat;
}

/*
** Copy the built object 'so' into the cache as KEY.so: written to a new
** file of our own (O_EXCL, mode 0600) and renamed over the name, so that
** concurrent runs each see a whole file, theirs or another's.
*/
static void cache_store(int dfd, const char *dir, const char *key,
                        const char *so, char *note, size_t notelen) {
  char name[80], tmp[128];
  snprintf(name, sizeof name, "%s.so", key);
  int in = open(so, O_RDONLY | O_CLOEXEC), out = -1;
  if (in < 0)
    return;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  for (unsigned i = 0; i < 16 && out < 0; i++) {
    snprintf(tmp, sizeof tmp, ".%.16s.%ld.%ld.%u.tmp", key, (long)getpid(),
             (long)ts.tv_nsec, i);
    out = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                               O_CLOEXEC, 0600);
    if (out < 0 && errno != EEXIST)
      break;
  }
  bool ok = out >= 0;
  char buf[65536];
  ssize_t n;
  while (ok && (n = read(in, buf, sizeof buf)) != 0) {
    if (n < 0) {
      ok = errno == EINTR;
      continue;
    }
    for (ssize_t w = 0; ok && w < n;) {
      ssize_t k = write(out, buf + w, (size_t)(n - w));
      if (k > 0)
        w += k;
      else if (k < 0 && errno != EINTR)
        ok = false;
    }
  }
  close(in);
  if (out >= 0 && close(out) != 0)
    ok = false;
  if (ok && renameat(dfd, tmp, dfd, name) != 0)
    ok = false;
  if (!ok) {
    snprintf(note, notelen, "native model not cached: cannot write in %s: %s",
             dir, strerror(errno));
    if (out >= 0)
      unlinkat(dfd, tmp, 0);
  }
}

int bc_native_cache_limit(uint64_t *bytes, char *why, size_t whylen) {
  const char *s = getenv("BOOTCHECK_CACHE_SIZE");
  size_t v;
  *bytes = BC_NATIVE_CACHE_SIZE;
  if (!s || !*s)
    return 0;
  if (!bc_parse_size(s, &v)) {
    snprintf(why, whylen, "$BOOTCHECK_CACHE_SIZE is '%.40s', not a size "
             "(such as 512M or 4G)", s);
    return -1;
  }
  *bytes = v;
  return 0;
}

/* A built model's name in the cache: 64 hex digits and ".so". */
static bool model_name(const char *n) {
  size_t k = strspn(n, "0123456789abcdef");
  return k == 64 && strcmp(n + k, ".so") == 0;
}

/* A file cache_store() writes and renames: ".<key>.<pid>...tmp". */
static bool temp_name(const char *n) {
  size_t k = strlen(n);
  return n[0] == '.' && k > 5 && strcmp(n + k - 4, ".tmp") == 0;
}

struct centry {
  char name[72];
  off_t size;
  struct timespec used; /* modification time: stored or last loaded */
};

static int centry_cmp(const void *a, const void *b) {
  const struct centry *x = a, *y = b;
  if (x->used.tv_sec != y->used.tv_sec)
    return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
  if (x->used.tv_nsec != y->used.tv_nsec)
    return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* A temporary file older than this is a copy whose run was killed. */
#define STALE_TEMP_SECONDS 3600

/*
** Keep the cache within bc_native_cache_limit(): remove the built models
** used longest ago (their modification time: cache_lookup sets it on each
** load) until the rest hold at most the limit, and temporary files left
** by killed runs. Only files of the cache's own names, owned by the user,
** are looked at. A run that has a removed model loaded keeps it (the
** mapping outlives the name); one that looks it up next builds it again.
** Concurrent trims may both remove a file: the second's unlink fails.
*/
static void cache_trim(int dfd) {
  uint64_t cap;
  char why[8];
  (void)bc_native_cache_limit(&cap, why, sizeof why);
  int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0)
      close(fd);
    return;
  }
  struct centry *e = NULL;
  size_t n = 0, cap_e = 0;
  uint64_t total = 0;
  time_t now = time(NULL);
  const struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    bool model = model_name(de->d_name);
    if (!model && !temp_name(de->d_name))
      continue;
    struct stat st;
    if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISREG(st.st_mode) || st.st_uid != geteuid())
      continue;
    if (!model) {
      if (now - st.st_mtim.tv_sec > STALE_TEMP_SECONDS)
        (void)unlinkat(dfd, de->d_name, 0);
      continue;
    }
    if (n == cap_e) {
      cap_e = cap_e ? 2 * cap_e : 256;
      e = bc_xrealloc(e, cap_e * sizeof *e);
    }
    memcpy(e[n].name, de->d_name, 64 + sizeof ".so"); /* model_name() */
    e[n].size = st.st_size;
    e[n].used = st.st_mtim;
    total += (uint64_t)st.st_size;
    n++;
  }
  closedir(d);
  if (total > cap) {
    qsort(e, n, sizeof *e, centry_cmp);
    for (size_t i = 0; i < n && total > cap; i++)
      if (unlinkat(dfd, e[i].name, 0) == 0 || errno == ENOENT)
        total -= (uint64_t)e[i].size;
  }
  free(e);
}

/*
** The first line of the compiler's output in 'log' that says "error" (else
** its first line), appended to 'err' after ": ", at most 160 bytes of it.
*/
static void first_error(const char *log, char *err, size_t errlen) {
  FILE *f = fopen(log, "r");
  char line[512], first[512] = "";
  bool found = false;
  while (f && !found && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (!first[0])
      snprintf(first, sizeof first, "%s", line);
    found = strstr(line, "error") != NULL;
  }
  if (f)
    fclose(f);
  const char *what = found ? line : first;
  size_t k = strlen(err);
  if (what[0] && k + 3 < errlen)
    snprintf(err + k, errlen - k, ": %.160s", what);
}

/* How load() goes about it: build on a cache miss (keeping a failed
** build's files for the user, or not: tidy), or only look in the cache. */
enum load_mode { LOAD_KEEP, LOAD_TIDY, LOAD_LOOKUP };

static struct bc_native *load(const struct bc_program *p, unsigned flags,
                              const char *cache, enum load_mode mode,
                              struct bc_native_job *job, char *note,
                              size_t notelen, char *err, size_t errlen);

struct bc_native *bc_native_load(const struct bc_program *p, unsigned flags,
                                 const char *cache, char *note,
                                 size_t notelen, char *err, size_t errlen) {
  return load(p, flags, cache, LOAD_KEEP, NULL, note, notelen, err, errlen);
}

struct bc_native *bc_native_try(const struct bc_program *p, unsigned flags,
                                const char *cache, char *note,
                                size_t notelen, char *err, size_t errlen) {
  return load(p, flags, cache, LOAD_TIDY, NULL, note, notelen, err, errlen);
}

/* ------------------------------------------------------------------------
** A build in the background (bc_native_start): bc_native_try in a thread,
** whose compiler the caller may kill (bc_native_cancel).
*/

struct bc_native_job {
  pthread_t thread;
  pthread_mutex_t mu;
  const struct bc_program *p;
  unsigned flags;
  char cache[PATH_MAX]; /* "" : none */
  pid_t pid;            /* the compiler while it runs, else 0 */
  bool cancelled;
  bool done;            /* job_main has its result (signals 'ended') */
  pthread_cond_t ended;
  struct bc_native *result;
  char note[PATH_MAX + 128], err[PATH_MAX + 512];
};

/* The compiler 'pid' was started for 'j' (NULL: no job): false when the
** job was cancelled meanwhile (then it is killed). */
static bool job_spawned(struct bc_native_job *j, pid_t pid) {
  if (!j)
    return true;
  pthread_mutex_lock(&j->mu);
  bool ok = !j->cancelled;
  if (ok)
    j->pid = pid;
  else
    kill(-pid, SIGTERM);
  pthread_mutex_unlock(&j->mu);
  return ok;
}

static void job_reaped(struct bc_native_job *j) {
  if (!j)
    return;
  pthread_mutex_lock(&j->mu);
  j->pid = 0;
  pthread_mutex_unlock(&j->mu);
}

static void *job_main(void *arg) {
  struct bc_native_job *j = arg;
  j->result = load(j->p, j->flags, j->cache[0] ? j->cache : NULL, LOAD_TIDY,
                   j, j->note, sizeof j->note, j->err, sizeof j->err);
  pthread_mutex_lock(&j->mu);
  j->done = true;
  pthread_cond_broadcast(&j->ended);
  pthread_mutex_unlock(&j->mu);
  return NULL;
}

struct bc_native_job *bc_native_start(const struct bc_program *p,
                                      unsigned flags, const char *cache,
                                      struct bc_native **ret) {
  char note[8], err[8];
  *ret = cache ? load(p, flags, cache, LOAD_LOOKUP, NULL, note, sizeof note,
                      err, sizeof err)
               : NULL;
  if (*ret)
    return NULL;
  struct bc_native_job *j = bc_xcalloc(1, sizeof *j);
  j->p = p;
  j->flags = flags;
  if (cache)
    snprintf(j->cache, sizeof j->cache, "%s", cache);
  pthread_mutex_init(&j->mu, NULL);
  pthread_cond_init(&j->ended, NULL);
  /* signals (an interrupt) are for the search's threads */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int rc = pthread_create(&j->thread, NULL, job_main, j);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) {
    pthread_cond_destroy(&j->ended);
    pthread_mutex_destroy(&j->mu);
    free(j);
    return NULL;
  }
  return j;
}

struct bc_native *bc_native_finish(struct bc_native_job *j, char *note,
                                   size_t notelen, char *err,
                                   size_t errlen) {
  pthread_join(j->thread, NULL);
  snprintf(note, notelen, "%s", j->note);
  snprintf(err, errlen, "%s", j->err);
  struct bc_native *n = j->result;
  pthread_cond_destroy(&j->ended);
  pthread_mutex_destroy(&j->mu);
  free(j);
  return n;
}

bool bc_native_built(struct bc_native_job *j) {
  pthread_mutex_lock(&j->mu);
  bool built = j->done && j->result;
  pthread_mutex_unlock(&j->mu);
  return built;
}

void bc_native_cancel(struct bc_native_job *j) {
  if (!j)
    return;
  pthread_mutex_lock(&j->mu);
  j->cancelled = true;
  if (j->pid > 0)
    kill(-j->pid, SIGTERM); /* its process group (run_cc) */
  pthread_mutex_unlock(&j->mu);
  char note[8], err[8];
  bc_native_free(bc_native_finish(j, note, sizeof note, err, sizeof err));
}

void bc_native_cancel_after(struct bc_native_job *j, double seconds,
                            const volatile sig_atomic_t *quit) {
  if (!j)
    return;
  /* in steps of at most 0.1 s, to see *quit (an interrupt) soon */
  double left = seconds < 1e6 ? seconds : 1e6;
  pthread_mutex_lock(&j->mu);
  while (!j->done && left > 0 && !(quit && *quit)) {
    double step = left < 0.1 ? left : 0.1;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    long ns = until.tv_nsec + (long)(step * 1e9);
    until.tv_sec += ns / 1000000000L;
    until.tv_nsec = ns % 1000000000L;
    pthread_cond_timedwait(&j->ended, &j->mu, &until);
    left -= step;
  }
  pthread_mutex_unlock(&j->mu);
  bc_native_cancel(j); /* nothing left to stop when it ended */
}

/*
** Whether the first word of $CC (default "cc") names an executable file:
** a path as given, else a file in a folder of $PATH. When it does not,
** 'why' says so in a few words.
*/
bool bc_native_cc_found(char *why, size_t whylen) {
  const char *cc = getenv("CC");
  if (!cc || !*cc)
    cc = "cc";
  size_t skip = strspn(cc, " \t\n"), n = strcspn(cc + skip, " \t\n");
  char word[PATH_MAX], full[PATH_MAX];
  if (n == 0 || n >= sizeof word) {
    snprintf(why, whylen, "$CC names no compiler");
    return false;
  }
  memcpy(word, cc + skip, n);
  word[n] = '\0';
  struct stat st;
  if (strchr(word, '/')) {
    if (stat(word, &st) == 0 && S_ISREG(st.st_mode) &&
        access(word, X_OK) == 0)
      return true;
    snprintf(why, whylen, "no C compiler: %.200s is not an executable file",
             word);
    return false;
  }
  const char *path = getenv("PATH");
  for (const char *d = path ? path : ""; path;) {
    size_t dl = strcspn(d, ":");
    int k = snprintf(full, sizeof full, "%.*s/%s", (int)dl, dl ? d : ".",
                     word);
    if (k > 0 && (size_t)k < sizeof full && stat(full, &st) == 0 &&
        S_ISREG(st.st_mode) && access(full, X_OK) == 0)
      return true;
    if (!d[dl])
      break;
    d += dl + 1;
  }
  snprintf(why, whylen, "no C compiler: %.200s is not on $PATH", word);
  return false;
}

static struct bc_native *load(const struct bc_program *p, unsigned flags,
                              const char *cache, enum load_mode mode,
                              struct bc_native_job *job, char *note,
                              size_t notelen, char *err, size_t errlen) {
  bool tidy = mode != LOAD_KEEP;
  char nbuf[8];
  if (!note || !notelen) {
    note = nbuf;
    notelen = sizeof nbuf;
  }
  note[0] = '\0';
  const char *cc = getenv("CC");
  if (!cc || !*cc)
    cc = "cc";

  /* the source, and its key written into it */
  char *text = NULL, key[65];
  size_t tlen = 0;
  FILE *m = open_memstream(&text, &tlen);
  if (!m || bc_native_generate(p, flags, m) != 0 || fflush(m) != 0) {
    if (m)
      fclose(m);
    free(text);
    snprintf(err, errlen, "out of memory generating C");
    return NULL;
  }
  cache_key(text, tlen, cc, key);
  fprintf(m, "const char bc_native_key[] = \"%s\";\n", key);
  if (fclose(m) != 0) {
    free(text);
    snprintf(err, errlen, "out of memory generating C");
    return NULL;
  }

  int dfd = cache ? cache_open(cache, note, notelen) : -1;
  if (dfd >= 0) {
    struct bc_native *hit = cache_lookup(dfd, cache, key, p, note, notelen);
    if (hit) {
      close(dfd);
      free(text);
      return hit;
    }
  }
  if (mode == LOAD_LOOKUP) {
    if (dfd >= 0)
      close(dfd);
    free(text);
    snprintf(err, errlen, "not in the cache");
    return NULL;
  }

  struct bc_native *nat = bc_xcalloc(1, sizeof *nat);
  const char *tmp = getenv("TMPDIR");
  char src[PATH_MAX + 16], so[PATH_MAX + 16], log[PATH_MAX + 16];
  int len = snprintf(nat->dir, sizeof nat->dir, "%s/bootcheck-native-XXXXXX",
                     tmp && *tmp ? tmp : "/tmp");
  if (len < 0 || (size_t)len >= sizeof nat->dir) {
    snprintf(err, errlen, "cannot make a temporary directory: $TMPDIR is "
                          "too long");
    goto fail_early;
  }
  if (!mkdtemp(nat->dir)) {
    snprintf(err, errlen, "cannot make a temporary directory in %s "
             "($TMPDIR): %s", tmp && *tmp ? tmp : "/tmp", strerror(errno));
    goto fail_early;
  }
  snprintf(src, sizeof src, "%s/model.c", nat->dir);
  snprintf(so, sizeof so, "%s/model.so", nat->dir);
  snprintf(log, sizeof log, "%s/cc.log", nat->dir);
  FILE *f = fopen(src, "w");
  errno = 0;
  /* fclose even after a failed write; errno says why (a full $TMPDIR) */
  int bad = !f || fwrite(text, 1, tlen, f) != tlen;
  int e = errno;
  if ((f && fclose(f) != 0) || bad) {
    snprintf(err, errlen, "cannot write %s: %s", src,
             strerror(e ? e : errno ? errno : EIO));
    goto fail;
  }
  int rc = run_cc(cc, src, so, log, job);
  if (rc != 0 && tidy) {
    snprintf(err, errlen, "the C compiler failed (%s)", cc);
    first_error(log, err, errlen);
    goto fail_keep;
  }
  if (rc != 0) {
    snprintf(err, errlen, "the C compiler failed (%s); see %s", cc, log);
    goto fail_keep;
  }
  nat->dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
  if (!nat->dl) {
    snprintf(err, errlen, "cannot load %s: %s", so, dlerror());
    goto fail_keep;
  }
  if (resolve(nat, p, key, so, err, errlen) != 0)
    goto fail_keep;
  if (dfd >= 0) {
    cache_store(dfd, cache, key, so, note, notelen);
    cache_trim(dfd);
  }
  /* the loaded object stays mapped; the files can go */
  unlink(src);
  unlink(so);
  unlink(log);
  rmdir(nat->dir);
  if (dfd >= 0)
    close(dfd);
  free(text);
  return nat;

fail:
  unlink(src);
  rmdir(nat->dir);
fail_early:
  free(nat);
  if (dfd >= 0)
    close(dfd);
  free(text);
  return NULL;
fail_keep: /* keep the files for the user to look at, unless 'tidy' */
  if (tidy) {
    unlink(src);
    unlink(so);
    unlink(log);
    rmdir(nat->dir);
  }
  if (nat->dl)
    dlclose(nat->dl);
  free(nat);
  if (dfd >= 0)
    close(dfd);
  free(text);
  return NULL;
}

struct bc_native *bc_native_build(const struct bc_program *p, unsigned flags,
                                  char *err, size_t errlen) {
  return bc_native_load(p, flags, NULL, NULL, 0, err, errlen);
}

void bc_native_free(struct bc_native *n) {
  if (!n)
    return;
  if (n->dl)
    dlclose(n->dl);
  free(n->by_pc);
  free(n->tracked_by_pc);
  free(n);
}

bc_native_fn bc_native_at(const struct bc_native *n, uint32_t pc) {
  return pc < n->ncode ? n->by_pc[pc] : NULL;
}

bc_native_fn bc_native_tracked_at(const struct bc_native *n, uint32_t pc) {
  return pc < n->ncode ? n->tracked_by_pc[pc] : NULL;
}

bc_native_expand_fn bc_native_expand(const struct bc_native *n) {
  return n->expand;
}

bc_native_proc_fn bc_native_proc(const struct bc_native *n, size_t pi) {
  return pi < n->nprocs ? n->procs[pi] : NULL;
}
