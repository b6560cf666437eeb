/*
** por.c - partial-order reduction by stubborn sets.
**
** From a state s, the explorer may follow the steps of a set S of process
** instances only, instead of every instance, when that set is "stubborn":
**
**   - S contains an instance whose step is enabled at s;
**   - for every enabled member X of S, no other instance Y outside S can,
**     in any step it may still take (its current step and every step
**     reachable from it in its control flow, with the placements bound in
**     this configuration), write what X's step reads or writes at s, or
**     read what X's step writes at s;
**   - for every disabled member X of S, every instance that may still
**     write what X's step read at s (on any of its paths) is in S: X stays
**     disabled until a member of S moves;
**   - every enabled step of S is invisible: it writes nothing that an
**     `always` or `reachable` constraint reads (every step's own checks,
**     `at` assertions, `violate`, `before` history bits and runtime
**     errors are parts of its footprint instead);
**   - every enabled step of S moves its instance forward (each of its next
**     steps comes later in the process's text, or ends it). So no cycle of
**     the reduced graph is made of reduced states alone (each such step
**     raises the sum of the program counters, which renaming symmetric
**     members does not change): no step is ignored forever.
**
** These are the conditions of Valmari's stubborn sets and of the ample
** sets of Peled and Godefroid (C0 non-emptiness, C1 dependency through the
** necessary enabling sets of disabled instances, C2 invisibility, C3 the
** cycle proviso in its static form). With them, every deadlock, every
** reachable state of an `always`/`reachable` predicate and every
** violation by a step is reached in the reduced graph too, so verdicts do
** not change; the counterexamples are concrete executions, but no longer
** always the shortest ones.
**
** What a step reads and writes at s (its footprint) is recorded while it
** runs (vm.h, struct bc_track), per array element. What an instance may
** do later is known statically: an abstract interpretation of each step's
** bytecode tracks array indices that are constants or the instance's own
** index plus a constant (through procedure parameters, which are local
** slots), and counts any other index as the whole array.
**
** An element that every store in the program sets to one constant k is
** "frozen" once it holds k (a completion flag once set, say `kicked[i] :=
** true`): no step can change it any more, so reading or re-writing it
** conflicts with nothing.
**
** The set is the smallest closure over the seeds (choose()); under
** symmetry, a move that only renames another by swapping two twin
** members is offered as outside it (sym_dup()). The members of a run of
** twins stand together: only the leader's step runs, a twin's footprint
** is the leader's renamed when something needs it (twin_materialise), and
** in a family whose members touch only their own elements and whole
** arrays (bc_por_new, fam_run) closure() walks the run once and one unit
** per variable and run (unit_seen), so the work per state follows the
** runs more than the members; the sets are the same (debug builds walk
** every twin as well and compare).
*/
#include "explore/por.h"

#include "bootcheck/arena.h"
#include "bootcheck/debug.h"
#include "bootcheck/states.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ abstract interpretation */

enum { A_BOT, A_CONST, A_SELF, A_ANY };

/* What a value on the stack is known to be within one step, for guards
** (below): nothing, local slot ts plus to, or the element (slot ts plus
** to) of variable tv as loaded, negated when neg. */
enum { T_NONE, T_SLOT, T_ELEM };

struct aval {
  int kind;
  int64_t k; /* A_CONST: the value; A_SELF: self + k */
  uint8_t tk, neg;
  uint16_t ts;
  uint32_t tv;
  int64_t to;
};

static const struct aval ANY = {A_ANY, 0, T_NONE, 0, 0, 0, 0};

static inline struct aval aval_of(int kind, int64_t k) {
  struct aval a = ANY;
  a.kind = kind;
  a.k = k;
  return a;
}

static bool tag_eq(struct aval a, struct aval b) {
  return a.tk == b.tk &&
         (a.tk == T_NONE ||
          (a.ts == b.ts && a.to == b.to &&
           (a.tk == T_SLOT || (a.tv == b.tv && a.neg == b.neg))));
}

static bool aeq(struct aval a, struct aval b) {
  return a.kind == b.kind &&
         (a.kind == A_ANY || a.kind == A_BOT || a.k == b.k) && tag_eq(a, b);
}

static struct aval untag(struct aval a) {
  a.tk = T_NONE;
  a.neg = 0;
  a.ts = 0;
  a.tv = 0;
  a.to = 0;
  return a;
}

static struct aval ajoin(struct aval a, struct aval b) {
  if (a.kind == A_BOT)
    return b;
  if (b.kind == A_BOT)
    return a;
  struct aval r = a.kind == b.kind && (a.kind == A_ANY || a.k == b.k)
                      ? a : ANY;
  return tag_eq(a, b) ? r : untag(r);
}

static struct aval aadd(struct aval a, struct aval b, int sign) {
  int64_t r;
  if (a.kind == A_CONST && b.kind == A_CONST) {
    if (sign > 0 ? __builtin_add_overflow(a.k, b.k, &r)
                 : __builtin_sub_overflow(a.k, b.k, &r))
      return ANY;
    return aval_of(A_CONST, r);
  }
  if (a.kind == A_SELF && b.kind == A_CONST) {
    if (sign > 0 ? __builtin_add_overflow(a.k, b.k, &r)
                 : __builtin_sub_overflow(a.k, b.k, &r))
      return ANY;
    return aval_of(A_SELF, r);
  }
  if (sign > 0 && a.kind == A_CONST && b.kind == A_SELF)
    return aadd(b, a, 1);
  return ANY;
}

/*
** Guards. Within one step, "element (slot j plus off) of variable g is
** not zero" is a fact from where a branch or an `await` tested it until
** local slot j or variable g is assigned or a hook runs a placement. An
** access to an element of another variable indexed by the same slot
** while such a fact holds happens only if that element of g is not zero
** at that moment: `exists c in 0..N: in_call[c] and LASS in cr4[c]`
** reads cr4[c] only where in_call[c], and `with c in 0..N { await
** online[c]; in_call[c] := true; }` writes in_call[c] only where
** online[c]. closure_walk uses it (guard_open): an instance whose
** footprint ahead reads an element only under a guard that no other
** instance can make true before the set's members move does not
** conflict with the members writing that element.
*/
#define NFACT 4

struct fact {
  uint32_t var;
  uint16_t slot;
  int64_t off;
};

/* One state access of a code region. */
struct acc {
  uint32_t var;
  bool write;
  struct aval idx;  /* element (after INDEX): A_CONST/A_SELF, else any */
  struct aval val;  /* stored value (writes) */
  bool guarded;     /* ... only where element idx + gdelta of gvar is
                    ** not zero (idx any) */
  uint32_t gvar;
  int64_t gdelta;
};

struct region {
  struct acc *acc;
  size_t nacc;
  int *gotos;       /* GOTO targets (local step numbers) */
  uint64_t *gomask; /* per target: the facts about every element (struct
                    ** bc_ufact, by index) that hold on every GOTO to it */
  size_t ngotos;
  int *hooks;
  size_t nhooks;
};

struct stk {
  bool set;
  unsigned depth;
  struct aval *v;
  unsigned nf;      /* the facts on entry (guards) */
  struct fact f[NFACT];
  uint64_t uf;      /* the facts about every element on entry */
};

/* Where the program's facts about every element begin (per instruction:
** on the fall-through and on the jump) and which variables' stores end
** them; bits are indices in p->ufacts (the first 64). */
struct ufx {
  const uint64_t *fall, *jump;
  const uint64_t *kill;   /* per variable */
};

static bool fact_in(const struct fact *f, unsigned n, struct fact x) {
  for (unsigned i = 0; i < n; i++)
    if (f[i].var == x.var && f[i].slot == x.slot && f[i].off == x.off)
      return true;
  return false;
}

static bool stk_join(struct stk *dst, const struct aval *v, unsigned depth,
                     const struct fact *f, unsigned nf, uint64_t uf,
                     bool *imprecise) {
  if (!dst->set) {
    dst->set = true;
    dst->depth = depth;
    memcpy(dst->v, v, depth * sizeof *v);
    dst->nf = nf;
    if (nf)
      memcpy(dst->f, f, nf * sizeof *f);
    dst->uf = uf;
    return true;
  }
  if (dst->depth != depth) {
    *imprecise = true;
    return false;
  }
  bool changed = false;
  for (unsigned i = 0; i < depth; i++) {
    struct aval j = ajoin(dst->v[i], v[i]);
    if (!aeq(j, dst->v[i])) {
      dst->v[i] = j;
      changed = true;
    }
  }
  /* a fact holds after a join only if it holds on every way in */
  unsigned k = 0;
  for (unsigned i = 0; i < dst->nf; i++)
    if (fact_in(f, nf, dst->f[i]))
      dst->f[k++] = dst->f[i];
  changed |= k != dst->nf;
  dst->nf = k;
  changed |= (dst->uf & uf) != dst->uf;
  dst->uf &= uf;
  return changed;
}

static void add_acc(struct region *r, size_t *cap, uint32_t var, bool wr,
                    struct aval idx, struct aval val) {
  if (r->nacc == *cap) {
    *cap = *cap ? 2 * *cap : 16;
    r->acc = bc_xrealloc(r->acc, *cap * sizeof *r->acc);
  }
  r->acc[r->nacc++] = (struct acc){var, wr, untag(idx), untag(val), false,
                                   0, 0};
}

/* An access to variable var at index idx (tagged T_SLOT: a slot plus a
** constant, after INDEX) while the facts f hold: guarded by the first fact
** on the same slot. */
static void add_acc_guarded(struct region *r, size_t *cap, uint32_t var,
                            bool wr, struct aval idx, struct aval val,
                            const struct fact *f, unsigned nf) {
  add_acc(r, cap, var, wr, idx, val);
  if (idx.kind != A_ANY || idx.tk != T_SLOT)
    return;
  for (unsigned i = 0; i < nf; i++) {
    int64_t dl;
    if (f[i].slot == idx.ts &&
        !__builtin_sub_overflow(f[i].off, idx.to, &dl)) {
      struct acc *a = &r->acc[r->nacc - 1];
      a->guarded = true;
      a->gvar = f[i].var;
      a->gdelta = dl;
      return;
    }
  }
}

/* Forget the facts and stack tags that name slot 'slot' (var UINT32_MAX)
** or variable 'var' (slot UINT32_MAX); both UINT32_MAX: all of them. */
static void kill_facts(struct fact *f, unsigned *nf, struct aval *stk,
                       unsigned d, uint32_t slot, uint32_t var) {
  bool all = slot == UINT32_MAX && var == UINT32_MAX;
  unsigned k = 0;
  for (unsigned i = 0; i < *nf; i++)
    if (!all && f[i].slot != slot && f[i].var != var)
      f[k++] = f[i];
  *nf = k;
  for (unsigned i = 0; i < d; i++) {
    struct aval *a = &stk[i];
    if (a->tk == T_NONE)
      continue;
    if (all || a->ts == slot || (a->tk == T_ELEM && a->tv == var))
      *a = untag(*a);
  }
}

static void add_fact(struct fact *f, unsigned *nf, struct fact x) {
  if (*nf < NFACT && !fact_in(f, *nf, x))
    f[(*nf)++] = x;
}

static void add_int(int **v, size_t *n, int x) {
  for (size_t i = 0; i < *n; i++)
    if ((*v)[i] == x)
      return;
  *v = bc_xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = x;
}

/* A GOTO to step t where the facts uf hold: those of every GOTO to t. */
static void add_goto(struct region *r, int t, uint64_t uf) {
  for (size_t i = 0; i < r->ngotos; i++)
    if (r->gotos[i] == t) {
      r->gomask[i] &= uf;
      return;
    }
  r->gotos = bc_xrealloc(r->gotos, (r->ngotos + 1) * sizeof *r->gotos);
  r->gomask = bc_xrealloc(r->gomask, (r->ngotos + 1) * sizeof *r->gomask);
  r->gomask[r->ngotos] = uf;
  r->gotos[r->ngotos++] = t;
}

/*
** Run the abstract machine over the code reachable from 'start'. With
** 'rec' set, record the accesses into r (the stacks are then a fixpoint).
** Returns whether the slot map changed.
*/
static bool absint(const struct bc_program *p, const struct ufx *ux,
                   uint32_t start, int pin,
                   struct stk *ent, uint32_t *work, bool *inwork,
                   struct aval *slots,
                   struct aval *tmp, bool *imprecise, struct region *r,
                   size_t *cap, bool rec) {
  bool slots_changed = false;
  unsigned nw = 0;
  struct aval none[1] = {aval_of(A_BOT, 0)};
  stk_join(&ent[start], none, 0, NULL, 0, 0, imprecise);
  work[nw++] = start;
  inwork[start] = true;
  while (nw > 0 && !*imprecise) {
    uint32_t pc = work[--nw];
    inwork[pc] = false;
    const struct bc_insn *in = &p->code[pc];
    unsigned d = ent[pc].depth;
    memcpy(tmp, ent[pc].v, d * sizeof *tmp);
    struct fact cf[NFACT];
    unsigned ncf = ent[pc].nf;
    memcpy(cf, ent[pc].f, ncf * sizeof *cf);
    uint64_t cu = ent[pc].uf;
    /* a fact on one way out: 1 on the fall-through, 2 on the jump */
    struct fact ef = {0, 0, 0};
    int ef_edge = 0;
    struct aval x, y;
    uint32_t succ[2];
    bool sjump[2];
    unsigned ns = 0;
    bool fall = true;
#define NEED(n)                                                                \
  do {                                                                         \
    if (d < (n)) {                                                             \
      *imprecise = true;                                                       \
      return slots_changed;                                                    \
    }                                                                          \
  } while (0)
    switch (in->op) {
    case BC_INS_PUSH:
      tmp[d++] = aval_of(A_CONST, in->k);
      break;
    case BC_INS_POP:
      NEED(1);
      d--;
      break;
    case BC_INS_LOAD:
      if (rec)
        add_acc(r, cap, in->b, false, aval_of(A_CONST, 0), ANY);
      tmp[d++] = ANY;
      break;
    case BC_INS_LOADX:
      NEED(1);
      if (rec)
        add_acc_guarded(r, cap, in->b, false, tmp[d - 1], ANY, cf, ncf);
      x = tmp[d - 1];
      tmp[d - 1] = ANY;
      if (x.tk == T_SLOT && p->vars[in->b].kind == BC_VAR_USER) {
        tmp[d - 1].tk = T_ELEM;
        tmp[d - 1].ts = x.ts;
        tmp[d - 1].to = x.to;
        tmp[d - 1].tv = in->b;
      }
      break;
    case BC_INS_STORE:
      NEED(1);
      d--;
      if (rec)
        add_acc(r, cap, in->b, true, aval_of(A_CONST, 0), tmp[d]);
      kill_facts(cf, &ncf, tmp, d, UINT32_MAX, in->b);
      if (ux)
        cu &= ~ux->kill[in->b];
      break;
    case BC_INS_STOREX:
      NEED(2);
      d -= 2;
      if (rec)
        add_acc_guarded(r, cap, in->b, true, tmp[d], tmp[d + 1], cf, ncf);
      kill_facts(cf, &ncf, tmp, d, UINT32_MAX, in->b);
      if (ux)
        cu &= ~ux->kill[in->b];
      break;
    case BC_INS_INDEX: {
      NEED(1);
      int64_t lo = in->a == 0 ? p->fields[in->b].dlo
                              : p->vars[in->b].dim_lo[in->a];
      x = tmp[d - 1];
      tmp[d - 1] = aadd(x, aval_of(A_CONST, lo), -1);
      if (x.tk == T_SLOT &&
          !__builtin_sub_overflow(x.to, lo, &tmp[d - 1].to)) {
        tmp[d - 1].tk = T_SLOT;
        tmp[d - 1].ts = x.ts;
      }
      break;
    }
    case BC_INS_FLAT:
      NEED(2);
      y = tmp[--d];
      x = tmp[d - 1];
      tmp[d - 1] = ANY;
      if (x.kind == A_CONST && y.kind == A_CONST) {
        int64_t m, s;
        if (!__builtin_mul_overflow(x.k, in->k, &m) &&
            !__builtin_add_overflow(m, y.k, &s))
          tmp[d - 1] = aval_of(A_CONST, s);
      }
      break;
    case BC_INS_LGET:
      tmp[d] = untag(slots[in->a]);
      tmp[d].tk = T_SLOT;
      tmp[d].ts = in->a;
      d++;
      break;
    case BC_INS_LSET: {
      NEED(1);
      x = tmp[--d];
      /* the slot's facts are gone; a copy of another slot (a procedure's
      ** parameter) inherits that slot's */
      kill_facts(cf, &ncf, tmp, d, in->a, UINT32_MAX);
      if (x.tk == T_SLOT && x.ts != in->a) {
        unsigned n0 = ncf;
        for (unsigned i = 0; i < n0; i++) {
          int64_t o;
          if (cf[i].slot == x.ts &&
              !__builtin_sub_overflow(cf[i].off, x.to, &o))
            add_fact(cf, &ncf, (struct fact){cf[i].var, in->a, o});
        }
      }
      x = untag(x);
      if ((int)in->a == pin)
        break; /* pinned to one value: see analyse() */
      struct aval j = ajoin(slots[in->a], x);
      if (!aeq(j, slots[in->a])) {
        slots[in->a] = j;
        slots_changed = true;
      }
      break;
    }
    case BC_INS_SELF:
      tmp[d++] = aval_of(A_SELF, 0);
      break;
    case BC_INS_ADD:
    case BC_INS_SUB:
      NEED(2);
      y = tmp[--d];
      x = tmp[d - 1];
      tmp[d - 1] = aadd(x, y, in->op == BC_INS_ADD ? 1 : -1);
      {
        /* slot + k, k + slot, slot - k */
        int64_t o = 0;
        bool ok = false;
        uint16_t ts = 0;
        if (x.tk == T_SLOT && y.kind == A_CONST) {
          ok = in->op == BC_INS_ADD ? !__builtin_add_overflow(x.to, y.k, &o)
                                    : !__builtin_sub_overflow(x.to, y.k, &o);
          ts = x.ts;
        } else if (in->op == BC_INS_ADD && y.tk == T_SLOT &&
                   x.kind == A_CONST) {
          ok = !__builtin_add_overflow(y.to, x.k, &o);
          ts = y.ts;
        }
        if (ok) {
          tmp[d - 1].tk = T_SLOT;
          tmp[d - 1].ts = ts;
          tmp[d - 1].to = o;
        }
      }
      break;
    case BC_INS_INRANGE:
      NEED(3);
      d -= 2;
      tmp[d - 1] = ANY;
      break;
    case BC_INS_JMP:
      fall = false;
      sjump[ns] = true;
      succ[ns++] = in->b;
      break;
    case BC_INS_JZ:
    case BC_INS_JNZ:
      NEED(1);
      d--;
      /* taken where the value is not zero: the fall-through of JZ, the
      ** jump of JNZ; a negated element is not zero on the other way */
      if (tmp[d].tk == T_ELEM) {
        ef = (struct fact){tmp[d].tv, tmp[d].ts, tmp[d].to};
        ef_edge = (in->op == BC_INS_JZ) != (tmp[d].neg != 0) ? 1 : 2;
      }
      /* a constant condition (a constant the compiler did not fold
      ** away): only the branch it takes is code this step can run */
      if (tmp[d].kind == A_CONST) {
        bool jump = (tmp[d].k == 0) == (in->op == BC_INS_JZ);
        if (jump) {
          fall = false;
          sjump[ns] = true;
          succ[ns++] = in->b;
        }
        break;
      }
      sjump[ns] = true;
      succ[ns++] = in->b;
      break;
    case BC_INS_NOT:
      NEED(1);
      x = tmp[d - 1];
      tmp[d - 1] = x.kind == A_CONST ? aval_of(A_CONST, x.k == 0) : ANY;
      if (x.tk == T_ELEM) {
        tmp[d - 1].tk = T_ELEM;
        tmp[d - 1].ts = x.ts;
        tmp[d - 1].to = x.to;
        tmp[d - 1].tv = x.tv;
        tmp[d - 1].neg = !x.neg;
      }
      break;
    case BC_INS_EQ:
    case BC_INS_NE:
    case BC_INS_LT:
    case BC_INS_LE:
    case BC_INS_GT:
    case BC_INS_GE:
      NEED(2);
      y = tmp[--d];
      x = tmp[d - 1];
      if (x.kind == A_CONST && y.kind == A_CONST) {
        bool v = in->op == BC_INS_EQ   ? x.k == y.k
                 : in->op == BC_INS_NE ? x.k != y.k
                 : in->op == BC_INS_LT ? x.k < y.k
                 : in->op == BC_INS_LE ? x.k <= y.k
                 : in->op == BC_INS_GT ? x.k > y.k
                                       : x.k >= y.k;
        tmp[d - 1] = aval_of(A_CONST, v);
      } else {
        tmp[d - 1] = ANY;
      }
      break;
    case BC_INS_AWAIT:
      NEED(1);
      d--;
      /* the path goes on only where the value is not zero */
      if (tmp[d].tk == T_ELEM && !tmp[d].neg) {
        ef = (struct fact){tmp[d].tv, tmp[d].ts, tmp[d].to};
        ef_edge = 1;
      }
      break;
    case BC_INS_ASSERT:
      NEED(1);
      d--;
      break;
    case BC_INS_CHOOSE:
      NEED(1);
      tmp[d - 1] = ANY;
      break;
    case BC_INS_VIOLATE:
    case BC_INS_TICK:
      break;
    case BC_INS_HOOK:
      if (rec)
        add_int(&r->hooks, &r->nhooks, in->a);
      /* the placement may write anything */
      kill_facts(cf, &ncf, tmp, d, UINT32_MAX, UINT32_MAX);
      cu = 0;
      break;
    case BC_INS_GOTO:
      if (rec)
        add_goto(r, in->a, cu);
      fall = false;
      break;
    case BC_INS_EXIT:
    case BC_INS_PRET:
    case BC_INS_HALT:
      fall = false;
      break;
    default: {
      /* the remaining operators take one or two values, give one */
      unsigned pops = (unsigned)bc_opcode_pops(in->op);
      if (pops == 0 || pops > 2 || bc_opinfo[in->op].pushes != 1) {
        *imprecise = true;
        return slots_changed;
      }
      NEED(pops);
      d -= pops;
      tmp[d++] = ANY;
      break;
    }
    }
#undef NEED
    if (d > p->max_stack + 4u) {
      *imprecise = true;
      return slots_changed;
    }
    if (fall) {
      sjump[ns] = false;
      succ[ns++] = pc + 1;
    }
    for (unsigned i = 0; i < ns; i++) {
      if (succ[i] >= p->ncode) {
        *imprecise = true;
        return slots_changed;
      }
      struct fact of[NFACT];
      unsigned nof = ncf;
      memcpy(of, cf, ncf * sizeof *cf);
      if (ef_edge == (sjump[i] ? 2 : 1))
        add_fact(of, &nof, ef);
      uint64_t ou = cu | (ux ? (sjump[i] ? ux->jump : ux->fall)[pc] : 0);
      if (stk_join(&ent[succ[i]], tmp, d, of, nof, ou, imprecise) &&
          !inwork[succ[i]]) {
        inwork[succ[i]] = true;
        work[nw++] = succ[i];
      }
      if (*imprecise)
        return slots_changed;
    }
  }
  return slots_changed;
}

/*
** The accesses of the code from 'start'. When the abstract machine cannot
** follow the code (it always can for what the compiler emits), every
** variable the code names is taken whole, and the stored values unknown.
*/
static void analyse_pinned(const struct bc_program *p, const struct ufx *ux,
                           uint32_t start, int pin, int64_t pin_val,
                           struct region *r) {
  memset(r, 0, sizeof *r);
  size_t n = p->ncode, cap = 0;
  unsigned depth = p->max_stack + 8;
  struct stk *ent = bc_xcalloc(n + 1, sizeof *ent);
  struct aval *store = bc_xcalloc((n + 1) * depth, sizeof *store);
  for (size_t i = 0; i < n; i++)
    ent[i].v = store + i * depth;
  uint32_t *work = bc_xcalloc(n + 1, sizeof *work);
  bool *inwork = bc_xcalloc(n + 1, sizeof *inwork);
  struct aval slots[256], tmp[1024 + 16];
  struct aval *tmpv = depth + 8 <= sizeof tmp / sizeof *tmp
                          ? tmp : bc_xcalloc(depth + 8, sizeof *tmpv);
  for (int i = 0; i < 256; i++)
    slots[i] = aval_of(A_BOT, 0);
  if (pin >= 0 && pin < 256)
    slots[pin] = aval_of(A_CONST, pin_val);
  bool imprecise = false;
  for (int iter = 0; iter < 64 && !imprecise; iter++) {
    for (size_t i = 0; i < n; i++)
      ent[i].set = false;
    memset(inwork, 0, n + 1);
    if (!absint(p, ux, start, pin, ent, work, inwork, slots, tmpv,
                &imprecise, r, &cap, false))
      break;
  }
  if (!imprecise) {
    for (int i = 0; i < 256; i++)
      if (slots[i].kind == A_BOT)
        slots[i] = ANY;
    for (size_t i = 0; i < n; i++)
      ent[i].set = false;
    memset(inwork, 0, n + 1);
    absint(p, ux, start, pin, ent, work, inwork, slots, tmpv, &imprecise, r,
           &cap, true);
  }
  if (imprecise) {
    /* fall back: every access in the reachable code, whole and unknown */
    r->nacc = 0;
    r->ngotos = 0;
    r->nhooks = 0;
    free(r->gotos);
    free(r->gomask);
    r->gotos = NULL;
    r->gomask = NULL;
    bool *seen = bc_xcalloc(n + 1, 1);
    uint32_t *st = work;
    unsigned ns = 0;
    st[ns++] = start;
    seen[start] = true;
    while (ns > 0) {
      uint32_t pc = st[--ns];
      const struct bc_insn *in = &p->code[pc];
      uint32_t nx[2];
      unsigned k = 0;
      uint32_t use = bc_opcode_uses(in->op);
      if (use & (BC_U_READ | BC_U_WRITE))
        add_acc(r, &cap, in->b, (use & BC_U_WRITE) != 0, ANY, ANY);
      if (use & BC_U_HOOK)
        add_int(&r->hooks, &r->nhooks, in->a);
      if (use & BC_U_STEP)
        add_goto(r, in->a, 0);
      if (bc_opcode_jumps(in->op))
        nx[k++] = in->b;
      if (bc_opcode_falls(in->op))
        nx[k++] = pc + 1;
      for (unsigned i = 0; i < k; i++)
        if (nx[i] < n && !seen[nx[i]]) {
          seen[nx[i]] = true;
          st[ns++] = nx[i];
        }
    }
    free(seen);
  }
  if (tmpv != tmp)
    free(tmpv);
  free(work);
  free(inwork);
  free(store);
  free(ent);
}

/* The accesses of the code from 'start'. */
static void analyse(const struct bc_program *p, const struct ufx *ux,
                    uint32_t start, struct region *r) {
  analyse_pinned(p, ux, start, -1, 0, r);
}

static void region_free(struct region *r) {
  free(r->acc);
  free(r->gotos);
  free(r->gomask);
  free(r->hooks);
}

/* ------------------------------------------------------- the analysis */

struct bc_por {
  const struct bc_program *p;
  uint32_t nunits, words;
  uint32_t *unit_base;       /* per variable */
  uint32_t *unit_var;        /* per unit */
  /* per instance and step of its process: what it may still read/write */
  uint32_t *row0;            /* per instance: first row */
  uint64_t *futr, *futw;     /* rows x words */
  uint64_t *vis;             /* units read by always/reachable (or, for
                             ** the window pass, by the windows) */
  /* the window pass (bc_por_new_windows): per window conjunct, in order
  ** (window 0's, then 1's, ...), the units it reads (CSR) */
  uint32_t *wc_base;         /* per window: its first conjunct */
  uint32_t *wc_first, *wc_unit;
  /* ... and for a conjunct `exists/forall x in lo..hi: B(x)` (the
  ** window's qkind), per pair (conjunct, x): the units B(x) reads (CSR),
  ** its conjunct and x; per unit, the one pair whose B reads it when no
  ** other pair or conjunct of any window does (WQ_NONE: none reads it,
  ** WQ_MANY: several do) (harmless) */
  uint32_t npairs;
  uint32_t *wq_first, *wq_unit, *wq_conj;
  int64_t *wq_x;
  uint32_t *wq_of;
  uint8_t *wc_qkind;         /* per conjunct: its window's qkind */
  uint32_t *wc_qbody;
  bool *forward;             /* per global step */
  bool *mono;                /* per variable: every store writes monok */
  int64_t *monok;
  unsigned local_conj;       /* invariant conjuncts local to an instance */
  /* per unit: the instances that may ever write / read it (CSR lists) */
  uint32_t *wr_first, *wr_inst, *rd_first, *rd_inst;
  /* per variable: the symmetric family whose members' fields it holds
  ** (index in p->symfams + 1, or 0), and its first member's element */
  uint32_t *sym_fam, *sym_e0;
  /* per instance: its symmetric family + 1, or 0 */
  uint32_t *inst_fam;
  /* per state bit: the unit holding it (UINT32_MAX: none), for the
  ** members a move changes (sym_dup) */
  uint32_t *bit_unit;
  /* per symmetric family: closure() walks a run of twins' leader only
  ** (run_whole); mark_bad() gives a twin its leader's verdict (fam_vis) */
  bool *fam_run, *fam_vis;
  /* per unit: the member whose element it is, in a uniform family
  ** (fam_run), or UINT32_MAX (unit_seen) */
  uint32_t *unit_mem;
  bool any_run;              /* some family is uniform */
  /* guarded accesses (struct acc): the kinds (at most 64), and per row
  ** which kinds the instance may still do; futr and futw hold the other
  ** accesses, futw_nz the writes among them of a value that may not be
  ** zero (may_become) */
  struct gkind {
    uint32_t var, guard;
    int64_t delta;             /* guard element = element + delta */
    bool write, nz;
  } gk[64];
  unsigned ngk;
  uint64_t gk_nz;            /* the kinds that write a value not zero */
  uint64_t *gvar;            /* per variable: the kinds accessing it */
  uint64_t *grow_r, *grow_w; /* per row */
  uint64_t *futw_nz;         /* rows x words */
  /* facts about every element on the edges between steps (struct
  ** bc_ufact; the first 64 of p->ufacts). A row from which a step whose
  ** way out carries such a fact can be reached has a cut (cut_of, else
  ** UINT32_MAX): what the instance may do before it crosses such an edge
  ** (cfutr, cfutw, cgrow_r, cgrow_w, as the rows), and the edges that
  ** lead on (exits: the facts that hold there, and the step they lead
  ** to, whose row or cut says what follows). The rows themselves hold
  ** everything. */
  unsigned nuf;
  const struct bc_ufact *uf;
  uint32_t *cut_of;          /* per row */
  uint32_t ncut;
  uint64_t *cfutr, *cfutw;   /* ncut x words */
  uint64_t *cgrow_r, *cgrow_w;
  uint8_t *cex_n;            /* per cut */
  struct cexit {
    uint64_t mask;
    uint32_t step;
  } *cex;                    /* ncut x NEXIT */
  /* per global step: the steps its GOTOs lead to and the facts that hold
  ** on each (CSR; check_edge) */
  uint32_t *ego_first, *ego_t;
  uint64_t *ego_m;
  /* the liveness pass (bc_por_new_live): per global step, is it in a
  ** fairness unit, so that an instance there may seed a set (NULL: any
  ** enabled instance may) */
  bool *fair_seed;
};

#define NEXIT 8
#define WQ_NONE UINT32_MAX
#define WQ_MANY (UINT32_MAX - 1)
#define WQ_PAIRS 65536     /* pairs at most, else no conjunct has them */
#define WQ_TOUCH 16        /* pairs one step may touch (harmless) */

static inline void bset(uint64_t *b, uint32_t u) {
  b[u / 64] |= (uint64_t)1 << (u % 64);
}

static inline bool bget(const uint64_t *b, uint32_t u) {
  return (b[u / 64] >> (u % 64)) & 1;
}

static inline const uint64_t *fut(const struct bc_por *po, const uint64_t *b,
                                  unsigned inst, unsigned k) {
  return b + (size_t)(po->row0[inst] + k) * (po->words ? po->words : 1);
}

/* Add the units of access 'a' by an instance with index 'self'
** (has_self false: no instance, as in constraints). */
static void add_units(const struct bc_por *po, uint64_t *b,
                      const struct acc *a, bool has_self, int64_t self) {
  const struct bc_var *v = &po->p->vars[a->var];
  int64_t e = -1;
  if (a->idx.kind == A_CONST)
    e = a->idx.k;
  else if (a->idx.kind == A_SELF && has_self &&
           !__builtin_add_overflow(self, a->idx.k, &e))
    ;
  else
    e = -1;
  if (e >= 0 && e < (int64_t)v->nelems) {
    bset(b, po->unit_base[a->var] + (uint32_t)e);
    return;
  }
  for (uint32_t i = 0; i < v->nelems; i++)
    bset(b, po->unit_base[a->var] + i);
}

/* How many of the n bits of b from bit 'at' on are set. */
static uint32_t bcount(const uint64_t *b, uint32_t at, uint32_t n) {
  uint32_t c = 0;
  while (n > 0) {
    uint32_t sh = at % 64, k = 64 - sh < n ? 64 - sh : n;
    uint64_t w = b[at / 64] >> sh;
    if (k < 64)
      w &= ((uint64_t)1 << k) - 1;
    c += (uint32_t)__builtin_popcountll(w);
    at += k;
    n -= k;
  }
  return c;
}

/* The guarded access kind of a, added if new; -1 when the table is full. */
static int gkind_of(struct bc_por *po, const struct acc *a, bool nz) {
  for (unsigned i = 0; i < po->ngk; i++) {
    const struct gkind *g = &po->gk[i];
    if (g->var == a->var && g->guard == a->gvar && g->delta == a->gdelta &&
        g->write == a->write && g->nz == nz)
      return (int)i;
  }
  if (po->ngk == 64)
    return -1;
  po->gk[po->ngk] = (struct gkind){a->var, a->gvar, a->gdelta, a->write, nz};
  return (int)po->ngk++;
}

/* Add region r's accesses by an instance with index 'self' to rd and wr
** (and, with row, its guarded kinds to row's masks and its writes of a
** value that may not be zero to nz). */
static void add_region(struct bc_por *po, uint64_t *rd, uint64_t *wr,
                       const struct region *r, bool has_self, int64_t self,
                       size_t row, uint64_t *nz) {
  for (size_t i = 0; i < r->nacc; i++) {
    const struct acc *a = &r->acc[i];
    bool anyv = !(a->val.kind == A_CONST && a->val.k == 0);
    if (nz && a->guarded) {
      int k = gkind_of(po, a, a->write && anyv);
      if (k >= 0) {
        uint64_t *m = a->write ? po->grow_w : po->grow_r;
        m[row] |= (uint64_t)1 << k;
        continue;
      }
    }
    add_units(po, a->write ? wr : rd, a, has_self, self);
    if (nz && a->write && anyv)
      add_units(po, nz, a, has_self, self);
  }
}

/* Is u one of U[0..n)? */
static bool unit_in(const uint32_t *U, uint32_t n, uint32_t u) {
  for (uint32_t i = 0; i < n; i++)
    if (U[i] == u)
      return true;
  return false;
}

/* Add exit (mask, step) to cut c; whether it is new. More than NEXIT:
** the cut overflows (ovf). */
static bool cut_exit(struct bc_por *po, bool *ovf, uint32_t c, uint64_t mask,
                     uint32_t step) {
  struct cexit *x = po->cex + (size_t)c * NEXIT;
  for (unsigned j = 0; j < po->cex_n[c]; j++)
    if (x[j].mask == mask && x[j].step == step)
      return false;
  if (po->cex_n[c] == NEXIT) {
    bool was = ovf[c];
    ovf[c] = true;
    return !was;
  }
  x[po->cex_n[c]++] = (struct cexit){mask, step};
  return true;
}

/* Row 'row' (futr or futw, by wr) with its guarded kinds as every element
** of their variables, into out. */
static void row_expand(const struct bc_por *po, size_t row, bool wr,
                       uint64_t *out) {
  size_t W = po->words ? po->words : 1;
  memcpy(out, (wr ? po->futw : po->futr) + row * W, W * sizeof *out);
  for (uint64_t m = (wr ? po->grow_w : po->grow_r)[row]; m; m &= m - 1) {
    const struct gkind *g = &po->gk[__builtin_ctzll(m)];
    for (uint32_t e = 0; e < po->p->vars[g->var].nelems; e++)
      bset(out, po->unit_base[g->var] + e);
  }
}

/* Row 'row' expanded (row_expand) for wr 0 (reads) and 1 (writes); its
** cut's for 2 and 3. */
static void row_or_cut(const struct bc_por *po, size_t row, int wr,
                       uint64_t *out) {
  if (wr < 2) {
    row_expand(po, row, wr, out);
    return;
  }
  size_t W = po->words ? po->words : 1;
  uint32_t c = po->cut_of[row];
  memcpy(out, (wr == 3 ? po->cfutw : po->cfutr) + (size_t)c * W,
         W * sizeof *out);
  for (uint64_t m = (wr == 3 ? po->cgrow_w : po->cgrow_r)[c]; m; m &= m - 1) {
    const struct gkind *g = &po->gk[__builtin_ctzll(m)];
    for (uint32_t e = 0; e < po->p->vars[g->var].nelems; e++)
      bset(out, po->unit_base[g->var] + e);
  }
}

static void vis_constraints(struct bc_por *po, size_t W);
static void vis_windows(struct bc_por *po, size_t W, bool harmless);
static void vis_live(struct bc_por *po, size_t W);

/* windows: 0 the search's, 1 the window pass's, 2 with harmless writes,
** 3 the liveness pass's */
static struct bc_por *por_new(const struct bc_program *p,
                              const struct bc_vm *vm, int windows);

struct bc_por *bc_por_new(const struct bc_program *p, const struct bc_vm *vm) {
  return por_new(p, vm, 0);
}

struct bc_por *bc_por_new_windows(const struct bc_program *p,
                                  const struct bc_vm *vm, bool harmless) {
  return por_new(p, vm, harmless ? 2 : 1);
}

struct bc_por *bc_por_new_live(const struct bc_program *p,
                               const struct bc_vm *vm) {
  return por_new(p, vm, 3);
}

static struct bc_por *por_new(const struct bc_program *p,
                              const struct bc_vm *vm, int windows) {
  struct bc_por *po = bc_xcalloc(1, sizeof *po);
  po->p = p;
  po->unit_base = bc_xcalloc(p->nvars + 1, sizeof *po->unit_base);
  uint32_t u = 0;
  for (size_t v = 0; v < p->nvars; v++) {
    po->unit_base[v] = u;
    u += p->vars[v].nelems;
  }
  po->nunits = u;
  po->words = (u + 63) / 64;
  po->unit_var = bc_xcalloc(u + 1, sizeof *po->unit_var);
  for (size_t v = 0; v < p->nvars; v++)
    for (uint32_t i = 0; i < p->vars[v].nelems; i++)
      po->unit_var[po->unit_base[v] + i] = (uint32_t)v;
  po->sym_fam = bc_xcalloc(p->nvars + 1, sizeof *po->sym_fam);
  po->sym_e0 = bc_xcalloc(p->nvars + 1, sizeof *po->sym_e0);
  po->inst_fam = bc_xcalloc(p->ninsts + 1, sizeof *po->inst_fam);
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    for (unsigned k = 0; k < sf->nvars; k++) {
      po->sym_fam[sf->vars[k]] = (uint32_t)f + 1;
      po->sym_e0[sf->vars[k]] = sf->elem0[k];
    }
    const struct bc_proc *pr = &p->procs[sf->proc];
    for (unsigned m = 0; m < sf->n; m++)
      po->inst_fam[pr->first_inst + m] = (uint32_t)f + 1;
  }
  {
    size_t nbits = (size_t)p->state_bytes * 8;
    po->bit_unit = bc_xcalloc(nbits + 1, sizeof *po->bit_unit);
    for (size_t b = 0; b <= nbits; b++)
      po->bit_unit[b] = UINT32_MAX;
    for (size_t v = 0; v < p->nvars; v++) {
      const struct bc_field *fd = &p->fields[v];
      for (uint32_t e = 0; e < p->vars[v].nelems; e++)
        for (unsigned b = 0; b < fd->width; b++) {
          size_t at = (size_t)fd->bitoff + (size_t)e * fd->stride + b;
          if (at < nbits)
            po->bit_unit[at] = po->unit_base[v] + e;
        }
    }
  }

  /* facts about every element: where they begin, what ends them */
  struct ufx ux;
  uint64_t *ufall = bc_xcalloc(p->ncode + 1, sizeof *ufall);
  uint64_t *ujump = bc_xcalloc(p->ncode + 1, sizeof *ujump);
  uint64_t *ukill = bc_xcalloc(p->nvars + 1, sizeof *ukill);
  po->uf = p->ufacts;
  po->nuf = p->nufacts < 64 ? (unsigned)p->nufacts : 64;
  for (unsigned i = 0; i < po->nuf; i++) {
    const struct bc_ufact *f = &p->ufacts[i];
    bool ok = f->pc < p->ncode && f->nlit > 0 && f->nlit <= BC_UFACT_LITS &&
              ((f->edge == 1 && (p->code[f->pc].op == BC_INS_AWAIT ||
                                 p->code[f->pc].op == BC_INS_JZ)) ||
               (f->edge == 2 && p->code[f->pc].op == BC_INS_JZ));
    for (unsigned k = 0; k < f->nlit && ok; k++)
      ok = f->lit[k].var < p->nvars;
    if (!ok)
      continue;
    (f->edge == 1 ? ufall : ujump)[f->pc] |= (uint64_t)1 << i;
    for (unsigned k = 0; k < f->nlit; k++)
      ukill[f->lit[k].var] |= (uint64_t)1 << i;
  }
  ux = (struct ufx){ufall, ujump, ukill};

  /* regions: steps, then placements, then constraints */
  struct region *rs = bc_xcalloc(p->nsteps + 1, sizeof *rs);
  struct region *rp = bc_xcalloc(p->nplacements + 1, sizeof *rp);
  for (size_t s = 0; s < p->nsteps; s++)
    analyse(p, &ux, p->steps[s].code, &rs[s]);
  for (size_t i = 0; i < p->nplacements; i++)
    analyse(p, NULL, p->placements[i].code, &rp[i]);
  free(ufall);
  free(ujump);
  free(ukill);

  /* monotone variables: every store, in any configuration, one constant */
  po->mono = bc_xcalloc(p->nvars + 1, sizeof *po->mono);
  po->monok = bc_xcalloc(p->nvars + 1, sizeof *po->monok);
  {
    int *st = bc_xcalloc(p->nvars + 1, sizeof *st); /* 0 none 1 const 2 no */
    for (size_t k = 0; k < p->nsteps + p->nplacements; k++) {
      const struct region *r = k < p->nsteps ? &rs[k] : &rp[k - p->nsteps];
      for (size_t i = 0; i < r->nacc; i++) {
        const struct acc *a = &r->acc[i];
        if (!a->write)
          continue;
        if (a->val.kind != A_CONST)
          st[a->var] = 2;
        else if (st[a->var] == 0) {
          st[a->var] = 1;
          po->monok[a->var] = a->val.k;
        } else if (st[a->var] == 1 && po->monok[a->var] != a->val.k)
          st[a->var] = 2;
      }
    }
    for (size_t v = 0; v < p->nvars; v++)
      po->mono[v] = st[v] == 1 && p->vars[v].kind != BC_VAR_PC;
    free(st);
  }

  /* per instance and step: the step's own footprint, then the future */
  size_t rows = 0;
  po->row0 = bc_xcalloc(p->ninsts + 1, sizeof *po->row0);
  for (size_t g = 0; g < p->ninsts; g++) {
    po->row0[g] = (uint32_t)rows;
    rows += p->procs[p->insts[g].proc].nsteps;
  }
  size_t W = po->words ? po->words : 1;
  po->futr = bc_xcalloc(rows * W + 1, sizeof *po->futr);
  po->futw = bc_xcalloc(rows * W + 1, sizeof *po->futw);
  po->futw_nz = bc_xcalloc(rows * W + 1, sizeof *po->futw_nz);
  po->grow_r = bc_xcalloc(rows + 1, sizeof *po->grow_r);
  po->grow_w = bc_xcalloc(rows + 1, sizeof *po->grow_w);
  po->forward = bc_xcalloc(p->nsteps + 1, sizeof *po->forward);

  /* the edges' facts, and the steps from which an edge with facts can be
  ** reached (they get cuts) */
  po->ego_first = bc_xcalloc(p->nsteps + 2, sizeof *po->ego_first);
  for (size_t st = 0; st < p->nsteps; st++)
    po->ego_first[st + 1] = po->ego_first[st] + (uint32_t)rs[st].ngotos;
  po->ego_t = bc_xcalloc(po->ego_first[p->nsteps] + 1, sizeof *po->ego_t);
  po->ego_m = bc_xcalloc(po->ego_first[p->nsteps] + 1, sizeof *po->ego_m);
  for (size_t st = 0; st < p->nsteps; st++)
    for (size_t i = 0; i < rs[st].ngotos; i++) {
      po->ego_t[po->ego_first[st] + i] = (uint32_t)rs[st].gotos[i];
      po->ego_m[po->ego_first[st] + i] = rs[st].gomask[i];
    }
  po->cut_of = bc_xcalloc(rows + 1, sizeof *po->cut_of);
  for (size_t r = 0; r <= rows; r++)
    po->cut_of[r] = UINT32_MAX;
  bool *hasfx = bc_xcalloc(p->nsteps + 1, sizeof *hasfx);
  size_t ncut = 0;
  for (size_t pi = 0; pi < p->nprocs; pi++) {
    const struct bc_proc *pr = &p->procs[pi];
    for (bool changed = true; changed;) {
      changed = false;
      for (unsigned k = 0; k < pr->nsteps; k++) {
        const struct region *r = &rs[pr->first_step + k];
        bool h = hasfx[pr->first_step + k];
        for (size_t i = 0; i < r->ngotos && !h; i++) {
          int t = r->gotos[i];
          if (t >= 0 && (unsigned)t < pr->nsteps)
            h = r->gomask[i] != 0 || hasfx[pr->first_step + (unsigned)t];
        }
        changed |= h != hasfx[pr->first_step + k];
        hasfx[pr->first_step + k] = h;
      }
    }
    for (unsigned k = 0; k < pr->nsteps; k++)
      if (hasfx[pr->first_step + k])
        for (unsigned e = 0; e < pr->ninst; e++)
          po->cut_of[po->row0[pr->first_inst + e] + k] = (uint32_t)ncut++;
  }
  po->ncut = (uint32_t)ncut;
  po->cfutr = bc_xcalloc(ncut * W + 1, sizeof *po->cfutr);
  po->cfutw = bc_xcalloc(ncut * W + 1, sizeof *po->cfutw);
  po->cgrow_r = bc_xcalloc(ncut + 1, sizeof *po->cgrow_r);
  po->cgrow_w = bc_xcalloc(ncut + 1, sizeof *po->cgrow_w);
  po->cex_n = bc_xcalloc(ncut + 1, sizeof *po->cex_n);
  po->cex = bc_xcalloc(ncut * NEXIT + 1, sizeof *po->cex);
  bool *covf = bc_xcalloc(ncut + 1, sizeof *covf);
  for (size_t pi = 0; pi < p->nprocs; pi++) {
    const struct bc_proc *pr = &p->procs[pi];
    for (unsigned k = 0; k < pr->nsteps; k++) {
      const struct region *r = &rs[pr->first_step + k];
      bool fwd = true;
      for (size_t i = 0; i < r->ngotos; i++)
        fwd &= r->gotos[i] > (int)k;
      po->forward[pr->first_step + k] = fwd;
    }
    for (unsigned e = 0; e < pr->ninst; e++) {
      unsigned g = pr->first_inst + e;
      int64_t self = pr->lo + (int64_t)e;
      uint32_t pcu = po->unit_base[pr->pc_var] + e;
      for (unsigned k = 0; k < pr->nsteps; k++) {
        size_t row = (size_t)po->row0[g] + k;
        uint64_t *rd = po->futr + row * W;
        uint64_t *wr = po->futw + row * W;
        uint64_t *nz = po->futw_nz + row * W;
        const struct region *r = &rs[pr->first_step + k];
        add_region(po, rd, wr, r, true, self, row, nz);
        bset(wr, pcu);
        bset(rd, pcu);
        for (size_t h = 0; h < r->nhooks; h++) {
          unsigned hk = (unsigned)r->hooks[h];
          for (uint32_t j = 0; j < vm->hook_n[hk]; j++) {
            uint32_t code = vm->hook_code[vm->hook_first[hk] + j];
            for (size_t pl = 0; pl < p->nplacements; pl++)
              if (p->placements[pl].code == code) {
                const struct region *q = &rp[pl];
                add_region(po, rd, wr, q, true, self, row, nz);
                /* placements do not name hooks; be safe if one did */
                if (q->nhooks)
                  for (uint32_t x = 0; x < po->nunits; x++) {
                    bset(rd, x);
                    bset(wr, x);
                    bset(nz, x);
                  }
              }
          }
        }
      }
      /* a cut starts as its step's own footprint */
      for (unsigned k = 0; k < pr->nsteps; k++) {
        size_t row = (size_t)po->row0[g] + k;
        uint32_t c = po->cut_of[row];
        if (c == UINT32_MAX)
          continue;
        memcpy(po->cfutr + (size_t)c * W, po->futr + row * W, W * 8);
        memcpy(po->cfutw + (size_t)c * W, po->futw + row * W, W * 8);
        po->cgrow_r[c] = po->grow_r[row];
        po->cgrow_w[c] = po->grow_w[row];
      }
      /* future: a step's set also holds every step it can lead to */
      for (bool changed = true; changed;) {
        changed = false;
        for (unsigned k = pr->nsteps; k-- > 0;) {
          const struct region *r = &rs[pr->first_step + k];
          size_t row = (size_t)po->row0[g] + k;
          uint64_t *rd = po->futr + row * W;
          uint64_t *wr = po->futw + row * W;
          uint64_t *nz = po->futw_nz + row * W;
          for (size_t i = 0; i < r->ngotos; i++) {
            int t = r->gotos[i];
            if (t < 0 || (unsigned)t >= pr->nsteps)
              continue;
            size_t trow = (size_t)po->row0[g] + (unsigned)t;
            const uint64_t *trd = po->futr + trow * W;
            const uint64_t *twr = po->futw + trow * W;
            const uint64_t *tnz = po->futw_nz + trow * W;
            for (size_t wi = 0; wi < W; wi++) {
              uint64_t a = rd[wi] | trd[wi], b = wr[wi] | twr[wi];
              uint64_t c = nz[wi] | tnz[wi];
              changed |= a != rd[wi] || b != wr[wi] || c != nz[wi];
              rd[wi] = a;
              wr[wi] = b;
              nz[wi] = c;
            }
            uint64_t gr = po->grow_r[row] | po->grow_r[trow];
            uint64_t gw = po->grow_w[row] | po->grow_w[trow];
            changed |= gr != po->grow_r[row] || gw != po->grow_w[row];
            po->grow_r[row] = gr;
            po->grow_w[row] = gw;
          }
        }
      }
      /* the cuts: up to the edges with facts, which become exits */
      for (bool changed = true; changed;) {
        changed = false;
        for (unsigned k = pr->nsteps; k-- > 0;) {
          const struct region *r = &rs[pr->first_step + k];
          uint32_t c = po->cut_of[(size_t)po->row0[g] + k];
          if (c == UINT32_MAX)
            continue;
          for (size_t i = 0; i < r->ngotos; i++) {
            int t = r->gotos[i];
            if (t < 0 || (unsigned)t >= pr->nsteps)
              continue;
            size_t trow = (size_t)po->row0[g] + (unsigned)t;
            uint32_t tc = po->cut_of[trow];
            if (r->gomask[i]) {
              changed |= cut_exit(po, covf, c, r->gomask[i], (uint32_t)t);
              continue;
            }
            const uint64_t *trd, *twr;
            uint64_t tgr, tgw;
            if (tc == UINT32_MAX) {
              trd = po->futr + trow * W;
              twr = po->futw + trow * W;
              tgr = po->grow_r[trow];
              tgw = po->grow_w[trow];
            } else {
              trd = po->cfutr + (size_t)tc * W;
              twr = po->cfutw + (size_t)tc * W;
              tgr = po->cgrow_r[tc];
              tgw = po->cgrow_w[tc];
              for (unsigned j = 0; j < po->cex_n[tc]; j++)
                changed |= cut_exit(po, covf, c,
                                    po->cex[(size_t)tc * NEXIT + j].mask,
                                    po->cex[(size_t)tc * NEXIT + j].step);
              if (covf[tc] && !covf[c])
                changed = covf[c] = true;
            }
            uint64_t *rd = po->cfutr + (size_t)c * W;
            uint64_t *wr = po->cfutw + (size_t)c * W;
            for (size_t wi = 0; wi < W; wi++) {
              uint64_t a = rd[wi] | trd[wi], b = wr[wi] | twr[wi];
              changed |= a != rd[wi] || b != wr[wi];
              rd[wi] = a;
              wr[wi] = b;
            }
            uint64_t gr = po->cgrow_r[c] | tgr, gw = po->cgrow_w[c] | tgw;
            changed |= gr != po->cgrow_r[c] || gw != po->cgrow_w[c];
            po->cgrow_r[c] = gr;
            po->cgrow_w[c] = gw;
          }
        }
      }
    }
  }
  /* a cut with more exits than it can hold is no cut: its row says all */
  for (size_t r = 0; r < rows; r++)
    if (po->cut_of[r] != UINT32_MAX && covf[po->cut_of[r]])
      po->cut_of[r] = UINT32_MAX;
  free(covf);
  free(hasfx);

  /* who may touch each unit at all, to find the conflicts of a footprint
  ** without looking at every instance */
  {
    uint64_t *any_r = bc_xcalloc(W, sizeof *any_r);
    uint64_t *any_w = bc_xcalloc(W, sizeof *any_w);
    uint64_t *ex = bc_xcalloc(W, sizeof *ex);
    po->wr_first = bc_xcalloc((size_t)po->nunits + 2, sizeof(uint32_t));
    po->rd_first = bc_xcalloc((size_t)po->nunits + 2, sizeof(uint32_t));
    for (int pass = 0; pass < 2; pass++) {
      size_t nwr = 0, nrd = 0;
      for (size_t g = 0; g < p->ninsts; g++) {
        unsigned ns = p->procs[p->insts[g].proc].nsteps;
        memset(any_r, 0, W * sizeof *any_r);
        memset(any_w, 0, W * sizeof *any_w);
        for (unsigned k = 0; k < ns; k++) {
          size_t row = (size_t)po->row0[g] + k;
          row_expand(po, row, false, ex);
          for (size_t wi = 0; wi < W; wi++)
            any_r[wi] |= ex[wi];
          row_expand(po, row, true, ex);
          for (size_t wi = 0; wi < W; wi++)
            any_w[wi] |= ex[wi];
        }
        for (uint32_t x = 0; x < po->nunits; x++) {
          if (bget(any_w, x)) {
            if (pass)
              po->wr_inst[po->wr_first[x]++] = (uint32_t)g;
            else
              po->wr_first[x + 1]++;
            nwr++;
          }
          if (bget(any_r, x)) {
            if (pass)
              po->rd_inst[po->rd_first[x]++] = (uint32_t)g;
            else
              po->rd_first[x + 1]++;
            nrd++;
          }
        }
      }
      if (pass == 0) {
        for (uint32_t x = 0; x < po->nunits; x++) {
          po->wr_first[x + 1] += po->wr_first[x];
          po->rd_first[x + 1] += po->rd_first[x];
        }
        po->wr_inst = bc_xcalloc(nwr + 1, sizeof(uint32_t));
        po->rd_inst = bc_xcalloc(nrd + 1, sizeof(uint32_t));
      } else {
        /* the fill advanced each start to the next unit's: shift back */
        for (uint32_t x = po->nunits; x > 0; x--) {
          po->wr_first[x] = po->wr_first[x - 1];
          po->rd_first[x] = po->rd_first[x - 1];
        }
        po->wr_first[0] = po->rd_first[0] = 0;
      }
    }
    free(any_r);
    free(any_w);
    free(ex);
  }
  po->gvar = bc_xcalloc(p->nvars + 1, sizeof *po->gvar);
  for (unsigned i = 0; i < po->ngk; i++) {
    po->gvar[po->gk[i].var] |= (uint64_t)1 << i;
    if (po->gk[i].nz)
      po->gk_nz |= (uint64_t)1 << i;
  }

  if (windows == 3)
    vis_live(po, W);
  else if (windows)
    vis_windows(po, W, windows == 2);
  else
    vis_constraints(po, W);

  /*
  ** Runs of twins (closure, run_whole). In a canonical state the members
  ** of a run of twins R have equal fields, and a twin's footprint is its
  ** leader's renamed (twin_materialise): a unit of a member's element
  ** moves to another member's of R, every other unit stays. A family is
  ** "uniform" when, for every instance y and step k of y, what y may
  ** still read (and write) of each of the family's variables, among the
  ** members' elements, is none of them, all of them, or y's own (y a
  ** member): whole-array accesses (`exists c`, `with a`) and `self`
  ** ones. Then every live y outside R that may touch one member's element
  ** of R may touch every one of them (y's own is not in R), and whether
  ** such a unit is frozen is the same for every member of R (their fields
  ** are equal): the instances the units of R's twins bring into a set are
  ** those the leader's bring in, so closure() walks the leader's only.
  ** fam_vis: visibility is the same at every member's element, so a
  ** twin's footprint is visible where its leader's is (mark_bad).
  */
  po->fam_run = bc_xcalloc(p->nsymfams + 1, sizeof *po->fam_run);
  po->unit_mem = bc_xcalloc((size_t)po->nunits + 1, sizeof *po->unit_mem);
  for (uint32_t x = 0; x <= po->nunits; x++)
    po->unit_mem[x] = UINT32_MAX;
  po->fam_vis = bc_xcalloc(p->nsymfams + 1, sizeof *po->fam_vis);
  uint64_t *ex = bc_xcalloc(W, sizeof *ex);
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    const struct bc_proc *fp = &p->procs[sf->proc];
    bool run = true, vis = true;
    for (unsigned k = 0; k < sf->nvars && (run || vis); k++) {
      uint32_t v = (uint32_t)sf->vars[k];
      if ((uint64_t)sf->elem0[k] + sf->n > p->vars[v].nelems) {
        run = vis = false;
        break;
      }
      uint32_t base = po->unit_base[v] + sf->elem0[k];
      uint32_t c = bcount(po->vis, base, sf->n);
      vis &= c == 0 || c == sf->n;
      for (size_t g = 0; g < p->ninsts && run; g++) {
        bool mem = po->inst_fam[g] == f + 1;
        uint32_t self = mem ? (uint32_t)(g - fp->first_inst) : 0;
        unsigned ns = p->procs[p->insts[g].proc].nsteps;
        for (unsigned st = 0; st < ns && run; st++)
          for (int wr = 0; wr < 4 && run; wr++) {
            /* a guarded access counts as every element here; wr 2 and 3:
            ** the cut, if any (closure_walk reads it instead) */
            size_t row = (size_t)po->row0[g] + st;
            if (wr >= 2 && po->cut_of[row] == UINT32_MAX)
              continue;
            row_or_cut(po, row, wr, ex);
            c = bcount(ex, base, sf->n);
            run = c == 0 || c == sf->n ||
                  (c == 1 && mem && bget(ex, base + self));
            /* and each member at a step as the first one (unit_seen) */
            if (run && mem && self > 0) {
              row = (size_t)po->row0[fp->first_inst] + st;
              if (wr >= 2 && po->cut_of[row] == UINT32_MAX)
                run = false;
              else
                row_or_cut(po, row, wr, ex);
              run = run && bcount(ex, base, sf->n) == c;
            }
          }
      }
    }
    po->fam_run[f] = run;
    po->fam_vis[f] = vis;
    po->any_run |= run;
    for (unsigned k = 0; k < sf->nvars && run; k++)
      for (uint32_t m = 0; m < sf->n; m++)
        po->unit_mem[po->unit_base[sf->vars[k]] + sf->elem0[k] + m] =
            fp->first_inst + m;
  }

  free(ex);
  for (size_t s = 0; s < p->nsteps; s++)
    region_free(&rs[s]);
  for (size_t i = 0; i < p->nplacements; i++)
    region_free(&rp[i]);
  free(rs);
  free(rp);
  return po;
}

/*
** Visible: what `always` and `reachable` read. Not so the conjuncts of
** an invariant `forall x in lo..hi: P(x)` that read only what a single
** instance writes (a per-CPU property of each CPU's own state): a
** violation of such a P(x) is a local state of that instance, and the
** reduced graph reaches every local state of every instance (each full
** path w is matched by a reduced path equivalent to an extension of w,
** in which the instance takes the same steps, reading the same values:
** checker/explore/por.c's conditions without invisibility give that much).
*/
static void vis_constraints(struct bc_por *po, size_t W) {
  const struct bc_program *p = po->p;
  po->vis = bc_xcalloc(W, sizeof *po->vis);
  po->local_conj = 0;
  {
    uint64_t *rd = bc_xcalloc(W, sizeof *rd);
    uint64_t *junk = bc_xcalloc(W, sizeof *junk);
    for (size_t ci = 0; ci < p->nconstraints; ci++) {
      const struct bc_constraint *k = &p->constraints[ci];
      if (k->kind != BC_CK_ALWAYS && k->kind != BC_CK_REACHABLE)
        continue;
      /* hi - lo in 64 unsigned bits, and no x + 1 past hi: a range may end
      ** at INT64_MAX */
      bool split = k->kind == BC_CK_ALWAYS && k->conj_slot >= 0 &&
                   (uint64_t)k->conj_hi - (uint64_t)k->conj_lo < 4096;
      int64_t x_lo = split ? k->conj_lo : 0;
      uint64_t nx = split ? (uint64_t)k->conj_hi - (uint64_t)k->conj_lo : 0;
      for (uint64_t i = 0; i <= nx; i++) {
        int64_t x = (int64_t)((uint64_t)x_lo + i);
        struct region r;
        if (split)
          analyse_pinned(p, NULL, k->code, k->conj_slot, x, &r);
        else
          analyse(p, NULL, k->code, &r);
        memset(rd, 0, W * sizeof *rd);
        add_region(po, rd, junk, &r, false, 0, 0, NULL);
        region_free(&r);
        /* one writer (or none) for everything this conjunct reads? */
        bool local = split;
        int64_t owner = -1;
        for (uint32_t un = 0; un < po->nunits && local; un++) {
          if (!bget(rd, un))
            continue;
          for (uint32_t j = po->wr_first[un]; j < po->wr_first[un + 1];
               j++) {
            if (owner >= 0 && owner != (int64_t)po->wr_inst[j])
              local = false;
            owner = po->wr_inst[j];
          }
        }
        if (local) {
          po->local_conj++;
          continue;
        }
        for (size_t wi = 0; wi < W; wi++)
          po->vis[wi] |= rd[wi];
      }
    }
    free(rd);
    free(junk);
  }
}

/*
** The window pass's visible units (bc_por_new_windows): what any window's
** predicate reads, and per conjunct the units it reads (bc_por_settled).
** A stubborn set in a state inside the windows then holds no step that
** can change a predicate, so none that can make one false: what keeps the
** longest runs (window.c, docs/reductions.md "Windows under --por").
*/
static void vis_windows(struct bc_por *po, size_t W, bool harmless) {
  const struct bc_program *p = po->p;
  po->vis = bc_xcalloc(W, sizeof *po->vis);
  size_t nc = 0;
  po->wc_base = bc_xcalloc(p->nwindows + 1, sizeof *po->wc_base);
  for (size_t w = 0; w < p->nwindows; w++) {
    po->wc_base[w] = (uint32_t)nc;
    nc += p->windows[w].nconj;
  }
  po->wc_base[p->nwindows] = (uint32_t)nc;
  po->wc_first = bc_xcalloc(nc + 1, sizeof *po->wc_first);
  size_t cap = 16, n = 0;
  po->wc_unit = bc_xcalloc(cap, sizeof *po->wc_unit);
  uint64_t *rd = bc_xcalloc(W, sizeof *rd);
  uint64_t *junk = bc_xcalloc(W, sizeof *junk);
  size_t c = 0;
  for (size_t w = 0; w < p->nwindows; w++)
    for (unsigned k = 0; k < p->windows[w].nconj; k++, c++) {
      po->wc_first[c] = (uint32_t)n;
      struct region r;
      analyse(p, NULL, p->windows[w].conj[k], &r);
      memset(rd, 0, W * sizeof *rd);
      add_region(po, rd, junk, &r, false, 0, 0, NULL);
      region_free(&r);
      for (uint32_t u = 0; u < po->nunits; u++) {
        if (!bget(rd, u))
          continue;
        bset(po->vis, u);
        if (n == cap) {
          cap *= 2;
          po->wc_unit = bc_xrealloc(po->wc_unit, cap * sizeof *po->wc_unit);
        }
        po->wc_unit[n++] = u;
      }
    }
  po->wc_first[nc] = (uint32_t)n;
  if (!harmless) {
    free(rd);
    free(junk);
    return;
  }

  /* the pairs (conjunct, x) of the quantified conjuncts, and who reads
  ** each unit */
  po->wc_qkind = bc_xcalloc(nc + 1, 1);
  po->wc_qbody = bc_xcalloc(nc + 1, sizeof *po->wc_qbody);
  uint64_t np = 0;
  c = 0;
  for (size_t w = 0; w < p->nwindows; w++)
    for (unsigned k = 0; k < p->windows[w].nconj; k++, c++) {
      const struct bc_window *win = &p->windows[w];
      if (!win->qkind || !win->qkind[k])
        continue;
      uint64_t m = (uint64_t)win->qhi[k] - (uint64_t)win->qlo[k] + 1;
      if (m == 0 || np + m > WQ_PAIRS)
        continue;
      po->wc_qkind[c] = win->qkind[k];
      po->wc_qbody[c] = win->qbody[k];
      np += m;
    }
  po->npairs = (uint32_t)np;
  po->wq_first = bc_xcalloc(np + 1, sizeof *po->wq_first);
  po->wq_conj = bc_xcalloc(np + 1, sizeof *po->wq_conj);
  po->wq_x = bc_xcalloc(np + 1, sizeof *po->wq_x);
  po->wq_of = bc_xcalloc((size_t)po->nunits + 1, sizeof *po->wq_of);
  for (uint32_t u = 0; u <= po->nunits; u++)
    po->wq_of[u] = WQ_NONE;
  /* a conjunct without pairs reads its units as a whole */
  for (size_t k = 0; k < nc; k++)
    if (!po->wc_qkind[k])
      for (uint32_t i = po->wc_first[k]; i < po->wc_first[k + 1]; i++)
        po->wq_of[po->wc_unit[i]] = WQ_MANY;
  size_t ucap = 16, un = 0;
  uint32_t *units = bc_xcalloc(ucap, sizeof *units);
  uint32_t q = 0;
  for (size_t k = 0; k < nc; k++) {
    if (!po->wc_qkind[k])
      continue;
    size_t w = 0;
    while (po->wc_base[w + 1] <= k)
      w++;
    const struct bc_window *win = &p->windows[w];
    unsigned kk = (unsigned)(k - po->wc_base[w]);
    struct region r;
    analyse(p, NULL, po->wc_qbody[k], &r);
    for (int64_t x = win->qlo[kk];; x++) {
      po->wq_first[q] = (uint32_t)un;
      po->wq_conj[q] = (uint32_t)k;
      po->wq_x[q] = x;
      memset(rd, 0, W * sizeof *rd);
      add_region(po, rd, junk, &r, true, x, 0, NULL);
      for (uint32_t u = 0; u < po->nunits; u++) {
        if (!bget(rd, u))
          continue;
        if (un == ucap) {
          ucap *= 2;
          units = bc_xrealloc(units, ucap * sizeof *units);
        }
        units[un++] = u;
        po->wq_of[u] = po->wq_of[u] == WQ_NONE ? q : WQ_MANY;
      }
      q++;
      if (x == win->qhi[kk])
        break;
    }
    region_free(&r);
  }
  assert(q == np);
  po->wq_first[np] = (uint32_t)un;
  po->wq_unit = units;
  free(rd);
  free(junk);
}

/*
** The liveness pass's analysis (bc_por_new_live): the visible units are
** what the liveness predicates read (both sides of a leads-to), and only
** an instance whose step is in a fairness unit may seed a stubborn set.
** Why that keeps every fair run that violates a liveness property:
** docs/reductions.md, "Liveness under --por".
*/
static void vis_live(struct bc_por *po, size_t W) {
  const struct bc_program *p = po->p;
  po->vis = bc_xcalloc(W, sizeof *po->vis);
  uint64_t *junk = bc_xcalloc(W, sizeof *junk);
  for (size_t ci = 0; ci < p->nconstraints; ci++) {
    const struct bc_constraint *k = &p->constraints[ci];
    if (k->kind != BC_CK_EVENTUALLY)
      continue;
    for (int side = 0; side < 2; side++) {
      if (side == 1 && k->live != BC_LIVE_LEADSTO)
        break;
      struct region r;
      analyse(p, NULL, side ? k->code2 : k->code, &r);
      add_region(po, po->vis, junk, &r, false, 0, 0, NULL);
      region_free(&r);
    }
  }
  free(junk);
  po->fair_seed = bc_xcalloc(p->nsteps + 1, sizeof *po->fair_seed);
  for (size_t i = 0; i < p->nprocs; i++) {
    const struct bc_proc *pr = &p->procs[i];
    for (unsigned k = 0; k < pr->nsteps; k++)
      po->fair_seed[pr->first_step + k] =
          pr->fair || p->steps[pr->first_step + k].fair;
  }
}

void bc_por_free(struct bc_por *po) {
  if (!po)
    return;
  free(po->fair_seed);
  free(po->unit_base);
  free(po->unit_var);
  free(po->wc_base);
  free(po->wc_first);
  free(po->wc_unit);
  free(po->wq_first);
  free(po->wq_unit);
  free(po->wq_conj);
  free(po->wq_x);
  free(po->wq_of);
  free(po->wc_qkind);
  free(po->wc_qbody);
  free(po->sym_fam);
  free(po->sym_e0);
  free(po->inst_fam);
  free(po->bit_unit);
  free(po->fam_run);
  free(po->fam_vis);
  free(po->unit_mem);
  free(po->row0);
  free(po->futr);
  free(po->futw);
  free(po->futw_nz);
  free(po->cut_of);
  free(po->cfutr);
  free(po->cfutw);
  free(po->cgrow_r);
  free(po->cgrow_w);
  free(po->cex_n);
  free(po->cex);
  free(po->ego_first);
  free(po->ego_t);
  free(po->ego_m);
  free(po->grow_r);
  free(po->grow_w);
  free(po->gvar);
  free(po->vis);
  free(po->forward);
  free(po->mono);
  free(po->monok);
  free(po->wr_first);
  free(po->wr_inst);
  free(po->rd_first);
  free(po->rd_inst);
  free(po);
}

bool bc_por_may_read(const struct bc_por *po, unsigned inst, unsigned k,
                     unsigned var, uint32_t elem) {
  return bget(fut(po, po->futr, inst, k), po->unit_base[var] + elem) ||
         (po->grow_r[po->row0[inst] + k] & po->gvar[var]);
}

bool bc_por_may_write(const struct bc_por *po, unsigned inst, unsigned k,
                      unsigned var, uint32_t elem) {
  return bget(fut(po, po->futw, inst, k), po->unit_base[var] + elem) ||
         (po->grow_w[po->row0[inst] + k] & po->gvar[var]);
}

bool bc_por_guarded(const struct bc_por *po, unsigned inst, unsigned k,
                    unsigned var, bool write) {
  return ((write ? po->grow_w : po->grow_r)[po->row0[inst] + k] &
          po->gvar[var]) != 0;
}

bool bc_por_forward(const struct bc_por *po, unsigned step) {
  return po->forward[step];
}

bool bc_por_monotone(const struct bc_por *po, unsigned var, int64_t *k) {
  if (po->mono[var] && k)
    *k = po->monok[var];
  return po->mono[var];
}

bool bc_por_visible(const struct bc_por *po, unsigned var, uint32_t elem) {
  return bget(po->vis, po->unit_base[var] + elem);
}

bool bc_por_runs_whole(const struct bc_por *po, unsigned fam, bool *vis) {
  if (vis)
    *vis = po->fam_vis[fam];
  return po->fam_run[fam];
}

/* ------------------------------------------------------- the search */

#ifdef BC_HOT_ASSERTS
/*
** Debug builds: what instance g's step at 'at' read and wrote from state s
** (R, W, recorded as it ran) is in its footprint ahead from 'at': each
** unit unguarded, or under a guarded kind whose guard element was not
** zero in s or was written by the step itself (a fact holds from a test
** after the last store to the guard's variable).
*/

static void check_ahead(const struct bc_por *po, const uint8_t *s,
                        unsigned g, unsigned at, const uint32_t *R,
                        uint32_t nr, const uint32_t *W, uint32_t nw) {
  size_t Wd = po->words ? po->words : 1;
  size_t row = (size_t)po->row0[g] + at;
  for (int wr = 0; wr < 2; wr++) {
    const uint32_t *U = wr ? W : R;
    uint32_t n = wr ? nw : nr;
    for (uint32_t i = 0; i < n; i++) {
      uint32_t u = U[i];
      if (bget((wr ? po->futw : po->futr) + row * Wd, u))
        continue;
      uint32_t v = po->unit_var[u];
      bool ok = false;
      for (uint64_t m = (wr ? po->grow_w : po->grow_r)[row] & po->gvar[v];
           m && !ok; m &= m - 1) {
        const struct gkind *t = &po->gk[__builtin_ctzll(m)];
        int64_t k = (int64_t)(u - po->unit_base[v]) + t->delta;
        if (k < 0 || k >= (int64_t)po->p->vars[t->guard].nelems)
          continue;
        ok = bc_field_get(&po->p->fields[t->guard], s, (uint32_t)k) != 0 ||
             unit_in(W, nw, po->unit_base[t->guard] + (uint32_t)k);
      }
      bc_hot_assert(ok && "an access outside the footprint ahead");
    }
  }
}
#endif

struct srec {
  uint32_t how;
  unsigned inst, step;
  bool has_viol;
  bool dup;       /* a renaming of another move of its instance: sym_dup */
  uint32_t ndelta; /* NO_DELTA: the state's bytes follow, rounded up to 8;
                   ** else the successor is the state expanded with ndelta
                   ** words replaced: their values (uint64_t) follow, then
                   ** their indices (uint32_t): collect */
  uint64_t viol[BC_VIOL_WORDS];
};

#define NO_DELTA UINT32_MAX

void bc_por_scratch_init(struct bc_por_scratch *sc, const struct bc_por *po) {
  const struct bc_program *p = po->p;
  memset(sc, 0, sizeof *sc);
  size_t U = po->nunits + 1;
  sc->track.unit_base = po->unit_base;
  sc->track.rmark = bc_xcalloc(U, sizeof(uint32_t));
  sc->track.wmark = bc_xcalloc(U, sizeof(uint32_t));
  sc->recsize = sizeof(struct srec) +
                ((p->state_bytes + BC_STATE_PAD + 7) & ~(size_t)7);
  size_t n = p->ninsts + 1;
  sc->live = bc_xcalloc(n, sizeof *sc->live);
  sc->pcs = bc_xcalloc(n, sizeof *sc->pcs);
  sc->live_of = bc_xcalloc(n, sizeof *sc->live_of);
  sc->leader = bc_xcalloc(n, sizeof *sc->leader);
  for (size_t i = 0; i < n; i++)
    sc->live_of[i] = UINT32_MAX;
  sc->r_off = bc_xcalloc(n, sizeof *sc->r_off);
  sc->w_off = bc_xcalloc(n, sizeof *sc->w_off);
  sc->r_n = bc_xcalloc(n, sizeof *sc->r_n);
  sc->w_n = bc_xcalloc(n, sizeof *sc->w_n);
  sc->mat = bc_xcalloc(n, sizeof *sc->mat);
  sc->runs = bc_xcalloc(n, sizeof *sc->runs);
  sc->umark = bc_xcalloc(U, sizeof *sc->umark);
  sc->rc_stamp = bc_xcalloc(p->nvars + 1, sizeof *sc->rc_stamp);
  sc->rc_lo = bc_xcalloc(p->nvars + 1, sizeof *sc->rc_lo);
  sc->rc_hi = bc_xcalloc(p->nvars + 1, sizeof *sc->rc_hi);
  sc->run_n = bc_xcalloc(n, sizeof *sc->run_n);
  sc->resel = UINT32_MAX;
  sc->first = bc_xcalloc(n, sizeof *sc->first);
  sc->count = bc_xcalloc(n, sizeof *sc->count);
  sc->overflow = bc_xcalloc(n, sizeof *sc->overflow);
  sc->in_set = bc_xcalloc(n, sizeof *sc->in_set);
  sc->queue = bc_xcalloc(n, sizeof *sc->queue);
  sc->best = bc_xcalloc(n, sizeof *sc->best);
  sc->in_best = bc_xcalloc(n, sizeof *sc->in_best);
  sc->tried = bc_xcalloc(n, sizeof *sc->tried);
  sc->lb = bc_xcalloc(n, sizeof *sc->lb);
  sc->bad = bc_xcalloc(n, sizeof *sc->bad);
  size_t words = (p->state_bytes + 7) / 8 + 1;
  sc->dw = bc_xcalloc(words, sizeof *sc->dw);
  sc->dw_mark = bc_xcalloc(words, sizeof *sc->dw_mark);
  sc->work = bc_xcalloc(words + BC_STATE_PAD / 8 + 1, sizeof(uint64_t));
}

void bc_por_scratch_release(struct bc_por_scratch *sc) {
  free(sc->track.rmark);
  free(sc->track.wmark);
  free(sc->pool_r);
  free(sc->pool_w);
  free(sc->succ);
  free(sc->live);
  free(sc->pcs);
  free(sc->live_of);
  free(sc->leader);
  free(sc->r_off);
  free(sc->w_off);
  free(sc->r_n);
  free(sc->w_n);
  free(sc->mat);
  free(sc->runs);
  free(sc->umark);
  free(sc->rc_stamp);
  free(sc->rc_lo);
  free(sc->rc_hi);
  free(sc->run_n);
  free(sc->first);
  free(sc->count);
  free(sc->overflow);
  free(sc->in_set);
  free(sc->queue);
  free(sc->best);
  free(sc->in_best);
  free(sc->tried);
  free(sc->lb);
  free(sc->bad);
  free(sc->dw);
  free(sc->dw_mark);
  free(sc->work);
  memset(sc, 0, sizeof *sc);
}

struct collect {
  struct bc_por_scratch *sc;
  const struct bc_por *po;
  size_t nbytes;
  uint32_t how;
  bool twin;      /* the instance's moves are a twin's: not numbered */
  const struct bc_vm *vm;
  const uint8_t *state; /* the state expanded */
};

static inline const uint64_t *delta_val(const struct srec *r) {
  return (const uint64_t *)(const void *)(r + 1);
}

static inline const uint32_t *delta_idx(const struct srec *r) {
  return (const uint32_t *)(const void *)(delta_val(r) + r->ndelta);
}

/*
** The successor state of record r, whole words with padding as the VM
** gives it: its bytes, or for a delta sc->work (the state expanded, which
** rec_done puts back) with r's words written.
*/
static const uint8_t *rec_state(struct bc_por_scratch *sc,
                                const struct srec *r) {
  if (r->ndelta == NO_DELTA)
    return (const uint8_t *)(r + 1);
  const uint64_t *val = delta_val(r);
  const uint32_t *idx = delta_idx(r);
  for (uint32_t k = 0; k < r->ndelta; k++)
    memcpy(sc->work + 8 * (size_t)idx[k], &val[k], 8);
  return sc->work;
}

static void rec_done(struct bc_por_scratch *sc, const struct srec *r,
                     const uint8_t *state, size_t n) {
  if (r->ndelta == NO_DELTA)
    return;
  const uint32_t *idx = delta_idx(r);
  for (uint32_t k = 0; k < r->ndelta; k++)
    bc_state_put_word(sc->work, state, n, idx[k]);
  bc_hot_assert(memcmp(sc->work, state, n) == 0);
}

#ifdef BC_HOT_ASSERTS
/* Debug builds: the facts about every element on the edge that instance
** inst took from global step 'step' to its step in 'succ' hold there. */
static void check_edge(const struct bc_por *po, const uint8_t *succ,
                       unsigned inst, unsigned step) {
  const struct bc_program *p = po->p;
  const struct bc_proc *pr = &p->procs[p->insts[inst].proc];
  int64_t t = bc_field_get(&p->fields[pr->pc_var], succ,
                           inst - pr->first_inst);
  uint64_t m = 0;
  for (uint32_t j = po->ego_first[step]; j < po->ego_first[step + 1]; j++)
    if (po->ego_t[j] == t)
      m = po->ego_m[j];
  for (; m; m &= m - 1) {
    const struct bc_ufact *f = &po->uf[__builtin_ctzll(m)];
    for (int64_t a = f->lo; a <= f->hi; a++) {
      bool any = false;
      for (unsigned i = 0; i < f->nlit && !any; i++) {
        const struct bc_ulit *l = &f->lit[i];
        int64_t e = a + l->off;
        if (e < 0 || e >= (int64_t)p->vars[l->var].nelems)
          continue;
        any = (bc_field_get(&p->fields[l->var], succ, (uint32_t)e) != 0) !=
              l->neg;
      }
      bc_hot_assert(any && "a fact on an edge between steps that does not "
                           "hold");
      if (a == INT64_MAX)
        break;
    }
  }
}
#endif

static int collect(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct collect *c = ctx;
  struct bc_por_scratch *sc = c->sc;
#ifdef BC_HOT_ASSERTS
  if (!viol)
    check_edge(c->po, succ, inst, step);
#endif
  if (sc->nsucc == sc->capsucc) {
    sc->capsucc = sc->capsucc ? 2 * sc->capsucc : 64;
    sc->succ = bc_xrealloc(sc->succ, sc->capsucc * sc->recsize);
  }
  struct srec *r = (struct srec *)(void *)(sc->succ +
                                           sc->nsucc++ * sc->recsize);
  r->how = c->twin ? UINT32_MAX : c->how++;
  r->inst = inst;
  r->step = step;
  r->has_viol = viol != NULL;
  r->dup = false;
  if (viol)
    memcpy(r->viol, viol, sizeof r->viol);
  /* a move of a tracked compiled step (vm.c, bc_vm_keep_buf): only the
  ** words it wrote and its program counter's, when that is shorter; a
  ** choice over a thousand members is a thousand moves of a state of
  ** kilobytes */
  const struct bc_vm *vm = c->vm;
  uint32_t nd = vm->ncx.ndirty;
  if (vm->keep_buf && vm->buf_base == c->state && succ == vm->buf &&
      nd <= BC_NATIVE_DIRTY &&
      (size_t)(nd + 2) * 12 <= sc->recsize - sizeof *r) {
    uint64_t *val = (uint64_t *)(void *)(r + 1);
    uint32_t *idx = (uint32_t *)(void *)(val + nd + 2);
    for (uint32_t k = 0; k < nd; k++)
      idx[k] = vm->dirty[k];
    idx[nd] = vm->buf_pcw[0];
    idx[nd + 1] = vm->buf_pcw[1];
    for (uint32_t k = 0; k < nd + 2; k++)
      memcpy(&val[k], succ + 8 * (size_t)idx[k], 8);
    r->ndelta = nd + 2;
    if (!sc->work_ok) { /* rec_state's base */
      bc_state_copy_words(sc->work, c->state, c->nbytes);
      sc->work_ok = true;
    }
#ifdef BC_HOT_ASSERTS
    uint8_t *t = bc_xcalloc(sc->recsize, 1);
    bc_state_copy_words(t, c->state, c->nbytes);
    for (uint32_t k = 0; k < nd + 2; k++)
      memcpy(t + 8 * (size_t)idx[k], &val[k], 8);
    bc_hot_assert(memcmp(t, succ, c->nbytes) == 0);
    free(t);
#endif
    return 0;
  }
  r->ndelta = NO_DELTA;
  memcpy(r + 1, succ, c->nbytes);
  return 0;
}

/* Does unit u hold the value every store gives it? */
static inline bool frozen(const struct bc_por *po, const uint8_t *s,
                          uint32_t u) {
  bc_hot_assert(u < po->nunits);
  uint32_t v = po->unit_var[u];
  if (!po->mono[v])
    return false;
  return bc_field_get(&po->p->fields[v], s, u - po->unit_base[v]) ==
         po->monok[v];
}

/* Can no step from state s on change unit u: frozen, or no instance
** that has not ended may still write it (its row from its current step:
** unguarded and guarded writes alike)? */
static bool unit_settled(const struct bc_por *po, const uint8_t *s,
                         uint32_t u) {
  const struct bc_program *p = po->p;
  size_t Wd = po->words ? po->words : 1;
  if (frozen(po, s, u))
    return true;
  uint32_t v = po->unit_var[u];
  for (uint32_t j = po->wr_first[u]; j < po->wr_first[u + 1]; j++) {
    unsigned g = po->wr_inst[j];
    const struct bc_proc *pr = &p->procs[p->insts[g].proc];
    int64_t at = bc_field_get(&p->fields[pr->pc_var], s, g - pr->first_inst);
    if (at >= (int64_t)pr->nsteps)
      continue;
    size_t row = (size_t)po->row0[g] + (size_t)at;
    if (bget(po->futw + row * Wd, u) || (po->grow_w[row] & po->gvar[v]))
      return false;
  }
  return true;
}

/* A bc_por_new_windows analysis: can conjunct k of window w change its
** value from state s on? Not when every unit it reads is settled. */
bool bc_por_settled(const struct bc_por *po, size_t w, unsigned k,
                    const uint8_t *s) {
  assert(po->wc_base && w < po->p->nwindows &&
         k < po->p->windows[w].nconj);
  uint32_t c = po->wc_base[w] + k;
  for (uint32_t i = po->wc_first[c]; i < po->wc_first[c + 1]; i++)
    if (!unit_settled(po, s, po->wc_unit[i]))
      return false;
  return true;
}

/* Room in the footprint pools for nr and nw more units. */
static void pool_room(struct bc_por_scratch *sc, size_t nr, size_t nw) {
  if (sc->pool_cap - sc->pool_r_used >= nr &&
      sc->pool_cap - sc->pool_w_used >= nw)
    return;
  size_t cap = sc->pool_cap ? sc->pool_cap : 256;
  while (cap - sc->pool_r_used < nr || cap - sc->pool_w_used < nw)
    cap *= 2;
  sc->pool_r = bc_xrealloc(sc->pool_r, cap * sizeof *sc->pool_r);
  sc->pool_w = bc_xrealloc(sc->pool_w, cap * sizeof *sc->pool_w);
  sc->pool_cap = cap;
}

/* Start tracking one instance's footprint in the next free room of the
** footprint pools (grown to hold every unit once more). */
static struct bc_track *track_start(const struct bc_por *po,
                                    struct bc_por_scratch *sc) {
  size_t need = (size_t)po->nunits + 1;
  pool_room(sc, need, need);
  struct bc_track *t = &sc->track;
  if (++t->stamp == 0) {
    memset(t->rmark, 0, need * sizeof *t->rmark);
    memset(t->wmark, 0, need * sizeof *t->wmark);
    t->stamp = 1;
  }
  t->r = sc->pool_r + sc->pool_r_used;
  t->w = sc->pool_w + sc->pool_w_used;
  t->nr = t->nw = 0;
  t->cap = (uint32_t)need;
  t->overflow = false;
  return t;
}

/* dst[0..n) := src[0..n), the elements of members a and b (0-based) of
** family fam (+ 1) exchanged. */
static void rename_units(const struct bc_por *po, uint32_t fam, uint32_t a,
                         uint32_t b, const uint32_t *src, uint32_t n,
                         uint32_t *dst) {
  for (uint32_t i = 0; i < n; i++) {
    uint32_t u = src[i], v = po->unit_var[u];
    if (po->sym_fam[v] == fam) {
      uint32_t e = u - po->unit_base[v], e0 = po->sym_e0[v];
      if (e == e0 + a)
        u = u - a + b;
      else if (e == e0 + b)
        u = u - b + a;
    }
    dst[i] = u;
  }
}

/*
** The footprint of twin xi (live index), whose entries hold its leader's
** (as bc_por_successors recorded it: bc_por_reselect may have replaced
** the leader's since), made its own in the pools, once per state. Its
** leader l and xi are members of one run of twins (vm.h), whose fields
** are all equal: swapping the two members maps the state to itself and
** l's step onto xi's (the compiler checked the family's promise), so xi
** reads and writes what l does with the two members' elements exchanged,
** and has as many moves. That saves running the step; the units may come
** in another order than running it would record them, and closure()
** depends on the set only. Debug builds check it (check_twin).
*/
static void twin_materialise(const struct bc_por *po,
                             struct bc_por_scratch *sc, uint32_t xi) {
  if (sc->mat[xi] == sc->mat_stamp)
    return;
  const struct bc_program *p = po->p;
  unsigned g = sc->live[xi], l = sc->live[sc->leader[xi]];
  uint32_t fam = po->inst_fam[g];
  const struct bc_proc *pr = &p->procs[p->insts[g].proc];
  bc_hot_assert(fam && po->inst_fam[l] == fam && l < g);
  pool_room(sc, sc->r_n[xi], sc->w_n[xi]);
  uint32_t a = l - pr->first_inst, b = g - pr->first_inst;
  rename_units(po, fam, a, b, sc->pool_r + sc->r_off[xi], sc->r_n[xi],
               sc->pool_r + sc->pool_r_used);
  rename_units(po, fam, a, b, sc->pool_w + sc->w_off[xi], sc->w_n[xi],
               sc->pool_w + sc->pool_w_used);
  sc->r_off[xi] = (uint32_t)sc->pool_r_used;
  sc->w_off[xi] = (uint32_t)sc->pool_w_used;
  sc->pool_r_used += sc->r_n[xi];
  sc->pool_w_used += sc->w_n[xi];
  sc->mat[xi] = sc->mat_stamp;
}

/*
** May closure() let twin xi's leader's walk stand for xi's? When xi's
** family is uniform (bc_por_new: fam_run), and xi's footprint is its
** leader's renamed (not so for bc_por_reselect's instance's twins).
*/
static inline bool run_whole(const struct bc_por *po,
                             const struct bc_por_scratch *sc, uint32_t xi) {
  return po->fam_run[po->inst_fam[sc->live[xi]] - 1] &&
         sc->leader[xi] != sc->resel;
}

/*
** closure_walk, one kind of one member's footprint: has a unit of the same
** variable and run of twins as unit u been walked (stamp)? In a uniform
** family (bc_por_new, fam_run) the units of one variable's elements of the
** live members of one run R bring in the same instances: those outside R
** alike for every member of R, R itself for all or none of them (the
** members of R are at one step, where each member may touch all of the
** elements, none, or its own), and they are frozen alike (R's fields are
** equal). A footprint that reads `released[a]` for every a walks one
** unit per run, not one per member.
*/
static inline bool unit_seen(const struct bc_por *po,
                             struct bc_por_scratch *sc, uint32_t u,
                             uint32_t stamp) {
  /* the run of the last unit of u's variable seen, as its units
  ** [rc_lo, rc_hi): a footprint lists `released[a]` for every a in order,
  ** and a run of a thousand twins is one range, tested without the loads
  ** below */
  uint32_t v = po->unit_var[u];
  if (sc->rc_stamp[v] == stamp &&
      u - sc->rc_lo[v] < sc->rc_hi[v] - sc->rc_lo[v])
    return true;
  uint32_t g = po->unit_mem[u];
  if (g == UINT32_MAX)
    return false;
  uint32_t li = sc->live_of[g], l;
  if (li == UINT32_MAX || (l = sc->leader[li]) == sc->resel)
    return false;
  /* the leader's element: the members of a run are consecutive */
  uint32_t key = u - (li - l);
  sc->rc_stamp[v] = stamp;
  sc->rc_lo[v] = key;
  sc->rc_hi[v] = key + sc->run_n[l];
  if (sc->umark[key] == stamp)
    return true;
  sc->umark[key] = stamp;
  return false;
}

/*
** Have the twins of leader l (live index) l's verdict in mark_bad? When
** visibility is the same at every member's element of its family's
** variables (fam_vis) and their footprints are l's renamed (not so for
** bc_por_reselect's instance): a twin's overflow, moves and step are the
** leader's, its program counter and written units are the leader's with
** two members of the run exchanged, equally visible, and equally frozen
** (the members of a run have equal fields). sc->bad holds the leader's
** only (and, in debug builds, the twins', checked equal).
*/
static inline bool run_bad_same(const struct bc_por *po,
                                const struct bc_por_scratch *sc, uint32_t l) {
  uint32_t f = po->inst_fam[sc->live[l]];
  return f && po->fam_vis[f - 1] && l != sc->resel;
}

/*
** May element k of variable g be other than zero before any member of
** the run of twins led by live index lx moves? It may if it is now, or if
** an instance outside that run may still write it a value that may not
** be zero without a guard, or under a guard that may itself become true
** so (a path of guards: the least fixpoint, searched depth first, with
** "may" past 'depth'). Each such write happens in some instance's step
** while its guard element is not zero, so the first of them on any path
** of steps outside the run is an unguarded one or has a guard that was
** not zero in s. Leaving out only lx's run (not the whole set being
** built) makes the answer depend on the state and lx alone, so every
** closure through it is the same whatever order it is walked in.
**
** With 'zero' (may_zero below): may it be zero? It may if it is now, or
** if an instance outside the run may still write it at all, unless every
** store of g writes one constant other than zero.
*/
static bool may_turn(const struct bc_por *po, const struct bc_por_scratch *sc,
                     const uint8_t *s, const unsigned *pcs, uint32_t lx,
                     uint32_t g, int64_t k, bool zero, int depth) {
  const struct bc_var *v = &po->p->vars[g];
  if (k < 0 || k >= (int64_t)v->nelems || depth == 0)
    return true;
  if ((bc_field_get(&po->p->fields[g], s, (uint32_t)k) == 0) == zero)
    return true;
  if (zero && po->mono[g] && po->monok[g] != 0)
    return false;
  size_t W = po->words ? po->words : 1;
  uint32_t u = po->unit_base[g] + (uint32_t)k;
  for (uint32_t j = po->wr_first[u]; j < po->wr_first[u + 1]; j++) {
    unsigned y = po->wr_inst[j];
    uint32_t yi = sc->live_of[y];
    if (yi == UINT32_MAX || sc->leader[yi] == lx)
      continue;
    size_t row = (size_t)po->row0[y] + pcs[yi];
    if (zero) {
      if (bget(po->futw + row * W, u) || (po->grow_w[row] & po->gvar[g]))
        return true;
      continue;
    }
    if (bget(po->futw_nz + row * W, u))
      return true;
    for (uint64_t m = po->grow_w[row] & po->gvar[g] & po->gk_nz; m;
         m &= m - 1) {
      const struct gkind *t = &po->gk[__builtin_ctzll(m)];
      int64_t kg;
      if (__builtin_add_overflow(k, t->delta, &kg) ||
          may_turn(po, sc, s, pcs, lx, t->guard, kg, false, depth - 1))
        return true;
    }
  }
  return false;
}

static bool may_become(const struct bc_por *po,
                       const struct bc_por_scratch *sc, const uint8_t *s,
                       const unsigned *pcs, uint32_t lx, uint32_t g,
                       int64_t k, int depth) {
  return may_turn(po, sc, s, pcs, lx, g, k, false, depth);
}

/* Does an access of a guarded kind in m to unit u happen, as far as
** may_become knows, before lx's run moves? */
static bool guard_open(const struct bc_por *po,
                       const struct bc_por_scratch *sc, const uint8_t *s,
                       const unsigned *pcs, uint32_t lx, uint64_t m,
                       uint32_t u) {
  for (; m; m &= m - 1) {
    const struct gkind *t = &po->gk[__builtin_ctzll(m)];
    int64_t k;
    if (__builtin_add_overflow((int64_t)(u - po->unit_base[t->var]),
                               t->delta, &k) ||
        may_become(po, sc, s, pcs, lx, t->guard, k, 4))
      return true;
  }
  return false;
}

static bool may_zero(const struct bc_por *po, const struct bc_por_scratch *sc,
                     const uint8_t *s, const unsigned *pcs, uint32_t lx,
                     uint32_t g, int64_t k) {
  return may_turn(po, sc, s, pcs, lx, g, k, true, 4);
}

/*
** Are the facts of 'mask' (struct bc_ufact: for every a in lo..hi, one of
** a fact's literals holds at a) false together until a member of lx's run
** moves? Any one a shows it; a is the index of lx's instance (its
** process's lo plus its place), the same for every twin of the run, so
** closure()'s walk of the leader stands for the twins' here too. A
** literal at a that may not become true before the run moves (may_become,
** may_zero) is false on any edge crossed before that; the others are
** unknowns, and the facts shut the edge when no values of them satisfy
** every fact: `released[a] => online[a]` and `released[a] or
** given_up[a]` leave online[a] or given_up[a], false while AP a has not
** set itself online and nothing gives up on it.
*/
static bool mask_shut(const struct bc_por *po, const struct bc_por_scratch *sc,
                      const uint8_t *s, const unsigned *pcs, uint32_t lx,
                      uint64_t mask) {
  unsigned x = sc->live[lx];
  const struct bc_proc *pr = &po->p->procs[po->p->insts[x].proc];
  int64_t a = pr->lo + (int64_t)(x - pr->first_inst);
  /* the clauses left, as literals over atoms (variable, element) */
  uint32_t av[16];
  int64_t ae[16];
  unsigned na = 0, nc = 0;
  uint16_t cpos[64], cneg[64]; /* per clause: atoms true / false in it */
  for (; mask; mask &= mask - 1) {
    const struct bc_ufact *u = &po->uf[__builtin_ctzll(mask)];
    if (a < u->lo || a > u->hi)
      continue;
    uint16_t pos = 0, neg = 0;
    bool open = false;
    for (unsigned i = 0; i < u->nlit && !open; i++) {
      const struct bc_ulit *l = &u->lit[i];
      int64_t e;
      if (__builtin_add_overflow(a, l->off, &e)) {
        open = true;
        break;
      }
      if (!(l->neg ? may_zero(po, sc, s, pcs, lx, l->var, e)
                   : may_become(po, sc, s, pcs, lx, l->var, e, 4)))
        continue; /* false until the run moves */
      unsigned k = 0;
      while (k < na && !(av[k] == l->var && ae[k] == e))
        k++;
      if (k == na) {
        if (na == 16) {
          open = true;
          break;
        }
        av[na] = l->var;
        ae[na++] = e;
      }
      *(l->neg ? &neg : &pos) |= (uint16_t)(1u << k);
    }
    if (open)
      continue; /* this fact says nothing here */
    if (!pos && !neg)
      return true; /* every literal false */
    cpos[nc] = pos;
    cneg[nc++] = neg;
  }
  if (nc == 0 || na > 10)
    return false;
  /* values of the unknowns that satisfy every clause? */
  for (uint32_t v = 0; v < (1u << na); v++) {
    unsigned c = 0;
    while (c < nc && ((cpos[c] & v) || (cneg[c] & ~v)))
      c++;
    if (c == nc)
      return false;
  }
  return true;
}

/* The masks known shut or not for the member being walked. */
struct shut {
  unsigned n;
  uint64_t mask[4];
  bool shut[4];
};

static bool exit_shut(const struct bc_por *po, const struct bc_por_scratch *sc,
                      const uint8_t *s, const unsigned *pcs, uint32_t lx,
                      struct shut *sh, uint64_t mask) {
  for (unsigned i = 0; i < sh->n; i++)
    if (sh->mask[i] == mask)
      return sh->shut[i];
  bool r = mask_shut(po, sc, s, pcs, lx, mask);
  if (sh->n < 4) {
    sh->mask[sh->n] = mask;
    sh->shut[sh->n++] = r;
  }
  return r;
}

/*
** May instance y, with cut c, touch unit u (a write with wr, else a read)
** before lx's run moves? Through its cut, or past an exit whose facts may
** hold, into the target step's cut or row, and so on: the cuts met are
** searched once each (at most NVISIT of them, "may" beyond).
*/
#define NVISIT 16

static bool cut_touch(const struct bc_por *po, const struct bc_por_scratch *sc,
                      const uint8_t *s, const unsigned *pcs, uint32_t lx,
                      struct shut *sh, unsigned y, uint32_t c0, bool wr,
                      uint32_t u) {
  size_t W = po->words ? po->words : 1;
  uint64_t gv = po->gvar[po->unit_var[u]];
  uint32_t seen[NVISIT];
  unsigned nseen = 0, next = 0;
  seen[nseen++] = c0;
  while (next < nseen) {
    uint32_t c = seen[next++];
    if (bget((wr ? po->cfutw : po->cfutr) + (size_t)c * W, u))
      return true;
    uint64_t m = (wr ? po->cgrow_w : po->cgrow_r)[c] & gv;
    if (m && guard_open(po, sc, s, pcs, lx, m, u))
      return true;
    for (unsigned j = 0; j < po->cex_n[c]; j++) {
      const struct cexit *x = &po->cex[(size_t)c * NEXIT + j];
      if (exit_shut(po, sc, s, pcs, lx, sh, x->mask))
        continue;
      size_t trow = (size_t)po->row0[y] + x->step;
      uint32_t tc = po->cut_of[trow];
      if (tc != UINT32_MAX) {
        if (unit_in(seen, nseen, tc))
          continue;
        if (nseen == NVISIT)
          return true;
        seen[nseen++] = tc;
        continue;
      }
      if (bget((wr ? po->futw : po->futr) + trow * W, u))
        return true;
      m = (wr ? po->grow_w : po->grow_r)[trow] & gv;
      if (m && guard_open(po, sc, s, pcs, lx, m, u))
        return true;
    }
  }
  return false;
}

/*
** Grow the stubborn set from live instance 'seed'. Returns the number of
** successors of its enabled members; or -1 when the set would be every
** live instance or breaks a condition; or -2 when it cannot beat choose()'s
** best so far (bk successors from seed bi; bk < 0: none yet), with *lb a
** lower bound of its successors. See choose().
**
** A run of twins comes into the set whole. With 'whole', the twins of a
** run whose family is uniform (run_whole) are not walked: the units of a
** twin's footprint are its leader's with two members' elements exchanged
** (twin_materialise), and in a uniform family a unit of a member of the
** run brings in the instances that the same variable's unit of any other
** member of the run does (bc_por_new), frozen or not alike; so the
** leader's walk brings in every instance the twins' would, with its own
** program counter standing for theirs. The set is the same, and so are
** its successors (a twin's moves are its leader's, counted once); only
** where the walk stops early may differ, not whether: it fails only if
** the whole closure fails (a member no set may hold, every instance, or
** a seed tried before whose closure failed, which is inside this one).
** Debug builds walk every twin too and compare (closure()).
*/
static long closure_walk(const struct bc_por *po, struct bc_por_scratch *sc,
                         const uint8_t *s, unsigned nlive, const unsigned *pcs,
                         unsigned seed, long bk, unsigned bi, long *lb,
                         bool whole) {
  const struct bc_program *p = po->p;
  uint32_t stamp = ++sc->set_stamp;
  if (stamp == 0) {
    memset(sc->in_set, 0, (p->ninsts + 1) * sizeof *sc->in_set);
    stamp = sc->set_stamp = 1;
  }
#define LOSES(n) (bk >= 0 && ((n) > bk || ((n) == bk && seed > bi)))
  unsigned nq = 0, head = 0, size = 0;
  long nsucc = 0;
  bool same = run_bad_same(po, sc, seed);
  if (same && sc->bad[seed])
    return -1;
  for (uint32_t t = seed; t < nlive && sc->leader[t] == seed; t++) {
    if (!same && sc->bad[t])
      return -1;
    sc->queue[nq++] = t;
    sc->in_set[t] = stamp;
    size++;
  }
  if (size == nlive)
    return -1;
  while (head < nq) {
    unsigned xi = sc->queue[head++];
    if (sc->leader[xi] != xi) {
      if (whole && run_whole(po, sc, xi))
        continue; /* its leader's walk stands for it */
      twin_materialise(po, sc, xi);
    }
    unsigned x = sc->live[xi];
    struct shut sh = {0, {0}, {false}};
    const uint32_t *R = sc->pool_r + sc->r_off[xi];
    const uint32_t *Wr = sc->pool_w + sc->w_off[xi];
    uint32_t nr = sc->r_n[xi], nw = sc->w_n[xi];
    bool en = sc->count[xi] > 0;
    if (en) {
      if (sc->leader[xi] == xi) {
        nsucc += sc->count[xi];
        if (LOSES(nsucc)) {
          *lb = nsucc;
          return -2;
        }
      }
    }
    /* every live instance outside the set that may touch what x does */
    for (int kind = 0; kind < 3; kind++) {
      /* 0: reads of x vs writers; 1: writes of x vs writers; 2: vs readers */
      if (kind > 0 && !en)
        break;
      const uint32_t *U = kind == 0 ? R : Wr;
      uint32_t nu = kind == 0 ? nr : nw;
      const uint32_t *first = kind == 2 ? po->rd_first : po->wr_first;
      const uint32_t *inst = kind == 2 ? po->rd_inst : po->wr_inst;
      const uint64_t *fb = kind == 2 ? po->futr : po->futw;
      uint32_t ustamp = 0;
      if (whole && po->any_run && nu > 1 && (ustamp = ++sc->ustamp) == 0) {
        memset(sc->umark, 0, ((size_t)po->nunits + 1) * sizeof *sc->umark);
        memset(sc->rc_stamp, 0, (po->p->nvars + 1) * sizeof *sc->rc_stamp);
        ustamp = sc->ustamp = 1;
      }
      for (uint32_t i = 0; i <= nu; i++) {
        uint32_t u;
        if (i == nu) {
          /* its own program counter, for at_label() readers */
          if (kind != 2)
            break;
          const struct bc_proc *pr = &p->procs[p->insts[x].proc];
          u = po->unit_base[pr->pc_var] + (x - pr->first_inst);
        } else {
          u = U[i];
          if (ustamp && unit_seen(po, sc, u, ustamp))
            continue;
          if (frozen(po, s, u))
            continue;
        }
        bc_hot_assert(u < po->nunits && first[u] <= first[u + 1]);
        for (uint32_t j = first[u]; j < first[u + 1]; j++) {
          unsigned y = inst[j];
          uint32_t yi = sc->live_of[y];
          if (yi == UINT32_MAX || sc->in_set[yi] == stamp)
            continue;
          uint32_t cy = po->cut_of[po->row0[y] + pcs[yi]];
          if (cy != UINT32_MAX) {
            /* only past edges whose facts are shut? */
            if (!cut_touch(po, sc, s, pcs, sc->leader[xi], &sh, y, cy,
                           kind != 2, u))
              continue;
          } else if (!bget(fut(po, fb, y, pcs[yi]), u)) {
            /* only under a guard that may not open in time? */
            uint64_t m = (kind == 2 ? po->grow_r : po->grow_w)
                             [po->row0[y] + pcs[yi]] &
                         po->gvar[po->unit_var[u]];
            if (!m || !guard_open(po, sc, s, pcs, sc->leader[xi], m, u))
              continue;
          }
          /* a seed tried before: its set is inside this one (choose) */
          uint32_t ly = sc->leader[yi];
          if (sc->tried[ly] == sc->try_stamp) {
            if (sc->lb[ly] < 0)
              return -1;
            if (LOSES(sc->lb[ly])) {
              *lb = sc->lb[ly];
              return -2;
            }
          }
          /* with its twins: they stand for one another (none of them is
          ** in the set: runs come in whole) */
          bool ysame = run_bad_same(po, sc, ly);
          if (ysame && sc->bad[ly])
            return -1;
          for (uint32_t t = ly; t < nlive && sc->leader[t] == ly; t++) {
            bc_hot_assert(sc->in_set[t] != stamp);
            if (!ysame && sc->bad[t])
              return -1;
            sc->in_set[t] = stamp;
            bc_hot_assert(nq < nlive && sc->leader[t] <= t); /* each once */
            sc->queue[nq++] = t;
            if (++size == nlive)
              return -1;
          }
        }
      }
    }
  }
#undef LOSES
  return nsucc;
}

#ifdef BC_HOT_ASSERTS
/* Debug builds: the live indices in the set closure_walk left (n of
** them, in order), in a new array. */
static uint32_t *set_members(const struct bc_por_scratch *sc, unsigned nlive,
                             unsigned *n) {
  uint32_t *m = bc_xcalloc(nlive + 1, sizeof *m);
  *n = 0;
  for (unsigned yi = 0; yi < nlive; yi++)
    if (sc->in_set[yi] == sc->set_stamp)
      m[(*n)++] = yi;
  return m;
}
#endif

/* closure_walk with runs of twins walked once where that is sound; debug
** builds check it against walking every twin, closures in full. */
static long closure(const struct bc_por *po, struct bc_por_scratch *sc,
                    const uint8_t *s, unsigned nlive, const unsigned *pcs,
                    unsigned seed, long bk, unsigned bi, long *lb) {
#ifdef BC_HOT_ASSERTS
  long lb0 = 0;
  unsigned n_old = 0, n_new = 0;
  long k_old = closure_walk(po, sc, s, nlive, pcs, seed, -1, 0, &lb0, false);
  uint32_t *m_old = set_members(sc, nlive, &n_old);
  long k_new = closure_walk(po, sc, s, nlive, pcs, seed, -1, 0, &lb0, true);
  uint32_t *m_new = set_members(sc, nlive, &n_new);
  bc_hot_assert(k_old == k_new && k_old != -2);
  bc_hot_assert(k_old < 0 || (n_old == n_new &&
                              !memcmp(m_old, m_new, n_old * sizeof *m_old)));
#endif
  long k = closure_walk(po, sc, s, nlive, pcs, seed, bk, bi, lb, true);
#ifdef BC_HOT_ASSERTS
  bc_hot_assert(k == -2 || k == k_new);
  if (k >= 0) {
    unsigned n = 0;
    uint32_t *m = set_members(sc, nlive, &n);
    bc_hot_assert(n == n_new && !memcmp(m, m_new, n * sizeof *m));
    free(m);
  }
  free(m_old);
  free(m_new);
#endif
  return k;
}

/*
** The live instances no stubborn set may hold (sc->bad): footprint not
** recorded in full, or enabled and its step visible (it writes what an
** `always`/`reachable` predicate reads, or its program counter is read
** there) or not forward. These depend on the instance alone, so closure()
** gives up as soon as it brings one in.
*/
/*
** The window pass (bc_por_new_windows): the visible units instance xi's
** step writes are each read by one pair (conjunct, x) of a quantified
** conjunct only (pairs[0..np)). Can none of its moves make a window's
** predicate false, from any state the stubborn set's argument applies its
** step in (docs/reductions.md, "Windows under --por")? So when what each
** such B(x) reads is in the step's footprint or settled (no step outside
** the set changes it before the step), and in every move, per conjunct,
** `exists`: some touched B(x) holds after the move, or every touched B(x)
** was false before it; `forall`: every touched B(x) holds after it. Only
** a step whose moves were enumerated (no twin) can tell.
*/
static bool harmless(const struct bc_por *po, struct bc_por_scratch *sc,
                     struct bc_vm *vm, const uint8_t *s, uint32_t xi,
                     const uint32_t *pairs, unsigned np) {
  if (!vm || sc->leader[xi] != xi || sc->count[xi] == 0 ||
      sc->mat[xi] != sc->mat_stamp)
    return false;
  const uint32_t *R = sc->pool_r + sc->r_off[xi];
  const uint32_t *Wu = sc->pool_w + sc->w_off[xi];
  int64_t before[WQ_TOUCH];
  for (unsigned i = 0; i < np; i++) {
    uint32_t q = pairs[i];
    for (uint32_t j = po->wq_first[q]; j < po->wq_first[q + 1]; j++) {
      uint32_t u = po->wq_unit[j];
      if (!unit_in(R, sc->r_n[xi], u) && !unit_in(Wu, sc->w_n[xi], u) &&
          !unit_settled(po, s, u))
        return false;
    }
    if (bc_vm_eval_self(vm, po->wc_qbody[po->wq_conj[q]], po->wq_x[q], s,
                        &before[i]) != 0)
      return false;
  }
  size_t nb = po->p->state_bytes;
  for (uint32_t m = sc->first[xi]; m < sc->first[xi] + sc->count[xi]; m++) {
    const struct srec *r =
        (const struct srec *)(const void *)(sc->succ + m * sc->recsize);
    const uint8_t *t = rec_state(sc, r);
    bool ok = true;
    for (unsigned i = 0; i < np && ok; i++) {
      uint32_t c = po->wq_conj[pairs[i]];
      bool seen = false; /* c's pairs done at its first */
      for (unsigned j = 0; j < i && !seen; j++)
        seen = po->wq_conj[pairs[j]] == c;
      if (seen)
        continue;
      bool any_after = false, all_after = true, all_false = true;
      for (unsigned j = i; j < np && ok; j++) {
        if (po->wq_conj[pairs[j]] != c)
          continue;
        int64_t v;
        if (bc_vm_eval_self(vm, po->wc_qbody[c], po->wq_x[pairs[j]], t,
                            &v) != 0) {
          ok = false;
          break;
        }
        any_after |= v != 0;
        all_after &= v != 0;
        all_false &= before[j] == 0;
      }
      if (ok)
        ok = po->wc_qkind[c] == 1 ? any_after || all_false : all_after;
    }
    rec_done(sc, r, s, nb);
    if (!ok)
      return false;
  }
  return true;
}

static inline bool inst_bad(const struct bc_por *po,
                            struct bc_por_scratch *sc, struct bc_vm *vm,
                            const uint8_t *s, uint32_t xi,
                            const uint32_t *Wr, uint32_t nw) {
  const struct bc_program *p = po->p;
  unsigned x = sc->live[xi];
  bool bad = sc->overflow[xi];
  uint32_t pairs[WQ_TOUCH];
  unsigned np = 0;
  if (!bad && sc->count[xi] > 0) {
    const struct bc_proc *pr = &p->procs[p->insts[x].proc];
    bad = !po->forward[pr->first_step + sc->pcs[xi]] ||
          bget(po->vis, po->unit_base[pr->pc_var] + (x - pr->first_inst));
    for (uint32_t i = 0; i < nw && !bad; i++) {
      if (!bget(po->vis, Wr[i]) || frozen(po, s, Wr[i]))
        continue;
      /* the window pass: one pair reads it (harmless decides) */
      uint32_t q = po->wq_of ? po->wq_of[Wr[i]] : WQ_NONE;
      bad = q == WQ_NONE || q == WQ_MANY;
      if (!bad && !unit_in(pairs, np, q)) {
        bad = np == WQ_TOUCH;
        if (!bad)
          pairs[np++] = q;
      }
    }
    if (!bad && np > 0)
      bad = !harmless(po, sc, vm, s, xi, pairs, np);
  }
  return bad;
}

/*
** The twins of a run whose verdict is the leader's (run_bad_same) are
** left out: closure() asks the leader. Debug builds compute theirs anyway
** and compare.
*/
static void mark_bad(const struct bc_por *po, struct bc_por_scratch *sc,
                     struct bc_vm *vm, const uint8_t *s, unsigned nlive) {
  if (sc->nruns == nlive) { /* no twins */
    for (unsigned xi = 0; xi < nlive; xi++)
      sc->bad[xi] = inst_bad(po, sc, vm, s, xi, sc->pool_w + sc->w_off[xi],
                             sc->w_n[xi]);
    return;
  }
  for (unsigned k = 0; k < sc->nruns; k++) {
    uint32_t l = sc->runs[k];
    uint32_t end = k + 1 < sc->nruns ? sc->runs[k + 1] : nlive;
    sc->bad[l] = inst_bad(po, sc, vm, s, l, sc->pool_w + sc->w_off[l],
                          sc->w_n[l]);
    if (end == l + 1)
      continue;
    if (run_bad_same(po, sc, l)) {
#ifdef BC_HOT_ASSERTS
      const struct bc_program *p = po->p;
      for (uint32_t xi = l + 1; xi < end; xi++) {
        unsigned g = sc->live[xi], gl = sc->live[l];
        const struct bc_proc *pr = &p->procs[p->insts[g].proc];
        uint32_t *w = bc_xcalloc(sc->w_n[xi] + 1, sizeof *w);
        if (sc->mat[xi] == sc->mat_stamp)
          memcpy(w, sc->pool_w + sc->w_off[xi], sc->w_n[xi] * sizeof *w);
        else
          rename_units(po, po->inst_fam[g], gl - pr->first_inst,
                       g - pr->first_inst, sc->pool_w + sc->w_off[xi],
                       sc->w_n[xi], w);
        sc->bad[xi] = inst_bad(po, sc, vm, s, xi, w, sc->w_n[xi]);
        /* (in the window pass a twin cannot run harmless(): its moves
        ** are not enumerated; its verdict is its leader's renamed, the
        ** windows' predicates being symmetric) */
        bc_hot_assert(sc->bad[xi] == sc->bad[l] ||
                      (po->wq_of && !sc->bad[l]));
        free(w);
      }
#endif
      continue;
    }
    for (uint32_t xi = l + 1; xi < end; xi++) {
      bc_hot_assert(sc->leader[xi] == l);
      twin_materialise(po, sc, xi);
      sc->bad[xi] = inst_bad(po, sc, vm, s, xi, sc->pool_w + sc->w_off[xi],
                             sc->w_n[xi]);
    }
  }
}

/* Try seed si (choose): keep its set if it beats the best so far. */
static void try_seed(const struct bc_por *po, struct bc_por_scratch *sc,
                     const uint8_t *state, unsigned nlive, unsigned si,
                     long *bk, unsigned *bi, unsigned *nbest) {
  long lb = 0;
  long k = closure(po, sc, state, nlive, sc->pcs, si, *bk, *bi, &lb);
  sc->tried[si] = sc->try_stamp;
  sc->lb[si] = k == -1 ? -1 : k == -2 ? lb : k;
  if (k <= 0)
    return;
  bc_hot_assert(*bk < 0 || k < *bk || (k == *bk && si < *bi));
  *bk = k;
  *bi = si;
  *nbest = 0;
  /* runs of twins come into a set whole (closure) */
  for (unsigned r = 0; r < sc->nruns; r++) {
    uint32_t l = sc->runs[r];
    uint32_t end = r + 1 < sc->nruns ? sc->runs[r + 1] : nlive;
    bool in = sc->in_set[l] == sc->set_stamp;
#ifdef BC_HOT_ASSERTS
    for (uint32_t yi = l; yi < end; yi++)
      bc_hot_assert((sc->in_set[yi] == sc->set_stamp) == in);
#endif
    for (uint32_t yi = l; yi < end && in; yi++)
      sc->best[(*nbest)++] = sc->live[yi];
  }
}

/*
** The smallest stubborn set among the closures of the enabled seeds (one
** per run of twins): its members in sc->best[0..*nbest), and the number of
** their successors, or -1 (no reduction: every instance). Of two sets with
** as many successors, the one of the seed that comes first wins.
**
** The seeds are tried in another order, and most closures are cut short,
** without changing that choice. The closure from a seed is the least set
** that holds the seed and is closed under closure()'s rules (what a member
** brings in depends on the state, not on the set); it fails if a member
** breaks a condition, and its successors are at least the seed's own. So:
**
**   - seeds with one successor are tried first, in order, and the first
**     of them whose closure has one successor ends the search: no set has
**     fewer, and a seed before it with as few would have been tried;
**   - a seed whose own successors, or whose closure's successors counted
**     so far, already lose to the best set (more, or as many from a later
**     seed) is passed over;
**   - once the closure from x brings in a seed y tried before (or y's run
**     of twins), it holds y's whole closure: it fails if y's failed, and
**     has at least the successors y's had (or was known to have when it
**     was cut short), so it is passed over when those lose.
*/
static long choose(const struct bc_por *po, struct bc_por_scratch *sc,
                   struct bc_vm *vm, const uint8_t *state, unsigned nlive,
                   unsigned *nbest) {
  long bk = -1;
  unsigned bi = 0;
  *nbest = 0;
  if (nlive <= 1)
    return -1;
  if (++sc->try_stamp == 0) {
    memset(sc->tried, 0, (po->p->ninsts + 1) * sizeof *sc->tried);
    sc->try_stamp = 1;
  }
  mark_bad(po, sc, vm, state, nlive);
  for (int pass = 0; pass < 2 && bk != 1; pass++)
    for (unsigned r = 0; r < sc->nruns && bk != 1; r++) {
      unsigned si = sc->runs[r];
      bc_hot_assert(sc->leader[si] == si);
      if (sc->count[si] == 0 || (sc->count[si] == 1) != (pass == 0))
        continue;
      if (po->fair_seed &&
          !po->fair_seed[po->p->procs[po->p->insts[sc->live[si]].proc]
                             .first_step +
                         sc->pcs[si]])
        continue; /* the liveness pass: no fair step in the set */
      long c = sc->count[si];
      if (bk >= 0 && (c > bk || (c == bk && si > bi)))
        continue;
      try_seed(po, sc, state, nlive, si, &bk, &bi, nbest);
    }
  return bk;
}
#ifdef BC_HOT_ASSERTS
static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/*
** Debug builds: twin xi (live index; instance g, its leader's footprint
** in its entries, n moves) has as many moves as its leader, and writes,
** as a set, what twin_materialise's renaming says. Its reads are not
** compared: a quantifier over the members stops at the first member that
** decides it, and members are visited in index order, so the twin may
** read other elements than the renamed leader's (`forall j in 0..N: j !=
** i and not b`: member 0 stops at j = 0, member 1 reads b). What the
** reduction needs holds all the same: the renamed set holds every unit
** the twin's step depends on. For a unit x outside it, its image under
** the swap pi of the two members is outside the leader's set, so the
** leader's step (which did not read pi(x)) does the same in s with pi(x)
** changed; pi being an automorphism that fixes s, the twin's step does
** the same in s with x changed (docs/reductions.md, "A twin's reads
** need not be its leader's renamed"). The
** twin's entries are left as they are. Returns the moves counted.
*/
static long check_twin(const struct bc_por *po, struct bc_por_scratch *sc,
                       struct bc_vm *vm, const uint8_t *state, uint32_t xi,
                       unsigned g, struct collect *col, long n) {
  const struct bc_program *p = po->p;
  const struct bc_proc *pr = &p->procs[p->insts[g].proc];
  unsigned gl = sc->live[sc->leader[xi]];
  uint32_t nw = sc->w_n[xi];
  uint32_t *w = bc_xcalloc(nw + 1, sizeof *w);
  rename_units(po, po->inst_fam[g], gl - pr->first_inst, g - pr->first_inst,
               sc->pool_w + sc->w_off[xi], nw, w);
  struct bc_track *t = track_start(po, sc);
  long m = bc_vm_instance_successors(vm, state, g, collect, col);
  bc_hot_assert(m == n && t->nw == nw && t->overflow == sc->overflow[xi]);
  qsort(w, nw, sizeof *w, cmp_u32);
  uint32_t *w2 = bc_xcalloc(nw + 1, 4);
  memcpy(w2, t->w, nw * sizeof *w2);
  qsort(w2, nw, sizeof *w2, cmp_u32);
  bc_hot_assert(t->overflow || !memcmp(w, w2, nw * sizeof *w));
  free(w);
  free(w2);
  return m;
}
#endif

/*
** The one member of a symmetric family whose permuted fields differ
** between states a and b, as its live index, when it is a twin (not the
** first of its run) in a; else UINT32_MAX. *lead: the first of its run.
** Only the words sc->dw[0..ndw) are compared: those the move may change.
** b is a whole state, or NULL for the record r that keeps the words its
** move wrote (collect): then only those of them in sc->dw (dw_mark) are
** compared, the others being a's; each bit found adds to the same answer
** whatever the order.
*/
static uint32_t changed_twin(const struct bc_por *po,
                             const struct bc_por_scratch *sc,
                             const uint8_t *a, const uint8_t *b,
                             const struct srec *r, uint32_t *lead) {
  const struct bc_program *p = po->p;
  size_t n = p->state_bytes;
  uint32_t fam = 0;
  int64_t mem = -1;
  uint32_t nw = r ? r->ndelta : sc->ndw;
  const uint32_t *ws = r ? delta_idx(r) : sc->dw;
  for (uint32_t wi = 0; wi < nw; wi++) {
    if (r && sc->dw_mark[ws[wi]] != sc->dw_stamp)
      continue;
    size_t i = (size_t)ws[wi] * 8;
    uint64_t x = 0, y = 0;
    if (n - i >= 8) { /* a fixed size: no call */
      memcpy(&x, a + i, 8);
      if (r)
        y = delta_val(r)[wi];
      else
        memcpy(&y, b + i, 8);
    } else {
      memcpy(&x, a + i, n - i);
      if (r)
        y = delta_val(r)[wi]; /* zero past n, as x */
      else
        memcpy(&y, b + i, n - i);
    }
    for (uint64_t d = x ^ y; d; d &= d - 1) {
      size_t bit = i * 8 + (size_t)__builtin_ctzll(d);
      uint32_t u = po->bit_unit[bit];
      if (u == UINT32_MAX)
        return UINT32_MAX;
      uint32_t v = po->unit_var[u];
      uint32_t f = po->sym_fam[v];
      if (!f)
        continue; /* no member's: every renaming fixes it */
      if (p->vars[v].ndims != 1)
        return UINT32_MAX;
      const struct bc_symfam *sf = &p->symfams[f - 1];
      int64_t e = (int64_t)(u - po->unit_base[v]) - (int64_t)po->sym_e0[v];
      if (e < 0 || e >= (int64_t)sf->n)
        continue; /* an element outside the range: fixed too */
      if (mem >= 0 && (fam != f || mem != e))
        return UINT32_MAX; /* two members */
      fam = f;
      mem = e;
    }
  }
  if (mem < 0)
    return UINT32_MAX;
  const struct bc_symfam *sf = &p->symfams[fam - 1];
  unsigned g = p->procs[sf->proc].first_inst + (unsigned)mem;
  uint32_t li = sc->live_of[g];
  if (li == UINT32_MAX || sc->leader[li] == li)
    return UINT32_MAX;
  *lead = sc->leader[li];
  return li;
}

#ifdef BC_HOT_ASSERTS
/* Debug builds: the renaming sym_dup relies on is a move of the same
** instance: 'r' with members m and l (instances) exchanged is among the
** records [first, end). */
static void check_dup(const struct bc_por *po, struct bc_por_scratch *sc,
                      const uint8_t *state, const struct srec *r,
                      unsigned gm, unsigned gl, size_t first, size_t end) {
  const struct bc_program *p = po->p;
  uint32_t fam = po->inst_fam[gm];
  const struct bc_symfam *sf = &p->symfams[fam - 1];
  unsigned f0 = p->procs[sf->proc].first_inst;
  uint8_t *t = bc_xcalloc(p->state_bytes + 8, 1);
  memcpy(t, rec_state(sc, r), p->state_bytes);
  rec_done(sc, r, state, p->state_bytes);
  for (unsigned k = 0; k < sf->nvars; k++) {
    const struct bc_field *fd = &p->fields[sf->vars[k]];
    uint32_t em = sf->elem0[k] + (gm - f0), el = sf->elem0[k] + (gl - f0);
    uint64_t xm = bc_bits_get(t, fd->bitoff + em * fd->stride, fd->width);
    uint64_t xl = bc_bits_get(t, fd->bitoff + el * fd->stride, fd->width);
    bc_bits_set(t, fd->bitoff + em * fd->stride, fd->width, xl);
    bc_bits_set(t, fd->bitoff + el * fd->stride, fd->width, xm);
  }
  bool found = false;
  for (size_t i = first; i < end && !found; i++) {
    const struct srec *o = (const struct srec *)(const void *)(sc->succ +
                                                     i * sc->recsize);
    found = o != r && !memcmp(rec_state(sc, o), t, p->state_bytes) &&
            o->has_viol == r->has_viol &&
            (!r->has_viol || !memcmp(o->viol, r->viol, sizeof r->viol));
    rec_done(sc, o, state, p->state_bytes);
  }
  bc_hot_assert(found);
  free(t);
}
#endif

/*
** Mark (r->dup) the moves of non-member instance g, live index li
** (records [first, end) of sc->succ), that are renamings of others. Let move r change the fields of
** one member m of a symmetric family only (and anything outside the
** family's fields), m a twin in the state s expanded, and l the first of
** m's run of twins. Swapping l and m (a permutation pi of the family's
** members) maps s to itself, since twins have equal permuted fields, and
** fixes g, which is not a member; pi being an automorphism of the model
** (docs/reductions.md, "Symmetry: why it is sound"), pi(r) is a move of g
** from pi(s) = s as well, with the same violations and runtime errors, and
** it changes member l's fields, not m's, so it is another of the records.
** r and pi(r) have one canonical form: the search stores one state for
** both, and r adds nothing (`with a in 1..N` over members that stand
** alike gives one state to store per run of twins). r is still offered,
** as a move outside the stubborn set: its violations are seen (they are
** pi(r)'s), and every move keeps its number (the shared search of
** `bootcheck where` counts them). Debug builds check that pi(r) is there.
*/
static void sym_dup(const struct bc_por *po, struct bc_por_scratch *sc,
                    const uint8_t *state, uint32_t li, size_t first,
                    size_t end) {
  const struct bc_program *p = po->p;
  if (po->inst_fam[sc->live[li]] || end - first < 2 || sc->overflow[li])
    return;
  /* the state words holding what g's moves wrote (its recorded footprint:
  ** every store; its program counter is no member's) */
  if (++sc->dw_stamp == 0) {
    memset(sc->dw_mark, 0, ((p->state_bytes + 7) / 8 + 1) * sizeof(uint32_t));
    sc->dw_stamp = 1;
  }
  sc->ndw = 0;
  const uint32_t *W = sc->pool_w + sc->w_off[li];
  for (uint32_t k = 0; k < sc->w_n[li]; k++) {
    uint32_t u = W[k], v = po->unit_var[u];
    if (!po->sym_fam[v])
      continue;
    const struct bc_field *fd = &p->fields[v];
    size_t b0 = (size_t)fd->bitoff +
                (size_t)(u - po->unit_base[v]) * fd->stride;
    for (size_t w = b0 / 64; w <= (b0 + fd->width - 1) / 64; w++)
      if (sc->dw_mark[w] != sc->dw_stamp) {
        sc->dw_mark[w] = sc->dw_stamp;
        sc->dw[sc->ndw++] = (uint32_t)w;
      }
  }
  if (sc->ndw == 0)
    return;
  for (size_t i = first; i < end; i++) {
    struct srec *r = (struct srec *)(void *)(sc->succ + i * sc->recsize);
    uint32_t lead = 0;
    uint32_t m = r->ndelta == NO_DELTA
                     ? changed_twin(po, sc, state, (const uint8_t *)(r + 1),
                                    NULL, &lead)
                     : changed_twin(po, sc, state, NULL, r, &lead);
#ifdef BC_HOT_ASSERTS
    if (r->ndelta != NO_DELTA) {
      uint32_t lead2 = 0;
      bc_hot_assert(changed_twin(po, sc, state, rec_state(sc, r), NULL,
                                 &lead2) == m &&
                    (m == UINT32_MAX || lead2 == lead));
      rec_done(sc, r, state, p->state_bytes);
    }
#endif
    if (m == UINT32_MAX)
      continue;
#ifdef BC_HOT_ASSERTS
    check_dup(po, sc, state, r, sc->live[m], sc->live[lead], first, end);
#endif
    r->dup = true;
  }
}

/* Live entry i, a twin led by live entry l: l's footprint (renamed only
** when something needs it: twin_materialise), l as its leader. */
static inline void twin_entry(struct bc_por_scratch *sc, uint32_t i,
                              uint32_t l) {
  sc->r_off[i] = sc->r_off[l];
  sc->w_off[i] = sc->w_off[l];
  sc->r_n[i] = sc->r_n[l];
  sc->w_n[i] = sc->w_n[l];
  sc->overflow[i] = sc->overflow[l];
  sc->mat[i] = 0;
  sc->leader[i] = l;
}

static inline void fill32(uint32_t *d, size_t m, uint32_t v) {
  for (size_t k = 0; k < m; k++)
    d[k] = v;
}

/*
** Live entries nlive.. for the m twins g.. (instances) that follow a run's
** member, led by live entry l, at local step 'at': twin_entry for each,
** written array by array (a run of a family of a thousand members is
** most of a state's entries; loops of one store each vectorise).
*/
static void twin_run(struct bc_por_scratch *sc, uint32_t nlive, unsigned g,
                     size_t m, uint32_t l, unsigned at) {
  uint32_t first = (uint32_t)sc->nsucc, n = sc->count[l];
  uint32_t r_off = sc->r_off[l], w_off = sc->w_off[l], r_n = sc->r_n[l],
           w_n = sc->w_n[l];
  unsigned *live = sc->live + nlive, *pcs = sc->pcs + nlive;
  uint32_t *live_of = sc->live_of + g, *fi = sc->first + nlive,
           *co = sc->count + nlive, *ro = sc->r_off + nlive,
           *wo = sc->w_off + nlive, *rn = sc->r_n + nlive,
           *wn = sc->w_n + nlive, *le = sc->leader + nlive;
  for (size_t k = 0; k < m; k++)
    live[k] = g + (unsigned)k;
  for (size_t k = 0; k < m; k++)
    live_of[k] = nlive + (uint32_t)k;
  for (size_t k = 0; k < m; k++)
    pcs[k] = at;
  fill32(fi, m, first);
  fill32(co, m, n);
  fill32(ro, m, r_off);
  fill32(wo, m, w_off);
  fill32(rn, m, r_n);
  fill32(wn, m, w_n);
  fill32(le, m, l);
  memset(sc->overflow + nlive, sc->overflow[l], m * sizeof *sc->overflow);
  memset(sc->mat + nlive, 0, m * sizeof *sc->mat);
}

long bc_por_successors(const struct bc_por *po, struct bc_por_scratch *sc,
                       struct bc_vm *vm, const uint8_t *state, bc_por_fn fn,
                       void *ctx) {
  const struct bc_program *p = po->p;
  struct collect col = {sc, po, p->state_bytes, 0, false, vm, state};
  unsigned nlive = 0;
  bool any_twin = false;
  sc->nsucc = 0;
  sc->work_ok = false;
  sc->ntotal = 0;
  sc->pool_r_used = sc->pool_w_used = 0;
  sc->resel = UINT32_MAX;
  sc->nruns = 0;
  if (++sc->mat_stamp == 0) {
    memset(sc->mat, 0, (p->ninsts + 1) * sizeof *sc->mat);
    sc->mat_stamp = 1;
  }
  vm->track = &sc->track;
  bc_vm_keep_buf(vm, true);
  /* the state's twins, when the explorer set them (vm.h, bc_vm_set_twins) */
  const uint8_t *tw = vm->skip_twins && vm->twins && vm->twins_state == state
                          ? vm->twins
                          : NULL;
  for (unsigned g = 0; g < p->ninsts; g++) {
    const struct bc_proc *pr = &p->procs[p->insts[g].proc];
    uint32_t e = g - pr->first_inst;
    sc->live_of[g] = UINT32_MAX;
    int64_t at = bc_field_get(&p->fields[pr->pc_var], state, e);
    if (at >= (int64_t)pr->nsteps)
      continue;
    uint32_t first = (uint32_t)sc->nsucc;
    col.twin = bc_vm_is_twin(vm, state, g);
    sc->live[nlive] = g;
    long n;
    if (col.twin && nlive > 0 && sc->live[nlive - 1] == g - 1) {
      /* its moves are left out; its footprint is its leader's, renamed
      ** only when something needs it (twin_materialise) */
      uint32_t l = sc->leader[nlive - 1];
      n = sc->count[l];
      twin_entry(sc, nlive, l);
#ifdef BC_HOT_ASSERTS
      n = check_twin(po, sc, vm, state, nlive, g, &col, n);
#endif
    } else {
      struct bc_track *t = track_start(po, sc);
      n = bc_vm_instance_successors(vm, state, g, collect, &col);
      sc->r_off[nlive] = (uint32_t)sc->pool_r_used;
      sc->w_off[nlive] = (uint32_t)sc->pool_w_used;
      sc->r_n[nlive] = t->nr;
      sc->w_n[nlive] = t->nw;
      sc->overflow[nlive] = t->overflow;
      sc->mat[nlive] = sc->mat_stamp;
      sc->pool_r_used += t->nr;
      sc->pool_w_used += t->nw;
#ifdef BC_HOT_ASSERTS
      if (at < (int64_t)pr->nsteps && !t->overflow)
        check_ahead(po, state, g, (unsigned)at, sc->pool_r + sc->r_off[nlive],
                    t->nr, sc->pool_w + sc->w_off[nlive], t->nw);
#endif
      /* twins (vm.h): the first of a run of twins leads it */
      sc->leader[nlive] = col.twin && nlive > 0 ? sc->leader[nlive - 1]
                                                : nlive;
      if (sc->leader[nlive] == nlive)
        sc->runs[sc->nruns++] = nlive;
    }
    if (n < 0) {
      vm->track = NULL;
      bc_vm_keep_buf(vm, false);
      return BC_VM_ERROR;
    }
    sc->live_of[g] = nlive;
    any_twin |= col.twin;
    sc->ntotal += col.twin ? 0 : (uint32_t)n;
    sc->pcs[nlive] = (unsigned)at;
    sc->first[nlive] = first;
    /* a twin's moves are not collected */
    assert((uint64_t)n <= UINT32_MAX &&
           (col.twin || sc->nsucc - first == (size_t)n));
    sc->count[nlive] = (uint32_t)n;
    nlive++;
    /* the twins that follow a member, from the state's twin table when
    ** the explorer set one (tw): the same entries but for the instance,
    ** without reading their program counters (a twin's is its leader's)
    ** or footprints */
    if (!po->inst_fam[g] || !tw)
      continue;
    uint32_t l = sc->leader[nlive - 1];
    unsigned end = pr->first_inst + pr->ninst;
    unsigned m = bc_vm_twins_from(tw, g + 1, end) - (g + 1);
    if (m == 0)
      continue;
    any_twin = true;
    twin_run(sc, nlive, g + 1, m, l, (unsigned)at);
#ifdef BC_HOT_ASSERTS
    for (unsigned k = 0; k < m; k++) {
      unsigned gk = g + 1 + k;
      bc_hot_assert(bc_vm_is_twin(vm, state, gk) &&
                    bc_field_get(&p->fields[pr->pc_var], state,
                                 gk - pr->first_inst) == at);
      col.twin = true;
      bc_hot_assert(check_twin(po, sc, vm, state, nlive + k, gk, &col,
                               sc->count[l]) == sc->count[l]);
    }
#endif
    g += m;
    nlive += m;
  }
  vm->track = NULL;
  bc_vm_keep_buf(vm, false);
  for (unsigned k = 0; k < sc->nruns; k++) /* unit_seen's ranges */
    sc->run_n[sc->runs[k]] =
        (k + 1 < sc->nruns ? sc->runs[k + 1] : nlive) - sc->runs[k];
  /* the members' twins are known now: the renamed moves of the others */
  if (any_twin)
    for (unsigned k = 0; k < sc->nruns; k++) { /* a twin is a member */
      uint32_t li = sc->runs[k];
      if (sc->count[li] > 1 && !po->inst_fam[sc->live[li]])
        sym_dup(po, sc, state, li, sc->first[li],
                sc->first[li] + sc->count[li]);
    }

  unsigned nbest = 0;
  long bestn = choose(po, sc, vm, state, nlive, &nbest);
  if (bestn > 0)
    sc->reduced++;
  else
    sc->full++;

  /* offer every successor, marking the reduced set's */
  uint32_t bs = ++sc->best_stamp;
  if (bs == 0) {
    memset(sc->in_best, 0, (p->ninsts + 1) * sizeof *sc->in_best);
    bs = sc->best_stamp = 1;
  }
  for (unsigned j = 0; j < nbest; j++)
    sc->in_best[sc->live_of[sc->best[j]]] = bs;
  for (size_t i = 0; i < sc->nsucc; i++) {
    const struct srec *r = (const struct srec *)(const void *)(sc->succ +
                                                     i * sc->recsize);
    if (r->how == UINT32_MAX)
      continue; /* a twin's move: its leader's stands for it */
    /* a renaming (sym_dup) is offered as outside the set: its violations
    ** count, its state is another move's (every move keeps its number) */
    bool in = (bestn <= 0 || sc->in_best[sc->live_of[r->inst]] == bs) &&
              !r->dup;
    const uint8_t *succ = rec_state(sc, r);
    int stop = fn(ctx, succ, r->inst, r->step,
                  r->has_viol ? r->viol : NULL, r->how, in);
    rec_done(sc, r, state, p->state_bytes);
    if (stop)
      break;
  }
  return (long)sc->ntotal;
}


long bc_por_reselect(const struct bc_por *po, struct bc_por_scratch *sc,
                     struct bc_vm *vk, const uint8_t *state, unsigned inst,
                     bc_succ_fn fn, void *ctx, unsigned *set,
                     unsigned *nset) {
  const struct bc_program *p = po->p;
  *nset = 0;
  uint32_t li = sc->live_of[inst];
  unsigned nlive = 0;
  for (unsigned g = 0; g < p->ninsts; g++)
    nlive += sc->live_of[g] != UINT32_MAX;
  assert(li != UINT32_MAX && sc->leader[li] == li);
  /* U's entry for the instance, put back at the end */
  uint32_t r_off = sc->r_off[li], w_off = sc->w_off[li];
  uint32_t r_n = sc->r_n[li], w_n = sc->w_n[li], count = sc->count[li];
  bool overflow = sc->overflow[li];
  struct bc_track *t = track_start(po, sc);
  vk->track = t;
  long n = bc_vm_instance_successors(vk, state, inst, fn, ctx);
  vk->track = NULL;
  if (n < 0)
    return BC_VM_ERROR;
  sc->r_off[li] = (uint32_t)sc->pool_r_used;
  sc->w_off[li] = (uint32_t)sc->pool_w_used;
  sc->r_n[li] = t->nr;
  sc->w_n[li] = t->nw;
  sc->overflow[li] = t->overflow;
  /* kept from twin_materialise's appends; the twins' entries still hold
  ** the footprint vm recorded, so their run is walked twin by twin */
  sc->pool_r_used += t->nr;
  sc->pool_w_used += t->nw;
  assert((uint64_t)n <= UINT32_MAX);
  sc->count[li] = (uint32_t)n;
  unsigned nbest = 0;
  sc->resel = li;
  if (choose(po, sc, vk, state, nlive, &nbest) > 0) {
    memcpy(set, sc->best, nbest * sizeof *set);
    *nset = nbest;
  }
  sc->resel = UINT32_MAX;
  sc->r_off[li] = r_off;
  sc->w_off[li] = w_off;
  sc->r_n[li] = r_n;
  sc->w_n[li] = w_n;
  sc->count[li] = count;
  sc->overflow[li] = overflow;
  return n;
}
