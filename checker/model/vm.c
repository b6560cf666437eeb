/*
** vm.c - the bytecode interpreter (opcodes in include/bootcheck/opcodes.def).
**
** A step runs on a private copy of the state. Nondeterminism is a choice
** script: the first run takes choice 0 at every CHOOSE and records how many
** choices each point had; the next run advances the last point that has a
** choice left, like an odometer, until every path has been run. Nothing is
** allocated per state or per step.
*/
#include "model/vm.h"

#include "bootcheck/arena.h"
#include "bootcheck/debug.h"
#include "bootcheck/states.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <assert.h>
#include <time.h>

#define MAX_CHOICES_PER_POINT BC_MAX_RANGE

double bc_vm_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The deadline has passed (checked by loops every 65536 iterations). */
static bool past_deadline(const struct bc_vm *vm) {
  return vm->deadline > 0 && bc_vm_now() > vm->deadline;
}

void bc_vm_init(struct bc_vm *vm, const struct bc_program *p) {
  memset(vm, 0, sizeof *vm);
  vm->p = p;
  vm->max_ticks = BC_VM_MAX_TICKS;
  vm->buf = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  vm->ebuf = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  size_t nh = p->nhooks ? p->nhooks : 1;
  vm->hook_first = bc_xcalloc(nh, sizeof(uint32_t));
  vm->hook_n = bc_xcalloc(nh, sizeof(uint32_t));
  vm->hook_code = bc_xcalloc(p->nplacements ? p->nplacements : 1,
                             sizeof(uint32_t));
}

void bc_vm_release(struct bc_vm *vm) {
  free(vm->buf);
  free(vm->ebuf);
  free(vm->hook_first);
  free(vm->hook_n);
  free(vm->hook_code);
  free(vm->step_fn);
  free(vm->tstep_fn);
  free(vm->proc_fn);
  memset(vm, 0, sizeof *vm);
}

void bc_vm_configure(struct bc_vm *vm, const unsigned *choice) {
  const struct bc_program *p = vm->p;
  uint32_t n = 0;
  for (size_t h = 0; h < p->nhooks; h++) {
    vm->hook_first[h] = n;
    vm->hook_n[h] = 0;
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      assert(!pl->nhooks || choice[i] < pl->nhooks);
      if (pl->nhooks && pl->hooks[choice[i]] == (int)h) {
        vm->hook_code[n++] = pl->code;
        vm->hook_n[h]++;
      }
    }
  }
}

static inline void track(struct bc_track *t, bool wr, uint32_t var,
                         uint32_t elem) {
  uint32_t u = t->unit_base[var] + elem;
  uint32_t *mark = wr ? t->wmark : t->rmark;
  if (mark[u] == t->stamp)
    return;
  mark[u] = t->stamp;
  if ((wr ? t->nw : t->nr) == t->cap) {
    t->overflow = true;
    return;
  }
  if (wr)
    t->w[t->nw++] = u;
  else
    t->r[t->nr++] = u;
}

static inline void field_set(const struct bc_field *f, uint8_t *st,
                             uint32_t elem, int64_t x) {
  bc_bits_set(st, f->bitoff + elem * f->stride, f->width,
              (uint64_t)x - (uint64_t)f->lo);
}

static int native_hook(struct bc_native_ctx *cx, unsigned h, uint8_t *st,
                       int64_t self) {
  struct bc_vm *vm = cx->vm;
  if (h == BC_NATIVE_DEADLINE) /* a compiled TICK asks the time */
    return past_deadline(vm);
  for (uint32_t k = 0; k < vm->hook_n[h]; k++) {
    uint32_t pc = vm->hook_code[vm->hook_first[h] + k];
    /* a tracked step runs the tracked placement bodies (only tracked
    ** functions run while vm->track is set) */
    bc_native_fn f = vm->track ? bc_native_tracked_at(vm->native, pc)
                               : bc_native_at(vm->native, pc);
    int64_t unused;
    int rc = f ? f(cx, st, self, &unused) : -1;
    if (rc != 0)
      return rc;
  }
  return 0;
}

void bc_vm_use_native(struct bc_vm *vm, const struct bc_native *n) {
  vm->native = n;
  free(vm->step_fn);
  free(vm->tstep_fn);
  free(vm->proc_fn);
  vm->step_fn = NULL;
  vm->tstep_fn = NULL;
  vm->proc_fn = NULL;
  vm->expand_fn = n ? bc_native_expand(n) : NULL;
  if (n) {
    vm->step_fn = bc_xcalloc(vm->p->nsteps + 1, sizeof *vm->step_fn);
    vm->tstep_fn = bc_xcalloc(vm->p->nsteps + 1, sizeof *vm->tstep_fn);
    for (size_t i = 0; i < vm->p->nsteps; i++) {
      vm->step_fn[i] = bc_native_at(n, vm->p->steps[i].code);
      vm->tstep_fn[i] = bc_native_tracked_at(n, vm->p->steps[i].code);
    }
    vm->proc_fn = bc_xcalloc(vm->p->nprocs + 1, sizeof *vm->proc_fn);
    for (size_t i = 0; i < vm->p->nprocs; i++)
      vm->proc_fn[i] = bc_native_proc(n, i);
  }
  vm->ncx = (struct bc_native_ctx){
      .locals = vm->locals,
      .choice = vm->choice,
      .choice_n = vm->choice_n,
      .script_len = &vm->script_len,
      .viol = vm->viol,
      .any_viol = NULL,
      .hook = native_hook,
      .vm = vm,
  };
  vm->ncx.any_viol = &vm->any_viol_byte;
  vm->ncx.dirty = vm->dirty;
}

static inline bool fits(const struct bc_program *p, const struct bc_type *t,
                        int64_t x) {
  switch (t->kind) {
  case BC_TY_INT:
    return x >= t->lo && x <= t->hi;
  case BC_TY_BOOL:
    return x == 0 || x == 1;
  case BC_TY_ENUM:
    return x >= 0 && (uint64_t)x < p->enums[t->enum_id].n;
  case BC_TY_SET:
    return ((uint64_t)x & ~bc_mask(p->enums[t->enum_id].n)) == 0;
  default:
    return true;
  }
}

/* Run a compiled block; same contract as run(). */
static int run_native(struct bc_vm *vm, bc_native_fn f, uint8_t *st,
                      int64_t self, int64_t *ret) {
  vm->ncx.nchoice = 0;
  vm->any_viol_byte = vm->any_viol;
  int rc = f(&vm->ncx, st, self, ret);
  vm->any_viol = vm->any_viol_byte != 0;
  if (rc < 0) {
    vm->err.code = vm->ncx.err_code;
    vm->err.pc = vm->ncx.err_pc;
    vm->err.var = vm->ncx.err_var;
    vm->err.value = vm->ncx.err_value;
    return BC_VM_ERROR;
  }
  return rc == 0 ? BC_VM_OK : BC_VM_DISABLED;
}

/*
** Run code from 'pc' for instance 'self' on state 'st' (may be NULL for a
** constant expression). Returns BC_VM_OK with *ret = the next step (for a
** step) or the value (for an expression ending in EXIT), BC_VM_DISABLED, or
** BC_VM_ERROR.
*/
static inline __attribute__((always_inline)) int
run_code(struct bc_vm *vm, uint32_t pc, int64_t self, uint8_t *st,
         int64_t *ret, const bool trk) {
  const struct bc_program *p = vm->p;
  const struct bc_insn *code = p->code;
  const struct bc_field *fields = p->fields;
  int64_t stack[BC_VM_STACK];
  int64_t *sp = stack;
  int64_t *loc = vm->locals;
  unsigned nchoice = 0;
  uint32_t rret[8];
  uint32_t rhook[8], ridx[8];
  unsigned nr = 0;
  int64_t x, y;
  vm->ticks = 0;

#define ERR(c, v, val)                                                         \
  do {                                                                         \
    vm->err.code = (c);                                                        \
    vm->err.pc = pc - 1;                                                       \
    vm->err.var = (v);                                                         \
    vm->err.value = (val);                                                     \
    return BC_VM_ERROR;                                                        \
  } while (0)

  for (;;) {
    bc_hot_assert(sp >= stack && sp < stack + BC_VM_STACK && pc < p->ncode);
    const struct bc_insn *in = &code[pc++];
    switch (in->op) {
    case BC_INS_PUSH:
      *sp++ = in->k;
      break;
    case BC_INS_POP:
      sp--;
      break;
    case BC_INS_LOAD:
      if (!st)
        ERR(BC_RT_UNREACHABLE, (int)in->b, 0);
      if (trk)
        track(vm->track, false, in->b, 0);
      *sp++ = bc_field_get(&fields[in->b], st, 0);
      break;
    case BC_INS_LOADX:
      if (!st)
        ERR(BC_RT_UNREACHABLE, (int)in->b, 0);
      if (trk)
        track(vm->track, false, in->b, (uint32_t)sp[-1]);
      sp[-1] = bc_field_get(&fields[in->b], st, (uint32_t)sp[-1]);
      break;
    case BC_INS_STORE: {
      const struct bc_field *f = &fields[in->b];
      x = *--sp;
      if (f->is_int ? (x < f->lo || x > f->hi)
                    : !fits(p, &p->vars[in->b].type, x))
        ERR(BC_RT_RANGE, (int)in->b, x);
      if (trk)
        track(vm->track, true, in->b, 0);
      field_set(f, st, 0, x);
      break;
    }
    case BC_INS_STOREX: {
      const struct bc_field *f = &fields[in->b];
      x = *--sp;
      y = *--sp;
      if (f->is_int ? (x < f->lo || x > f->hi)
                    : !fits(p, &p->vars[in->b].type, x))
        ERR(BC_RT_RANGE, (int)in->b, x);
      if (trk)
        track(vm->track, true, in->b, (uint32_t)y);
      field_set(f, st, (uint32_t)y, x);
      break;
    }
    case BC_INS_INDEX: {
      int64_t lo, len;
      if (in->a == 0) {
        lo = fields[in->b].dlo;
        len = fields[in->b].dlen;
      } else {
        lo = p->vars[in->b].dim_lo[in->a];
        len = p->vars[in->b].dim_len[in->a];
      }
      x = sp[-1];
      if (x < lo || (uint64_t)x - (uint64_t)lo >= (uint64_t)len)
        ERR(BC_RT_INDEX, (int)in->b, x);
      sp[-1] = x - lo;
      break;
    }
    case BC_INS_FLAT:
      y = *--sp;
      sp[-1] = sp[-1] * in->k + y;
      break;
    case BC_INS_LGET:
      *sp++ = loc[in->a];
      break;
    case BC_INS_LSET:
      loc[in->a] = *--sp;
      break;
    case BC_INS_SELF:
      *sp++ = self;
      break;
    case BC_INS_ADD:
      y = *--sp;
      if (__builtin_add_overflow(sp[-1], y, &x))
        ERR(BC_RT_OVERFLOW, -1, 0);
      sp[-1] = x;
      break;
    case BC_INS_SUB:
      y = *--sp;
      if (__builtin_sub_overflow(sp[-1], y, &x))
        ERR(BC_RT_OVERFLOW, -1, 0);
      sp[-1] = x;
      break;
    case BC_INS_MUL:
      y = *--sp;
      if (__builtin_mul_overflow(sp[-1], y, &x))
        ERR(BC_RT_OVERFLOW, -1, 0);
      sp[-1] = x;
      break;
    case BC_INS_DIV:
    case BC_INS_MOD:
      y = *--sp;
      if (y == 0)
        ERR(BC_RT_DIVZERO, -1, 0);
      if (y == -1 && sp[-1] == INT64_MIN)
        ERR(BC_RT_OVERFLOW, -1, 0);
      sp[-1] = in->op == BC_INS_DIV ? sp[-1] / y : sp[-1] % y;
      break;
    case BC_INS_NEG:
      if (sp[-1] == INT64_MIN)
        ERR(BC_RT_OVERFLOW, -1, 0);
      sp[-1] = -sp[-1];
      break;
    case BC_INS_EQ:
      y = *--sp;
      sp[-1] = sp[-1] == y;
      break;
    case BC_INS_NE:
      y = *--sp;
      sp[-1] = sp[-1] != y;
      break;
    case BC_INS_LT:
      y = *--sp;
      sp[-1] = sp[-1] < y;
      break;
    case BC_INS_LE:
      y = *--sp;
      sp[-1] = sp[-1] <= y;
      break;
    case BC_INS_GT:
      y = *--sp;
      sp[-1] = sp[-1] > y;
      break;
    case BC_INS_GE:
      y = *--sp;
      sp[-1] = sp[-1] >= y;
      break;
    case BC_INS_NOT:
      sp[-1] = !sp[-1];
      break;
    case BC_INS_BOR:
      y = *--sp;
      sp[-1] = (int64_t)((uint64_t)sp[-1] | (uint64_t)y);
      break;
    case BC_INS_BAND:
      y = *--sp;
      sp[-1] = (int64_t)((uint64_t)sp[-1] & (uint64_t)y);
      break;
    case BC_INS_BANDN:
      y = *--sp;
      sp[-1] = (int64_t)((uint64_t)sp[-1] & ~(uint64_t)y);
      break;
    case BC_INS_SUBSETEQ:
      y = *--sp;
      sp[-1] = ((uint64_t)sp[-1] & ~(uint64_t)y) == 0;
      break;
    case BC_INS_SUBSET:
      y = *--sp;
      sp[-1] = ((uint64_t)sp[-1] & ~(uint64_t)y) == 0 && sp[-1] != y;
      break;
    case BC_INS_BIT:
      x = sp[-1];
      sp[-1] = (x >= 0 && x < 64) ? (int64_t)((uint64_t)1 << x) : 0;
      break;
    case BC_INS_HAS:
      y = *--sp;
      x = sp[-1];
      sp[-1] = (x >= 0 && x < 64) ? (int64_t)(((uint64_t)y >> x) & 1) : 0;
      break;
    case BC_INS_INRANGE:
      y = *--sp;
      x = *--sp;
      sp[-1] = sp[-1] >= x && sp[-1] <= y;
      break;
    case BC_INS_CARD:
      sp[-1] = __builtin_popcountll((unsigned long long)sp[-1]);
      break;
    case BC_INS_LOWBIT:
      sp[-1] = sp[-1] ? __builtin_ctzll((unsigned long long)sp[-1]) : 0;
      break;
    case BC_INS_CLEARLOW:
      sp[-1] = (int64_t)((uint64_t)sp[-1] & ((uint64_t)sp[-1] - 1));
      break;
    case BC_INS_NTHBIT: {
      y = *--sp;
      uint64_t s = (uint64_t)sp[-1];
      for (int64_t i = 0; i < y && s; i++)
        s &= s - 1;
      sp[-1] = s ? __builtin_ctzll(s) : 0;
      break;
    }
    case BC_INS_TICK:
      if (++vm->ticks > vm->max_ticks)
        ERR(BC_RT_LOOP, -1, 0);
      if ((vm->ticks & 0xffff) == 0 && past_deadline(vm))
        ERR(BC_RT_TIME, -1, 0);
      break;
    case BC_INS_JMP:
      pc = in->b;
      break;
    case BC_INS_JZ:
      if (!*--sp)
        pc = in->b;
      break;
    case BC_INS_JNZ:
      if (*--sp)
        pc = in->b;
      break;
    case BC_INS_AWAIT:
      if (!*--sp)
        return BC_VM_DISABLED;
      break;
    case BC_INS_CHOOSE: {
      x = *--sp;
      if (x <= 0)
        return BC_VM_DISABLED;
      if (nchoice >= BC_VM_MAX_CHOICES || x > (int64_t)MAX_CHOICES_PER_POINT)
        ERR(BC_RT_CHOICES, -1, x);
      uint32_t c;
      if (nchoice < vm->script_len) {
        c = vm->choice[nchoice];
        bc_hot_assert(vm->script_len <= BC_VM_MAX_CHOICES && (int64_t)c < x);
      } else {
        c = 0;
        vm->choice[nchoice] = 0;
        vm->script_len = nchoice + 1;
      }
      vm->choice_n[nchoice] = (uint32_t)x;
      nchoice++;
      *sp++ = c;
      break;
    }
    case BC_INS_ASSERT:
      if (!*--sp) {
        vm->viol[in->a / 64] |= (uint64_t)1 << (in->a % 64);
        vm->any_viol = true;
      }
      break;
    case BC_INS_VIOLATE:
      assert(in->a < p->nconstraints);
      vm->viol[in->a / 64] |= (uint64_t)1 << (in->a % 64);
      vm->any_viol = true;
      break;
    case BC_INS_HOOK:
      if (vm->hook_n[in->a]) {
        if (nr == 8)
          ERR(BC_RT_STACK, -1, 0);
        rret[nr] = pc;
        rhook[nr] = in->a;
        ridx[nr] = 0;
        nr++;
        pc = vm->hook_code[vm->hook_first[in->a]];
        assert(in->a < p->nhooks && pc < p->ncode);
      }
      break;
    case BC_INS_PRET: {
      if (nr == 0)
        ERR(BC_RT_UNREACHABLE, -1, 0);
      unsigned t = nr - 1;
      if (++ridx[t] < vm->hook_n[rhook[t]]) {
        pc = vm->hook_code[vm->hook_first[rhook[t]] + ridx[t]];
      } else {
        pc = rret[t];
        nr--;
      }
      break;
    }
    case BC_INS_GOTO:
      /* a step ends at statement level: nothing left on the stack, no
      ** placement body running */
      assert(sp == stack && nr == 0);
      *ret = in->a;
      return BC_VM_OK;
    case BC_INS_EXIT:
      *ret = *--sp;
      assert(sp == stack);
      return BC_VM_OK;
    case BC_INS_HALT:
    default:
      ERR(BC_RT_UNREACHABLE, -1, 0);
    }
  }
#undef ERR
}

/* run_code twice over: without footprint recording (the search) and with
** it (partial-order reduction), so the search pays no test per access;
** the compiled engine's functions likewise come in two (the tracked ones
** record what run_code(..., true) records). */
static int run(struct bc_vm *vm, uint32_t pc, int64_t self, uint8_t *st,
               int64_t *ret) {
  if (vm->track) {
    if (vm->native && st) {
      bc_native_fn f = bc_native_tracked_at(vm->native, pc);
      if (f) {
        vm->ncx.track = vm->track;
        return run_native(vm, f, st, self, ret);
      }
    }
    return run_code(vm, pc, self, st, ret, true);
  }
  if (vm->native && st) {
    bc_native_fn f = bc_native_at(vm->native, pc);
    if (f)
      return run_native(vm, f, st, self, ret);
  }
  return run_code(vm, pc, self, st, ret, false);
}

int bc_vm_eval_const(const struct bc_program *p, uint32_t pc,
                     const int64_t *locals, int64_t *ret, uint64_t *ticks) {
  struct bc_vm vm;
  memset(&vm, 0, sizeof vm);
  vm.p = p;
  if (locals)
    memcpy(vm.locals, locals, sizeof vm.locals);
  vm.max_ticks = BC_VM_MAX_TICKS;
  if (ticks) {
    uint64_t left = *ticks >= BC_MAX_CONST_TICKS ? 0
                                                 : BC_MAX_CONST_TICKS - *ticks;
    if (left < vm.max_ticks)
      vm.max_ticks = (uint32_t)left;
  }
  int rc = run(&vm, pc, 0, NULL, ret);
  if (ticks)
    *ticks += vm.ticks;
  if (rc == BC_VM_OK)
    return 0;
  return vm.err.code ? vm.err.code : BC_RT_UNREACHABLE;
}

int bc_vm_eval(struct bc_vm *vm, uint32_t pc, const uint8_t *state,
               int64_t *ret) {
  /* May be called from a successor callback: leave buf, the choice script
  ** and the violation bits of the enumeration alone. Constraint
  ** expressions contain no CHOOSE, ASSERT or store. */
  memcpy(vm->ebuf, state, vm->p->state_bytes);
  int rc = run(vm, pc, 0, vm->ebuf, ret);
  return rc == BC_VM_OK ? 0 : BC_VM_ERROR;
}

int bc_vm_eval_padded(struct bc_vm *vm, uint32_t pc, const uint8_t *state,
                      int64_t *ret) {
  if (vm->native && !vm->track) {
    bc_native_fn f = bc_native_at(vm->native, pc);
    /* an expression writes nothing into the state it reads */
    if (f)
      return run_native(vm, f, (uint8_t *)(uintptr_t)state, 0, ret) ==
                     BC_VM_OK
                 ? 0
                 : BC_VM_ERROR;
  }
  return bc_vm_eval(vm, pc, state, ret);
}

int bc_vm_eval_self(struct bc_vm *vm, uint32_t pc, int64_t self,
                    const uint8_t *state, int64_t *ret) {
  memcpy(vm->ebuf, state, vm->p->state_bytes);
  return run(vm, pc, self, vm->ebuf, ret) == BC_VM_OK ? 0 : BC_VM_ERROR;
}

bool bc_vm_all_ended(const struct bc_program *p, const uint8_t *state) {
  for (size_t i = 0; i < p->nprocs; i++) {
    const struct bc_proc *pr = &p->procs[i];
    const struct bc_field *f = &p->fields[pr->pc_var];
    for (unsigned e = 0; e < pr->ninst; e++)
      if (bc_field_get(f, state, e) != (int64_t)pr->nsteps)
        return false;
  }
  return true;
}

void bc_vm_skip_twins(struct bc_vm *vm, bool on) {
  vm->skip_twins = on && vm->p->nsymfams > 0;
}

/* The symmetric family of process 'pi', or NULL. */
static const struct bc_symfam *symfam_of(const struct bc_program *p,
                                         size_t pi) {
  for (size_t f = 0; f < p->nsymfams; f++)
    if (p->symfams[f].proc == (int)pi)
      return &p->symfams[f];
  return NULL;
}

/* Do members e - 1 and e of 'sf' agree on every permuted field? */
static bool twin(const struct bc_program *p, const struct bc_symfam *sf,
                 const uint8_t *state, unsigned e) {
  for (unsigned k = 0; k < sf->nvars; k++) {
    const struct bc_field *fd = &p->fields[sf->vars[k]];
    if (bc_field_get(fd, state, sf->elem0[k] + e) !=
        bc_field_get(fd, state, sf->elem0[k] + e - 1))
      return false;
  }
  return true;
}

void bc_vm_set_twins(struct bc_vm *vm, const uint8_t *state,
                     const uint8_t *twins) {
  vm->twins_state = twins ? state : NULL;
  vm->twins = state ? twins : NULL;
}

/* The twins known for 'state' (bc_vm_set_twins), or NULL. */
static inline const uint8_t *known_twins(const struct bc_vm *vm,
                                         const uint8_t *state) {
  return vm->twins && state == vm->twins_state ? vm->twins : NULL;
}

bool bc_vm_is_twin(const struct bc_vm *vm, const uint8_t *state,
                   unsigned inst) {
  const struct bc_program *p = vm->p;
  if (!vm->skip_twins)
    return false;
  const uint8_t *tw = known_twins(vm, state);
  if (tw) {
    bc_hot_assert(inst < p->ninsts);
    return tw[inst];
  }
  size_t pi = (size_t)p->insts[inst].proc;
  const struct bc_symfam *sf = symfam_of(p, pi);
  unsigned e = inst - p->procs[pi].first_inst;
  return sf && e > 0 && twin(p, sf, state, e);
}

/*
** Every choice path of instance e of process pr, at global step 'step',
** run by the compiled function 'f' (the step's, or its tracked variant
** while vm->track is set), or by run() when f is NULL; adds to *count.
** Each path runs on vm->buf holding 'state'. 'tracked' (f is a tracked
** function): after the first path, only the words the last path changed
** are put back (the tracked functions list those they store to in
** ncx.dirty; the pc's words are written here), not the whole state: a
** step with a choice over a family of N members runs N paths, and a copy
** of the whole state per path was most of their cost (x86 spec, --por).
*/
static inline __attribute__((always_inline)) long
inst_paths(struct bc_vm *vm, const uint8_t *state, const struct bc_proc *pr,
           unsigned e, unsigned step, bc_native_fn f, bc_succ_fn fn,
           void *ctx, long *count, const bool tracked) {
  const struct bc_program *p = vm->p;
  const size_t nbytes = p->state_bytes;
  const struct bc_field *pcv = &p->fields[pr->pc_var];
  unsigned inst = pr->first_inst + e;
  int64_t self = pr->lo + (int64_t)e;
  bool native = f != NULL;
  uint32_t pc_off = pcv->bitoff + e * pcv->stride;
  /* vm->buf is 'state' but for the words listed (dirty, buf_pcw) */
  bool fresh = tracked && vm->keep_buf && vm->buf_base == state;
  if (!tracked)
    vm->buf_base = NULL;
  vm->script_len = 0;
  /* a step may have billions of choice paths: the deadline is checked
  ** every 65536 */
  for (uint32_t paths = 1;; paths++) {
    if ((paths & 0xffff) == 0 && past_deadline(vm)) {
      vm->err = (struct bc_vm_error){BC_RT_TIME, p->steps[step].code, -1, 0,
                                     inst, step};
      return BC_VM_ERROR;
    }
    /* as words: the field accesses and the explorer's copy of the
    ** successor read it as words (bc_bits_get) */
    if (tracked && fresh && vm->ncx.ndirty <= BC_NATIVE_DIRTY) {
      for (uint32_t k = 0; k < vm->ncx.ndirty; k++)
        bc_state_put_word(vm->buf, state, nbytes, vm->dirty[k]);
      bc_state_put_word(vm->buf, state, nbytes, vm->buf_pcw[0]);
      bc_state_put_word(vm->buf, state, nbytes, vm->buf_pcw[1]);
      bc_hot_assert(memcmp(vm->buf, state, nbytes) == 0);
    } else {
      bc_state_copy_words(vm->buf, state, nbytes);
    }
    if (tracked) {
      vm->ncx.ndirty = 0;
      vm->buf_pcw[0] = pc_off >> 6;
      vm->buf_pcw[1] = (pc_off + pcv->width - 1) >> 6;
      vm->buf_base = vm->keep_buf ? state : NULL;
      fresh = true;
    }
    if (vm->any_viol) {
      memset(vm->viol, 0, sizeof vm->viol);
      vm->any_viol = false;
    }
    int64_t next = 0;
    int rc = native ? run_native(vm, f, vm->buf, self, &next)
                    : run(vm, p->steps[step].code, self, vm->buf, &next);
    if (rc == BC_VM_ERROR) {
      vm->err.inst = inst;
      vm->err.step = step;
      vm->buf_base = NULL;
      return BC_VM_ERROR;
    }
    if (rc == BC_VM_OK) {
      assert(next >= 0 && next <= (int64_t)pr->nsteps); /* nsteps: ended */
      assert(vm->script_len <= BC_VM_MAX_CHOICES);
      field_set(pcv, vm->buf, e, next);
      (*count)++;
      if (fn(ctx, vm->buf, inst, step, vm->any_viol ? vm->viol : NULL))
        return 1;
    }
    /* next choice path */
    unsigned j = vm->script_len;
    while (j > 0 && vm->choice[j - 1] + 1 >= vm->choice_n[j - 1])
      j--;
    if (j == 0)
      break;
    vm->choice[j - 1]++;
    vm->script_len = j;
  }
  return 0;
}

#ifdef BC_HOT_ASSERTS
static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static int no_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  (void)succ, (void)inst, (void)step, (void)viol;
  ++*(long *)ctx;
  return 0;
}

/* Are the first n units of a and b the same set (each holds a unit at
** most once)? Sorts both. */
static bool same_units(uint32_t *a, uint32_t *b, uint32_t n) {
  qsort(a, n, sizeof *a, cmp_u32);
  qsort(b, n, sizeof *b, cmp_u32);
  return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/*
** Debug builds: the footprint the tracked compiled step just recorded in
** vm->track over all paths of instance e (inst_paths returned rc after
** 'n' successors) is the set the interpreter records, with the same
** successors counted and the same error. The step is run again in the
** interpreter under a fresh stamp; the compiled run's units (and its
** order) are put back, so debug builds search as release builds do.
*/
static void check_tracked(struct bc_vm *vm, const uint8_t *state,
                          const struct bc_proc *pr, unsigned e,
                          unsigned step, long rc, long n) {
  struct bc_track *t = vm->track;
  if (rc > 0 || t->stamp + 1 == 0 ||
      (rc < 0 && vm->err.code == BC_RT_TIME))
    return; /* stopped early, stamps about to wrap, or timing-dependent */
  uint32_t nr = t->nr, nw = t->nw;
  bool overflow = t->overflow;
  struct bc_vm_error err = vm->err;
  uint32_t *r = bc_xcalloc(nr + 1, sizeof *r), *w = bc_xcalloc(nw + 1, 4);
  memcpy(r, t->r, nr * sizeof *r);
  memcpy(w, t->w, nw * sizeof *w);
  t->stamp++;
  t->nr = t->nw = 0;
  t->overflow = false;
  const struct bc_native *nat = vm->native;
  vm->native = NULL; /* run() in the interpreter */
  long m = 0, seen = 0;
  long rc2 = inst_paths(vm, state, pr, e, step, NULL, no_succ, &seen, &m,
                        false);
  vm->native = nat;
  bc_hot_assert(rc2 == rc && m == n && seen == m);
  bc_hot_assert(t->overflow == overflow && t->nr == nr && t->nw == nw);
  if (rc < 0)
    bc_hot_assert(vm->err.code == err.code && vm->err.pc == err.pc &&
                  vm->err.var == err.var && vm->err.value == err.value);
  uint32_t *r2 = bc_xcalloc(nr + 1, sizeof *r2), *w2 = bc_xcalloc(nw + 1, 4);
  memcpy(r2, t->r, nr * sizeof *r2);
  memcpy(w2, t->w, nw * sizeof *w2);
  bc_hot_assert(overflow || (same_units(r, r2, nr) &&
                             same_units(w, w2, nw)));
  /* the compiled run's footprint back, in its order */
  t->nr = nr;
  t->nw = nw;
  t->overflow = overflow;
  memcpy(t->r, r, nr * sizeof *r);
  memcpy(t->w, w, nw * sizeof *w);
  vm->err = err;
  free(r);
  free(w);
  free(r2);
  free(w2);
}
#endif

/* Every choice path of instance e of process pr; adds to *count. */
static long inst_successors(struct bc_vm *vm, const uint8_t *state,
                            const struct bc_proc *pr, unsigned e,
                            bc_succ_fn fn, void *ctx, long *count) {
  int64_t at = bc_field_get(&vm->p->fields[pr->pc_var], state, e);
  if (at >= (int64_t)pr->nsteps)
    return 0;
  unsigned step = pr->first_step + (unsigned)at;
  bc_native_fn f = NULL;
  if (!vm->track) {
    if (vm->step_fn)
      f = vm->step_fn[step];
  } else if (vm->tstep_fn && (f = vm->tstep_fn[step]) != NULL) {
    vm->ncx.track = vm->track;
  }
#ifdef BC_HOT_ASSERTS
  if (f && vm->track) {
    long before = *count;
    long rc = inst_paths(vm, state, pr, e, step, f, fn, ctx, count, true);
    check_tracked(vm, state, pr, e, step, rc, *count - before);
    return rc;
  }
#endif
  if (f && vm->track)
    return inst_paths(vm, state, pr, e, step, f, fn, ctx, count, true);
  return inst_paths(vm, state, pr, e, step, f, fn, ctx, count, false);
}

/* A compiled function's runtime error (its context's fields and the
** instance and step 'where' it happened) as the VM's error. */
static long native_error(struct bc_vm *vm, const unsigned where[2]) {
  vm->err.code = vm->ncx.err_code;
  vm->err.pc = vm->ncx.err_pc;
  vm->err.var = vm->ncx.err_var;
  vm->err.value = vm->ncx.err_value;
  vm->err.inst = where[0];
  vm->err.step = where[1];
  return BC_VM_ERROR;
}

/*
** The successors of every instance of process 'pi' with its compiled
** successor function 'f' (bc_native_proc_fn); bc_vm_successors' contract
** for one process, and *stopped set when fn asked to stop.
*/
static long native_proc_successors(struct bc_vm *vm, bc_native_proc_fn f,
                                   const uint8_t *state, bc_succ_fn fn,
                                   void *ctx, int *stopped) {
  unsigned where[2] = {0, 0};
  vm->buf_base = NULL;
  vm->any_viol_byte = vm->any_viol;
  long n = f(&vm->ncx, state, vm->buf, fn, ctx, where, stopped);
  vm->any_viol = vm->any_viol_byte != 0;
  if (n < 0)
    return native_error(vm, where);
  return n;
}

static void clear_viol(struct bc_vm *vm) {
  if (vm->any_viol) {
    memset(vm->viol, 0, sizeof vm->viol);
    vm->any_viol = false;
  }
}

long bc_vm_successors(struct bc_vm *vm, const uint8_t *state, bc_succ_fn fn,
                      void *ctx) {
  const struct bc_program *p = vm->p;
  long count = 0;
  for (size_t pi = 0; pi < p->nprocs; pi++) {
    const struct bc_proc *pr = &p->procs[pi];
    const struct bc_symfam *sf = vm->skip_twins ? symfam_of(p, pi) : NULL;
    const uint8_t *tw = sf ? known_twins(vm, state) : NULL;
    /* the compiled successor function runs every instance: not where
    ** twins are left out, nor while footprints are recorded */
    if (!sf && !vm->track && vm->proc_fn && vm->proc_fn[pi]) {
      int stopped = 0;
      long n = native_proc_successors(vm, vm->proc_fn[pi], state, fn, ctx,
                                      &stopped);
      if (n < 0)
        return BC_VM_ERROR;
      count += n;
      if (stopped)
        return count;
      continue;
    }
    for (unsigned e = 0; e < pr->ninst; e++) {
      if (tw) {
        unsigned from = e;
        e = bc_vm_twins_from(tw + pr->first_inst, e, pr->ninst);
        for (unsigned t = from; t <= e && t < pr->ninst; t++)
          bc_hot_assert(tw[pr->first_inst + t] ==
                        (t > 0 && twin(p, sf, state, t)));
        if (e >= pr->ninst)
          break;
      } else if (sf && e > 0 && twin(p, sf, state, e)) {
        continue;
      }
      long rc = inst_successors(vm, state, pr, e, fn, ctx, &count);
      if (rc < 0)
        return BC_VM_ERROR;
      if (rc > 0)
        return count;
    }
  }
  clear_viol(vm);
  return count;
}

bool bc_vm_can_expand(const struct bc_vm *vm) {
  return vm->expand_fn && !vm->track && !vm->skip_twins;
}

long bc_vm_expand(struct bc_vm *vm, const uint8_t *state,
                  struct bc_native_out *out, int *stopped) {
  unsigned where[2] = {0, 0};
  assert(bc_vm_can_expand(vm));
  *stopped = 0;
  vm->any_viol_byte = vm->any_viol;
  long n = vm->expand_fn(&vm->ncx, state, out, where, stopped);
  vm->any_viol = vm->any_viol_byte != 0;
  if (n < 0)
    return native_error(vm, where);
  if (!*stopped)
    clear_viol(vm);
  return n;
}

long bc_vm_instance_successors(struct bc_vm *vm, const uint8_t *state,
                               unsigned inst, bc_succ_fn fn, void *ctx) {
  const struct bc_program *p = vm->p;
  const struct bc_proc *pr = &p->procs[p->insts[inst].proc];
  long count = 0;
  long rc = inst_successors(vm, state, pr, inst - pr->first_inst, fn, ctx,
                            &count);
  if (rc < 0)
    return BC_VM_ERROR;
  if (rc == 0)
    clear_viol(vm);
  return count;
}

struct nth {
  uint32_t want, seen;
  uint8_t *out;
  size_t nbytes;
  unsigned inst, step;
  bool done;
};

static int take_nth(void *ctx, const uint8_t *succ, unsigned inst,
                    unsigned step, const uint64_t *viol) {
  struct nth *n = ctx;
  (void)viol;
  if (n->seen++ != n->want)
    return 0;
  memcpy(n->out, succ, n->nbytes);
  n->inst = inst;
  n->step = step;
  n->done = true;
  return 1;
}

int bc_vm_successor_nth(struct bc_vm *vm, const uint8_t *state, uint32_t k,
                        uint8_t *out, unsigned *ret_inst, unsigned *ret_step) {
  struct nth n = {k, 0, out, vm->p->state_bytes, 0, 0, false};
  long rc = bc_vm_successors(vm, state, take_nth, &n);
  if (rc < 0 || !n.done)
    return -1;
  *ret_inst = n.inst;
  *ret_step = n.step;
  return 0;
}

void bc_vm_error_format(const struct bc_program *p,
                        const struct bc_vm_error *e, char *buf, size_t len) {
  const char *vn = e->var >= 0 ? p->vars[e->var].name : "?";
  switch (e->code) {
  case BC_RT_RANGE: {
    const struct bc_var *v = &p->vars[e->var];
    if (v->type.kind == BC_TY_INT)
      snprintf(buf, len, "value %" PRId64 " is out of range %" PRId64
                         "..%" PRId64 " of '%s'", e->value, v->type.lo,
               v->type.hi, vn);
    else
      snprintf(buf, len, "value %" PRId64 " is not a value of '%s'", e->value,
               vn);
    break;
  }
  case BC_RT_INDEX: {
    const struct bc_var *v = &p->vars[e->var];
    snprintf(buf, len, "index %" PRId64 " is out of range of '%s'", e->value,
             vn);
    (void)v;
    break;
  }
  case BC_RT_OVERFLOW:
    snprintf(buf, len, "integer overflow");
    break;
  case BC_RT_DIVZERO:
    snprintf(buf, len, "division by zero");
    break;
  case BC_RT_CHOICES:
    snprintf(buf, len, "too many choices on one path of a step (at most %d "
                       "choice points of at most %u values)",
             BC_VM_MAX_CHOICES, MAX_CHOICES_PER_POINT);
    break;
  case BC_RT_STACK:
    snprintf(buf, len, "placements nested too deeply");
    break;
  case BC_RT_LOOP:
    snprintf(buf, len, "too many loop iterations in one step (more than %u: "
                       "loops and quantifiers over long ranges)",
             BC_VM_MAX_TICKS);
    break;
  case BC_RT_TIME:
    snprintf(buf, len, "the time limit passed during a step");
    break;
  default:
    snprintf(buf, len, "internal error: unreachable code");
    break;
  }
}
