/*
** native.c - bytecode to C, built with the system C compiler and loaded.
**
** Each block of the program (a step, a placement body, a constraint
** expression) becomes one C function. The operand stack is static: the
** depth at every instruction is known, so stack slot k is the local S[k]
** and the compiler keeps it in a register. Field offsets, widths and bounds
** are constants in the code. Everything else (choices, violations, hooks,
** errors) goes through the same context the interpreter uses.
*/
#include "model/native.h"

#include "bootcheck/arena.h"
#include "front/compile_int.h"

#include <assert.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct bc_native {
  void *dl;
  size_t ncode;
  bc_native_fn *by_pc; /* ncode entries, NULL where no block starts */
  size_t nprocs;
  const bc_native_proc_fn *procs; /* nprocs entries (in the object) */
  char dir[PATH_MAX];
};

/* Pasted into the generated file: must match struct bc_native_ctx. */
static const char abi_text[] =
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
    "};\n"
    "static inline uint64_t GET(const uint8_t *s, uint32_t off, unsigned w,\n"
    "                           uint64_t m) {\n"
    "  uint64_t x;\n"
    "  __builtin_memcpy(&x, s + (off >> 3), 8);\n"
    "  (void)w;\n"
    "  return (x >> (off & 7)) & m;\n"
    "}\n"
    "static inline void SET(uint8_t *s, uint32_t off, uint64_t m,\n"
    "                       uint64_t v) {\n"
    "  uint64_t x, mm = m << (off & 7);\n"
    "  __builtin_memcpy(&x, s + (off >> 3), 8);\n"
    "  x = (x & ~mm) | ((v << (off & 7)) & mm);\n"
    "  __builtin_memcpy(s + (off >> 3), &x, 8);\n"
    "}\n"
    "static inline int64_t NTH(uint64_t s, int64_t i) {\n"
    "  for (int64_t k = 0; k < i && s; k++) s &= s - 1;\n"
    "  return s ? __builtin_ctzll(s) : 0;\n"
    "}\n"
    "#define ERR(c, pc, v, x) do { cx->err_code = (c); cx->err_pc = (pc); \\\n"
    "  cx->err_var = (v); cx->err_value = (x); return -1; } while (0)\n"
    "#define VIOL(a) do { cx->viol[(a) / 64] |= (uint64_t)1 << ((a) % 64); \\\n"
    "  *cx->any_viol = 1; } while (0)\n";

/* Block boundaries: every step, placement and constraint expression. */
static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static size_t block_starts(const struct bc_program *p, uint32_t **ret) {
  size_t n = 0;
  uint32_t *v = bc_xcalloc(p->nsteps + p->nplacements + p->nconstraints + 1,
                           sizeof *v);
  for (size_t i = 0; i < p->nsteps; i++)
    v[n++] = p->steps[i].code;
  for (size_t i = 0; i < p->nplacements; i++)
    v[n++] = p->placements[i].code;
  for (size_t i = 0; i < p->nconstraints; i++) {
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_ALWAYS || k == BC_CK_REACHABLE || k == BC_CK_EVENTUALLY)
      v[n++] = p->constraints[i].code;
  }
  qsort(v, n, sizeof *v, cmp_u32);
  size_t m = 0; /* dedupe */
  for (size_t i = 0; i < n; i++)
    if (m == 0 || v[m - 1] != v[i])
      v[m++] = v[i];
  *ret = v;
  return m;
}

static bool ends_flow(unsigned op) {
  return op == BC_INS_JMP || op == BC_INS_GOTO || op == BC_INS_EXIT ||
         op == BC_INS_PRET || op == BC_INS_HALT;
}

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

static void gen_block(FILE *o, const struct bc_program *p, uint32_t from,
                      uint32_t to) {
  size_t n = to - from;
  int *depth = bc_xcalloc(n + 1, sizeof *depth);
  bool *target = bc_xcalloc(n + 1, sizeof *target);
  bool *dead = bc_xcalloc(n + 1, sizeof *dead);
  for (size_t i = 0; i <= n; i++)
    depth[i] = -1;
  depth[0] = 0;
  int maxd = 1;
  for (uint32_t pc = from; pc < to; pc++) {
    const struct bc_insn *in = &p->code[pc];
    size_t i = pc - from;
    if (depth[i] < 0) { /* no path reaches it (a JMP after a GOTO) */
      dead[i] = true;
      continue;
    }
    int d = depth[i], out = d + bc_opcode_effect(in->op);
    assert(out >= 0 && out < BC_VM_STACK); /* the compiler's maxdepth */
    if (out + 1 > maxd)
      maxd = out + 1;
    if (d + 1 > maxd)
      maxd = d + 1;
    if (in->op == BC_INS_JMP || in->op == BC_INS_JZ || in->op == BC_INS_JNZ) {
      if (in->b >= from && in->b <= to) {
        target[in->b - from] = true;
        assert(depth[in->b - from] < 0 || depth[in->b - from] == out);
        if (depth[in->b - from] < 0)
          depth[in->b - from] = out;
      }
    }
    assert(ends_flow(in->op) || depth[i + 1] < 0 || depth[i + 1] == out);
    if (!ends_flow(in->op) && depth[i + 1] < 0)
      depth[i + 1] = out;
  }
  fprintf(o, "static int f%u(struct bc_native_ctx *cx, uint8_t *st, "
             "int64_t self, int64_t *ret) {\n", from);
  fprintf(o, "  int64_t S[%d];\n  int64_t *L = cx->locals;\n  int64_t x_, "
             "y_;\n  uint32_t T_ = 0;\n  (void)L; (void)self; (void)ret; "
             "(void)x_; (void)y_; (void)st; (void)T_;\n", maxd + 1);
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
      fprintf(o, "S[%d] = (int64_t)(GET(st, %uu, %u, UINT64_C(0x%" PRIx64
                 ")) + (uint64_t)INT64_C(%" PRId64 "));",
              d, f->bitoff, f->width, bc_mask(f->width), f->lo);
      break;
    case BC_INS_LOADX:
      fprintf(o, "S[%d] = (int64_t)(GET(st, %uu + (uint32_t)S[%d] * %uu, %u, "
                 "UINT64_C(0x%" PRIx64 ")) + (uint64_t)INT64_C(%" PRId64 "));",
              d - 1, f->bitoff, d - 1, f->stride, f->width, bc_mask(f->width),
              f->lo);
      break;
    case BC_INS_STORE:
    case BC_INS_STOREX: {
      char x[16];
      snprintf(x, sizeof x, "S[%d]", d - 1);
      fprintf(o, "if (");
      store_check(o, p, in->b, x);
      fprintf(o, ") ERR(%d, %uu, %u, S[%d]); ", BC_RT_RANGE, pc, in->b, d - 1);
      if (in->op == BC_INS_STORE)
        fprintf(o, "SET(st, %uu, UINT64_C(0x%" PRIx64 "), (uint64_t)S[%d] - "
                   "(uint64_t)INT64_C(%" PRId64 "));",
                f->bitoff, bc_mask(f->width), d - 1, f->lo);
      else
        fprintf(o, "SET(st, %uu + (uint32_t)S[%d] * %uu, UINT64_C(0x%" PRIx64
                   "), (uint64_t)S[%d] - (uint64_t)INT64_C(%" PRId64 "));",
                f->bitoff, d - 2, f->stride, bc_mask(f->width), d - 1, f->lo);
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
      fprintf(o, "if (!S[%d]) return 1;", d - 1);
      break;
    case BC_INS_CHOOSE:
      fprintf(o, "{ int64_t n_ = S[%d]; if (n_ <= 0) return 1; if "
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
      fprintf(o, "{ int r_ = cx->hook(cx, %uu, st, self); if (r_) return "
                 "r_; }", in->a);
      break;
    case BC_INS_PRET:
      fprintf(o, "return 0;");
      break;
    case BC_INS_GOTO:
      fprintf(o, "*ret = %u; return 0;", in->a);
      break;
    case BC_INS_EXIT:
      fprintf(o, "*ret = S[%d]; return 0;", d - 1);
      break;
    default:
      fprintf(o, "ERR(%d, %uu, -1, 0);", BC_RT_UNREACHABLE, pc);
      break;
    }
    fputc('\n', o);
  }
  if (to == from || !ends_flow(p->code[to - 1].op))
    fprintf(o, "  ERR(%d, %uu, -1, 0);\n", BC_RT_UNREACHABLE, to);
  fprintf(o, "}\n\n");
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
** One successor function per process (bc_native_proc_fn): the loop of
** bc_vm_successors over its instances, with the pc read and written at
** constant offsets, a switch on the pc that calls the step's function
** directly (the C compiler may inline it), and the choice odometer only
** for steps that can branch. Same order, same results as the interpreter.
*/
static void gen_procs(FILE *o, const struct bc_program *p,
                      const uint32_t *starts, size_t nstarts) {
  size_t nb = p->state_bytes;
  for (size_t pi = 0; pi < p->nprocs; pi++) {
    const struct bc_proc *pr = &p->procs[pi];
    const struct bc_field *f = &p->fields[pr->pc_var];
    fprintf(o, "static long P%zu(struct bc_native_ctx *cx, "
               "const uint8_t *state, uint8_t *buf, succ_fn fn, void *fctx, "
               "unsigned *where, int *stopped) {\n", pi);
    fprintf(o, "  long count = 0;\n  for (unsigned e = 0; e < %uu; e++) {\n",
            pr->ninst);
    fprintf(o, "    int64_t at = (int64_t)(GET(state, %uu + e * %uu, %u, "
               "UINT64_C(0x%" PRIx64 ")) + (uint64_t)INT64_C(%" PRId64 "));\n",
            f->bitoff, f->stride, f->width, bc_mask(f->width), f->lo);
    fprintf(o, "    int64_t self = INT64_C(%" PRId64 ") + (int64_t)e;\n"
               "    int64_t next = 0;\n    int rc;\n    (void)self;\n"
               "    switch (at) {\n", pr->lo);
    for (unsigned k = 0; k < pr->nsteps; k++) {
      unsigned step = pr->first_step + k;
      uint32_t code = p->steps[step].code;
      size_t bi = 0;
      while (bi < nstarts && starts[bi] != code)
        bi++;
      uint32_t to = bi + 1 < nstarts ? starts[bi + 1] : (uint32_t)p->ncode;
      bool branch = block_may_branch(p, code, to);
      fprintf(o, "    case %u:\n", k);
      if (branch) /* the deadline is checked every 65536 paths (vm.c) */
        fprintf(o, "      *cx->script_len = 0;\n      for (uint32_t paths = "
                   "1;; paths++) {\n        if ((paths & 0xffff) == 0 && "
                   "cx->hook(cx, %uu, buf, self)) { cx->err_code = %d; "
                   "cx->err_pc = %uu; cx->err_var = -1; cx->err_value = 0; "
                   "where[0] = %uu + e; where[1] = %uu; return -1; }\n",
                BC_NATIVE_DEADLINE, BC_RT_TIME, code, pr->first_inst, step);
      else
        fprintf(o, "      {\n");
      fprintf(o, "        __builtin_memcpy(buf, state, %zu);\n"
                 "        if (*cx->any_viol) { for (unsigned v = 0; v < %u; "
                 "v++) cx->viol[v] = 0; *cx->any_viol = 0; }\n"
                 "        cx->nchoice = 0;\n"
                 "        rc = f%u(cx, buf, self, &next);\n"
                 "        if (rc < 0) { where[0] = %uu + e; where[1] = %uu; "
                 "return -1; }\n"
                 "        if (rc == 0) {\n"
                 "          SET(buf, %uu + e * %uu, UINT64_C(0x%" PRIx64 "), "
                 "(uint64_t)next - (uint64_t)INT64_C(%" PRId64 "));\n"
                 "          count++;\n"
                 "          if (fn(fctx, buf, %uu + e, %uu, *cx->any_viol ? "
                 "cx->viol : 0)) { *stopped = 1; return count; }\n"
                 "        }\n",
              nb, (unsigned)BC_VIOL_WORDS, code, pr->first_inst, step,
              f->bitoff, f->stride, bc_mask(f->width), f->lo,
              pr->first_inst, step);
      if (branch)
        fprintf(o, "        unsigned j = *cx->script_len;\n"
                   "        while (j > 0 && cx->choice[j - 1] + 1 >= "
                   "cx->choice_n[j - 1]) j--;\n"
                   "        if (j == 0) break;\n"
                   "        cx->choice[j - 1]++;\n"
                   "        *cx->script_len = j;\n      }\n      break;\n");
      else
        fprintf(o, "      }\n      break;\n");
    }
    fprintf(o, "    default:\n      break;\n    }\n  }\n"
               "  return count;\n}\n\n");
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

int bc_native_generate(const struct bc_program *p, FILE *o) {
  uint32_t *starts;
  size_t n = block_starts(p, &starts);
  fputs("/* generated by bootcheck from ", o);
  put_path_comment(o, p->path ? p->path : "");
  fprintf(o, ": do not edit */\n%s\n", abi_text);
  for (size_t i = 0; i < n; i++) {
    uint32_t to = i + 1 < n ? starts[i + 1] : (uint32_t)p->ncode;
    gen_block(o, p, starts[i], to);
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
  fprintf(o, "%s};\n", n ? "" : "0");
  fprintf(o, "typedef int (*succ_fn)(void *, const uint8_t *, unsigned, "
             "unsigned, const uint64_t *);\n\n");
  gen_procs(o, p, starts, n);
  fprintf(o, "typedef long (*proc_t)(struct bc_native_ctx *, const uint8_t *,"
             " uint8_t *, succ_fn, void *, unsigned *, int *);\n");
  fprintf(o, "const unsigned bc_native_nprocs = %zu;\n", p->nprocs);
  fprintf(o, "const proc_t bc_native_procs[] = {");
  for (size_t i = 0; i < p->nprocs; i++)
    fprintf(o, "%sP%zu", i ? ", " : "", i);
  fprintf(o, "%s};\n", p->nprocs ? "" : "0");
  free(starts);
  return ferror(o) ? -1 : 0;
}

/*
** Run $CC (cc by default) on 'src' into 'so', its output going to 'log'.
** No shell: $CC is split at blanks into words (so "ccache gcc" and
** "gcc -m64" work) and every path is one argument, whatever it holds.
** Returns the compiler's exit status, or -1 if it could not be run.
*/
static int run_cc(const char *cc, const char *src, const char *so,
                  const char *log) {
  char *words = bc_xstrdup(cc);
  char *argv[64];
  size_t argc = 0;
  for (char *w = strtok(words, " \t\n"); w && argc < 64 - 7;
       w = strtok(NULL, " \t\n"))
    argv[argc++] = w;
  if (argc == 0) {
    free(words);
    return -1;
  }
  static char o2[] = "-O2", fpic[] = "-fPIC", shared[] = "-shared",
              w[] = "-w", o[] = "-o";
  argv[argc++] = o2;
  argv[argc++] = fpic;
  argv[argc++] = shared;
  argv[argc++] = w;
  argv[argc++] = o;
  argv[argc++] = (char *)so;
  argv[argc++] = (char *)src;
  argv[argc] = NULL;
  posix_spawn_file_actions_t fa;
  int rc = -1;
  pid_t pid;
  if (posix_spawn_file_actions_init(&fa) != 0) {
    free(words);
    return -1;
  }
  if (posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log,
                                       O_WRONLY | O_CREAT | O_TRUNC,
                                       0600) == 0 &&
      posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO) ==
          0 &&
      posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  posix_spawn_file_actions_destroy(&fa);
  free(words);
  return rc;
}

struct bc_native *bc_native_build(const struct bc_program *p, char *err,
                                  size_t errlen) {
  struct bc_native *nat = bc_xcalloc(1, sizeof *nat);
  const char *tmp = getenv("TMPDIR");
  char src[PATH_MAX + 16], so[PATH_MAX + 16], log[PATH_MAX + 16];
  int len = snprintf(nat->dir, sizeof nat->dir, "%s/bootcheck-native-XXXXXX",
                     tmp && *tmp ? tmp : "/tmp");
  if (len < 0 || (size_t)len >= sizeof nat->dir) {
    snprintf(err, errlen, "cannot make a temporary directory: $TMPDIR is "
                          "too long");
    free(nat);
    return NULL;
  }
  if (!mkdtemp(nat->dir)) {
    snprintf(err, errlen, "cannot make a temporary directory: %s",
             strerror(errno));
    free(nat);
    return NULL;
  }
  snprintf(src, sizeof src, "%s/model.c", nat->dir);
  snprintf(so, sizeof so, "%s/model.so", nat->dir);
  snprintf(log, sizeof log, "%s/cc.log", nat->dir);
  FILE *f = fopen(src, "w");
  if (!f || bc_native_generate(p, f) != 0 || fclose(f) != 0) {
    snprintf(err, errlen, "cannot write %s", src);
    goto fail;
  }
  const char *cc = getenv("CC");
  if (!cc || !*cc)
    cc = "cc";
  int rc = run_cc(cc, src, so, log);
  if (rc != 0) {
    snprintf(err, errlen, "the C compiler failed (%s); see %s", cc, log);
    goto fail_keep;
  }
  nat->dl = dlopen(so, RTLD_NOW | RTLD_LOCAL);
  if (!nat->dl) {
    snprintf(err, errlen, "cannot load %s: %s", so, dlerror());
    goto fail_keep;
  }
  const unsigned *count = dlsym(nat->dl, "bc_native_count");
  const uint32_t *pcs = dlsym(nat->dl, "bc_native_pcs");
  const bc_native_fn *fns = dlsym(nat->dl, "bc_native_fns");
  const unsigned *nprocs = dlsym(nat->dl, "bc_native_nprocs");
  const bc_native_proc_fn *procs = dlsym(nat->dl, "bc_native_procs");
  if (!count || !pcs || !fns || !nprocs || !procs ||
      *nprocs != p->nprocs) {
    snprintf(err, errlen, "%s lacks its tables", so);
    goto fail_keep;
  }
  nat->nprocs = p->nprocs;
  nat->procs = procs;
  nat->ncode = p->ncode;
  nat->by_pc = bc_xcalloc(p->ncode + 1, sizeof *nat->by_pc);
  for (unsigned i = 0; i < *count; i++)
    if (pcs[i] < p->ncode)
      nat->by_pc[pcs[i]] = fns[i];
  /* the loaded object stays mapped; the files can go */
  unlink(src);
  unlink(so);
  unlink(log);
  rmdir(nat->dir);
  return nat;

fail:
  unlink(src);
  rmdir(nat->dir);
  free(nat);
  return NULL;
fail_keep: /* keep the files for the user to look at */
  if (nat->dl)
    dlclose(nat->dl);
  free(nat);
  return NULL;
}

void bc_native_free(struct bc_native *n) {
  if (!n)
    return;
  if (n->dl)
    dlclose(n->dl);
  free(n->by_pc);
  free(n);
}

bc_native_fn bc_native_at(const struct bc_native *n, uint32_t pc) {
  return pc < n->ncode ? n->by_pc[pc] : NULL;
}

bc_native_proc_fn bc_native_proc(const struct bc_native *n, size_t pi) {
  return pi < n->nprocs ? n->procs[pi] : NULL;
}
