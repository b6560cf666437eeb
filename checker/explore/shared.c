/*
** shared.c - one breadth-first search for the candidates of `bootcheck
** where` (docs/where.md, "How the candidates share one search").
**
** The configurations differ only in the hook placement P is bound to:
** candidate k binds P to hook h_k, and h_k is reached by every execution
** of one step Y_k and by nothing else (bc_shared_hook_step). So from a
** state t, configuration k's successors are those of the configuration U
** in which P is bound nowhere, except the ones of an instance standing at
** Y_k, which run P's block first. The search is a breadth-first search of
** the pairs (t, k) of a state and a candidate, with each state stored once
** and the candidates that reached it as a bit set:
**
**   - a state t is stored once (the ordinary store, by its bytes alone),
**     with seen(t), the candidates that reached it so far, and pend(t),
**     those that reached it in the current level, to expand it for at the
**     next (taken at the next level's start: a state of the level being
**     expanded that new bits reach is expanded for them one level later);
**   - t is expanded for pend(t) = B at the next level. U's successors
**     are enumerated once; the candidates k of B where no instance of t
**     stands at Y_k (most of them) take them all, a candidate with one
**     instance i at Y_k takes those of the other instances (renumbered as
**     k numbers them) and its own of i, enumerated for i alone (expand());
**     a candidate with two instances at Y_k gets its own enumeration;
**   - a successor that brings a state new bits (bits not in seen) records
**     them with its parent and transition number (an "arrival"), and the
**     state is expanded for them at the next level. The `always` and
**     `reachable` constraints are evaluated on it for them.
**
** This is a breadth-first search of the product of the configurations'
** state graphs, level by level: each pair (t, k) is visited at its depth in
** configuration k, and every edge leaving it is a transition of
** configuration k (instances not at Y_k take the same steps in U and in k,
** the hook being reached in Y_k only). So each constraint of candidate k is
** first violated at the same depth as when candidate k is searched alone:
** the verdicts and the lengths of the shortest counterexamples are those of
** the one-by-one search. The counterexample itself may be another one of
** the same length (the one-by-one search takes the first by state number;
** the numbering here is another), as it may with another --workers count.
** The trace of (t, k) follows the arrivals that carry bit k back to the
** initial state; its transition numbers are those of configuration k (U's
** numbers are k's where no instance stands at Y_k), so it is replayed with
** k's own VM, under symmetry too.
**
** Before a candidate's block has run, its states are U's and every
** candidate that has not yet passed its own step shares them; after it has
** run, states of different candidates merge again where the block's
** effects agree. A candidate whose step is never reached is U throughout.
** Nothing is decided for "the prefix" as a whole: a violation on a shared
** state or step belongs to exactly the candidates whose bits it carries.
**
** A candidate stops as the one-by-one search does: when every constraint
** has a verdict (decided), or at the end of the level of its first
** violation (--stop-at-first); its bits are then dropped. Deadlocks are per
** candidate: t deadlocks for k when k's successors (U's or k's own) are
** none and some process has not ended.
**
** Partial-order reduction (--por). For the candidates of B without an
** instance at their step, U's successors are enumerated with a stubborn set
** computed with U's steps and the static analysis of the configuration in
** which P is bound to every candidate hook at once (por.c's analysis takes
** the union of the bodies bound to a hook; its "frozen" elements are those
** of every configuration already). That set is stubborn in each such
** configuration k too: the members' steps and footprints at t are k's
** (none stands at Y_k), and what any instance may still do in k is
** contained in what the analysis assumes (an over-approximation only makes
** the set larger). A candidate whose one instance at its step is outside
** that set (it has successors in U, none of them in the set) shares it:
** the members' moves are k's; that instance's own moves in k are
** enumerated for their violations only. Any other candidate at its step
** gets its own stubborn set, with its own VM (the steps it takes at t)
** and the same analysis: one analysis for all the candidates, where
** checking them one by one analyses each configuration. That set is chosen
** without enumerating t again (bc_por_reselect): the other instances'
** moves and footprints in k are U's, already recorded, so only i's are
** enumerated with k's VM and the seeds tried again; the set is the one
** bc_por_successors would choose with k's VM. (Enumerating t again for
** each such candidate was half of the shared search's time at NAP=16:
** the bring-up loop's candidates stand at their step in most of their
** states.) A candidate with two instances at its step, or a twin there,
** still enumerates t with its own VM. A pair (t, k) may
** so follow more transitions than k's stubborn set (others' sets, when t
** is shared), never fewer, and only
** transitions of k: the states the reduced search of k reaches are reached
** here, so the verdicts are those of the one-by-one search with --por.
** Shortest counterexamples are not promised under --por (as alone).
**
** Symmetry: states are stored canonical as in explore.c; twins are left
** out the same way in every configuration (a twin is a property of the
** state), and traces are replayed through bc_sym_replay.
**
** Not done here (the caller checks each configuration alone instead, and
** says so): fingerprint-only stores (expanding a state again for new bits
** needs its bytes), a runtime error in the model and any limit (--max-
** states, --max-memory, --time-limit: one-by-one they apply per candidate).
** The search runs on one thread whatever --workers says.
*/
#include "explore/shared.h"

#include "base/parallel.h"
#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "explore/live.h"
#include "explore/por.h"
#include "explore/replay.h"
#include "explore/symmetry.h"
#include "model/vm.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NO_REC UINT32_MAX

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------ candidate hooks */

int bc_shared_hook_step(const struct bc_program *p, int h) {
  if (h < 0 || (size_t)h >= p->nhooks || p->hooks[h].nsites != 1)
    return -1;
  int found = -1;
  bool *seen = bc_xcalloc(p->ncode + 1, sizeof *seen);
  uint32_t *stack = bc_xcalloc(p->ncode + 1, sizeof *stack);
  for (size_t g = 0; g < p->nsteps && found < 0; g++) {
    /* does every path from the step's entry reach HOOK h before the step
    ** can end? (walk the paths that do not pass it) */
    bool hit = false, leaks = false;
    size_t sp = 0;
    memset(seen, 0, (p->ncode + 1) * sizeof *seen);
    stack[sp++] = p->steps[g].code;
    while (sp && !leaks) {
      uint32_t pc = stack[--sp];
      if (pc >= p->ncode) {
        leaks = true;
        break;
      }
      if (seen[pc])
        continue;
      seen[pc] = true;
      const struct bc_insn *in = &p->code[pc];
      switch (in->op) {
      case BC_INS_HOOK:
        if (in->a == (unsigned)h) {
          hit = true;
          break;
        }
        stack[sp++] = pc + 1;
        break;
      case BC_INS_JMP:
        stack[sp++] = in->b;
        break;
      case BC_INS_JZ:
      case BC_INS_JNZ:
        stack[sp++] = in->b;
        stack[sp++] = pc + 1;
        break;
      case BC_INS_GOTO:
      case BC_INS_HALT:
      case BC_INS_EXIT:
      case BC_INS_PRET:
        leaks = true;
        break;
      default:
        stack[sp++] = pc + 1;
      }
    }
    if (hit && !leaks)
      found = (int)g;
  }
  free(seen);
  free(stack);
  return found;
}

/* Bind every placement as 'choice' says, but placement 'pidx' to the hooks
** of its list that 'on' marks (none, one or many). */
static void configure(struct bc_vm *vm, const unsigned *choice, size_t pidx,
                      const bool *on) {
  const struct bc_program *p = vm->p;
  size_t cap = p->nplacements;
  for (size_t i = 0; i < p->nplacements; i++)
    if (i == pidx)
      cap += p->placements[i].nhooks;
  free(vm->hook_code);
  vm->hook_code = bc_xcalloc(cap + 1, sizeof *vm->hook_code);
  uint32_t n = 0;
  for (size_t h = 0; h < p->nhooks; h++) {
    vm->hook_first[h] = n;
    vm->hook_n[h] = 0;
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      bool bound = false;
      if (i == pidx) {
        for (unsigned j = 0; j < pl->nhooks; j++)
          bound |= on[j] && pl->hooks[j] == (int)h;
      } else {
        bound = pl->nhooks && pl->hooks[choice[i]] == (int)h;
      }
      if (bound) {
        vm->hook_code[n++] = pl->code;
        vm->hook_n[h]++;
      }
    }
  }
}

/* ------------------------------------------------------ the search */

/* An arrival: bits that reached a state from 'parent' by transition 'how'
** (numbered as in each of those candidates' configuration). */
struct arr {
  bc_state_id parent;
  uint32_t how;
  uint32_t next; /* the state's previous arrival, or NO_REC */
};

struct cand {
  unsigned hook;   /* index into the placement's hooks */
  int step;        /* global step Y_k */
  int proc;
  unsigned lstep;  /* Y_k's number in its process */
  struct bc_vm vm; /* configuration k */
  bool live;
  enum bc_stop stop;
  size_t undecided;
  bool first;      /* --stop-at-first: violated in this level */
  uint64_t distinct, depth;
};

struct sh {
  const struct bc_program *p;
  const struct bc_explore_opts *o;
  size_t n, W;               /* candidates, words of a bit set */
  struct cand *c;
  struct bc_vm vmu, vme;     /* U (P bound nowhere); for expressions */
  struct bc_por *po_all;     /* analysis with P bound everywhere */
  struct bc_por_scratch ps_all;
  bool sym;
  struct bc_sym_scratch sc;
  struct bc_store *store;
  /* per state (local id) */
  uint64_t *seen, *pend;
  uint32_t *head;
  size_t cap;
  /* arrivals */
  struct arr *arr;
  uint64_t *arrbits;
  size_t narr, caparr;
  /* levels */
  bc_state_id *cur, *next;
  size_t ncur, nnext, capcur, capnext;
  uint64_t *curbits;         /* the bits each state of 'cur' expands for */
  size_t capcurbits;
  /* candidate counterexamples: decided, and found in this level */
  struct cx *cx, *lvl;       /* n * nconstraints */
  int64_t *always, *reach;
  size_t nalways, nreach, deadlock_ci;
  uint64_t *live;            /* bit set of live candidates */
  uint64_t *tmp, *bu, *one;  /* scratch bit sets */
  uint64_t *own, *b0;
  /* expand(): successors kept, per instance counts, the candidates at
  ** their step (a[], their instance ai[]) */
  struct bsucc *bs;
  uint8_t *sbuf;
  size_t nbs, capbs, keep_k;
  uint32_t *cnt;
  bool *amp;
  size_t *a;
  unsigned *ai;
  long *kcnt, *koff, *kdelta;
  bool *sel;                 /* per sharing candidate: its own stubborn set */
  bool *inset;               /* ... its members (ninsts per candidate) */
  unsigned *set;             /* bc_por_reselect's answer */
  /* the expansion under way */
  bc_state_id parent;
  const uint64_t *bits;      /* the bits successors get */
  uint8_t *st, *succ;
  uint32_t how;
  int fail;                  /* a store error */
  bool error;                /* a runtime error */
  int errcode;               /* its enum bc_rterr */
  double t0;
};

static inline bool bit(const uint64_t *b, size_t k) {
  return (b[k / 64] >> (k % 64)) & 1;
}

static inline void set_bit(uint64_t *b, size_t k) {
  b[k / 64] |= (uint64_t)1 << (k % 64);
}

static bool any(const uint64_t *b, size_t W) {
  for (size_t i = 0; i < W; i++)
    if (b[i])
      return true;
  return false;
}

static void grow_states(struct sh *x, bc_state_id id) {
  if (id < x->cap)
    return;
  size_t cap = x->cap ? x->cap : 1024;
  while (cap <= id)
    cap *= 2;
  x->seen = bc_xrealloc(x->seen, cap * x->W * sizeof *x->seen);
  x->pend = bc_xrealloc(x->pend, cap * x->W * sizeof *x->pend);
  x->head = bc_xrealloc(x->head, cap * sizeof *x->head);
  memset(x->seen + x->cap * x->W, 0, (cap - x->cap) * x->W * sizeof *x->seen);
  memset(x->pend + x->cap * x->W, 0, (cap - x->cap) * x->W * sizeof *x->pend);
  for (size_t i = x->cap; i < cap; i++)
    x->head[i] = NO_REC;
  x->cap = cap;
}

static void push(bc_state_id **v, size_t *n, size_t *cap, bc_state_id id) {
  if (*n == *cap) {
    *cap = *cap ? 2 * *cap : 1024;
    *v = bc_xrealloc(*v, *cap * sizeof **v);
  }
  (*v)[(*n)++] = id;
}

static void candidate(struct sh *x, size_t k, size_t ci, bc_state_id s,
                      uint32_t how) {
  size_t nc = x->p->nconstraints;
  if (x->cx[k * nc + ci].found)
    return;
  struct cx c = {true, s, how};
  if (cx_less(&c, &x->lvl[k * nc + ci]))
    x->lvl[k * nc + ci] = c;
}

/* The always/reachable constraints of state 'id' (padded: x->succ or a
** kept successor) for the candidates 'nb'. */
static void check_state(struct sh *x, const uint8_t *s, bc_state_id id,
                        const uint64_t *nb) {
  const struct bc_program *p = x->p;
  size_t nc = p->nconstraints;
  for (int pass = 0; pass < 2; pass++) {
    const int64_t *list = pass ? x->reach : x->always;
    size_t n = pass ? x->nreach : x->nalways;
    for (size_t i = 0; i < n; i++) {
      size_t ci = (size_t)list[i];
      bool wanted = false;
      for (size_t k = 0; k < x->n && !wanted; k++)
        wanted = bit(nb, k) && !x->cx[k * nc + ci].found;
      if (!wanted)
        continue;
      int64_t v;
      if (bc_vm_eval_padded(&x->vme, p->constraints[ci].code, s, &v) != 0) {
        x->error = true;
        x->errcode = x->vme.err.code;
        return;
      }
      if ((v != 0) == (pass == 1))
        for (size_t k = 0; k < x->n; k++)
          if (bit(nb, k))
            candidate(x, k, ci, id, UINT32_MAX);
    }
  }
}

static void insert_canon(struct sh *x, const uint8_t *cs, uint64_t fp);

/* Successor 'succ' of x->parent by transition x->how, for x->bits. */
static void insert(struct sh *x, const uint8_t *succ) {
  const struct bc_program *p = x->p;
  memcpy(x->succ, succ, p->state_bytes);
  if (x->sym) /* a successor of x->st (bc_sym_parent in expand) */
    bc_sym_canon_succ(p, x->succ, &x->sc);
  insert_canon(x, x->succ, bc_fingerprint(x->succ, p->state_bytes));
}

/* ... the same, canonical already, with its fingerprint. */
static void insert_canon(struct sh *x, const uint8_t *cs, uint64_t fp) {
  size_t W = x->W;
  bc_state_id id;
  int rc = bc_store_insert(x->store, cs, fp, x->parent, x->how, &id);
  if (rc < 0) {
    x->fail = rc;
    return;
  }
  grow_states(x, id);
  uint64_t *seen = x->seen + (size_t)id * W, *pend = x->pend + (size_t)id * W;
  bool fresh = false, was = false;
  for (size_t i = 0; i < W; i++) {
    x->tmp[i] = x->bits[i] & ~seen[i];
    fresh |= x->tmp[i] != 0;
    was |= pend[i] != 0;
  }
  if (!fresh)
    return;
  for (size_t k = 0; k < x->n; k++)
    if (bit(x->tmp, k))
      x->c[k].distinct++;
  /* the arrival: merged with the last one when it came the same way */
  uint32_t h = x->head[id];
  if (h != NO_REC && x->arr[h].parent == x->parent && x->arr[h].how == x->how) {
    for (size_t i = 0; i < W; i++)
      x->arrbits[(size_t)h * W + i] |= x->tmp[i];
  } else {
    if (x->narr == x->caparr) {
      x->caparr = x->caparr ? 2 * x->caparr : 1024;
      x->arr = bc_xrealloc(x->arr, x->caparr * sizeof *x->arr);
      x->arrbits = bc_xrealloc(x->arrbits, x->caparr * W * sizeof *x->arrbits);
    }
    if (x->narr >= NO_REC) {
      x->fail = BC_ELIMIT;
      return;
    }
    x->arr[x->narr] = (struct arr){x->parent, x->how, h};
    memcpy(x->arrbits + x->narr * W, x->tmp, W * sizeof *x->tmp);
    x->head[id] = (uint32_t)x->narr++;
  }
  for (size_t i = 0; i < W; i++) {
    seen[i] |= x->tmp[i];
    pend[i] |= x->tmp[i];
  }
  if (!was)
    push(&x->next, &x->nnext, &x->capnext, id);
  if (x->nalways || x->nreach)
    check_state(x, cs, id, x->tmp);
}

static void step_viol(struct sh *x, const uint64_t *viol) {
  for (size_t ci = 0; ci < x->p->nconstraints; ci++)
    if ((viol[ci / 64] >> (ci % 64)) & 1)
      for (size_t k = 0; k < x->n; k++)
        if (bit(x->bits, k))
          candidate(x, k, ci, x->parent, x->how);
}

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct sh *x = ctx;
  (void)inst;
  (void)step;
  if (viol)
    step_viol(x, viol);
  insert(x, succ);
  x->how++;
  return x->fail != 0;
}

static int on_succ_por(void *ctx, const uint8_t *succ, unsigned inst,
                       unsigned step, const uint64_t *viol, uint32_t how,
                       bool ample) {
  struct sh *x = ctx;
  (void)inst;
  (void)step;
  x->how = how;
  if (viol)
    step_viol(x, viol);
  if (ample)
    insert(x, succ);
  return 0;
}

/* Enumerate the successors of x->st in 'vm' for x->bits; deadlocks too. */
static void successors(struct sh *x, struct bc_vm *vm, struct bc_por *po,
                       struct bc_por_scratch *ps) {
  const struct bc_program *p = x->p;
  x->how = 0;
  long ns = po ? bc_por_successors(po, ps, vm, x->st, on_succ_por, x)
               : bc_vm_successors(vm, x->st, on_succ, x);
  if (ns < 0) {
    x->error = true;
    x->errcode = vm->err.code;
    return;
  }
  if (ns == 0 && x->deadlock_ci != SIZE_MAX && !bc_vm_all_ended(p, x->st))
    for (size_t k = 0; k < x->n; k++)
      if (bit(x->bits, k))
        candidate(x, k, x->deadlock_ci, x->parent, UINT32_MAX);
}

/* Insert the canonical state 'cs' (fingerprint fp) reached from x->parent
** by transition 'how', for 'bits'. */
static void insert_as(struct sh *x, const uint8_t *cs, uint64_t fp,
                      uint32_t how, const uint64_t *bits) {
  x->how = how;
  x->bits = bits;
  insert_canon(x, cs, fp);
}

/* A successor kept for later: who took it, its number, whether the
** reduced set holds it, what it violated, its state (canonical). */
struct bsucc {
  unsigned inst;
  uint32_t how;
  bool ample, any_viol, canon;
  uint64_t viol[BC_VIOL_WORDS];
  uint64_t fp;
  size_t k;   /* the candidate (k's own successors), else SIZE_MAX */
  size_t off; /* its state in x->sbuf */
};

/* Canonicalise kept successor b (once), with its fingerprint. */
static void canon(struct sh *x, struct bsucc *b) {
  if (b->canon)
    return;
  uint8_t *st = x->sbuf + b->off;
  if (x->sym) /* a successor of x->st (bc_sym_parent in expand) */
    bc_sym_canon_succ(x->p, st, &x->sc);
  b->fp = bc_fingerprint(st, x->p->state_bytes);
  b->canon = true;
}

static struct bsucc *keep(struct sh *x, const uint8_t *succ, unsigned inst,
                          uint32_t how, bool ample, const uint64_t *viol) {
  const struct bc_program *p = x->p;
  if (x->nbs == x->capbs) {
    x->capbs = x->capbs ? 2 * x->capbs : 64;
    x->bs = bc_xrealloc(x->bs, x->capbs * sizeof *x->bs);
    x->sbuf = bc_xrealloc(x->sbuf, x->capbs * (p->state_bytes + BC_STATE_PAD));
  }
  struct bsucc *b = &x->bs[x->nbs];
  b->inst = inst;
  b->how = how;
  b->ample = ample;
  b->any_viol = viol != NULL;
  if (viol)
    memcpy(b->viol, viol, sizeof b->viol);
  b->k = x->keep_k;
  b->off = x->nbs * (p->state_bytes + BC_STATE_PAD);
  uint8_t *st = x->sbuf + b->off;
  memcpy(st, succ, p->state_bytes);
  b->canon = false; /* canonicalised when inserted (canon()) */
  x->nbs++;
  return b;
}

static int keep_succ(void *ctx, const uint8_t *succ, unsigned inst,
                     unsigned step, const uint64_t *viol) {
  struct sh *x = ctx;
  (void)step;
  keep(x, succ, inst, x->how++, true, viol);
  return 0;
}

static int keep_succ_por(void *ctx, const uint8_t *succ, unsigned inst,
                         unsigned step, const uint64_t *viol, uint32_t how,
                         bool ample) {
  struct sh *x = ctx;
  (void)step;
  keep(x, succ, inst, how, ample, viol);
  return 0;
}

static void viol_for(struct sh *x, const struct bsucc *b, uint32_t how,
                     const uint64_t *bits) {
  if (!b->any_viol)
    return;
  for (size_t ci = 0; ci < x->p->nconstraints; ci++)
    if ((b->viol[ci / 64] >> (ci % 64)) & 1)
      for (size_t k = 0; k < x->n; k++)
        if (bit(bits, k))
          candidate(x, k, ci, x->parent, how);
}

/*
** Expand state 'id' for the candidates 'bits' (taken from its pend at the
** start of the level: bits that reach it during the level are the next
** level's).
**
** U's successors are enumerated once, and kept. A candidate k with one
** instance i at its step shares them: k's successors are U's but those of
** i, which are k's own (enumerated for i alone); k numbers the successors
** of the instances after i by as many more as i has in k than in U. Under
** --por k shares U's reduced set only when i is not in it (i has
** successors in U, none of them in the set): i's own steps in k are then
** looked at for their violations only. Any other candidate at its step
** (two instances there, or i in the set) has its own enumeration.
*/
static void expand_state(struct sh *x, bc_state_id id,
                         const uint64_t *bits) {
  const struct bc_program *p = x->p;
  size_t W = x->W;
  bool por = x->po_all != NULL;
  for (size_t i = 0; i < W; i++)
    x->bu[i] = bits[i] & x->live[i];
  if (!any(x->bu, W))
    return;
  memcpy(x->st, bc_store_state(x->store, id), p->state_bytes);
  x->parent = id;
  if (x->sym) /* canonical: its successors are canonicalised from it */
    bc_sym_parent(p, &x->sc, x->st);
  /* who stands at their step, and where */
  size_t na = 0;
  memset(x->own, 0, W * sizeof *x->own);
  for (size_t k = 0; k < x->n; k++) {
    if (!bit(x->bu, k))
      continue;
    const struct bc_proc *pr = &p->procs[x->c[k].proc];
    unsigned m = 0, at = 0;
    for (unsigned e = 0; e < pr->ninst; e++)
      if (bc_state_get(p, x->st, (size_t)pr->pc_var, e) ==
          (int64_t)x->c[k].lstep) {
        m++;
        at = pr->first_inst + e;
      }
    if (m == 0)
      continue;
    x->bu[k / 64] &= ~((uint64_t)1 << (k % 64));
    if (m == 1) {
      x->a[na] = k;
      x->ai[na++] = at;
    } else {
      set_bit(x->own, k);
    }
  }
  /* U's successors, kept */
  x->nbs = 0;
  memset(x->cnt, 0, p->ninsts * sizeof *x->cnt);
  memset(x->amp, 0, p->ninsts * sizeof *x->amp);
  if (any(x->bu, W) || na) {
    x->keep_k = SIZE_MAX;
    x->how = 0;
    long ns = por ? bc_por_successors(x->po_all, &x->ps_all, &x->vmu, x->st,
                                      keep_succ_por, x)
                  : bc_vm_successors(&x->vmu, x->st, keep_succ, x);
    if (ns < 0) {
      x->error = true;
      x->errcode = x->vmu.err.code;
      return;
    }
  }
  size_t nu = x->nbs;
  long total = 0;
  for (size_t i = 0; i < nu; i++) {
    x->cnt[x->bs[i].inst]++;
    x->amp[x->bs[i].inst] |= x->bs[i].ample;
    total++;
  }
  /* which of them share U's successors; their own steps of i */
  size_t nsh = 0;
  for (size_t j = 0; j < na; j++) {
    size_t k = x->a[j];
    unsigned i = x->ai[j];
    bool twin = bc_vm_is_twin(&x->vmu, x->st, i);
    if (por && twin) {
      set_bit(x->own, k);
      continue;
    }
    /* under --por, i in U's set (or without moves in U): k's own set,
    ** chosen with U's footprints of the others (bc_por_reselect) */
    bool sel = por && (!x->cnt[i] || x->amp[i]);
    x->a[nsh] = k;
    x->ai[nsh] = i;
    x->sel[nsh] = sel;
    x->keep_k = k;
    size_t before = x->nbs;
    if (sel) {
      unsigned nset = 0;
      x->how = 0;
      if (bc_por_reselect(x->po_all, &x->ps_all, &x->c[k].vm, x->st, i,
                          keep_succ, x, x->set, &nset) < 0) {
        x->error = true;
        x->errcode = x->c[k].vm.err.code;
        return;
      }
      bool *in = x->inset + nsh * p->ninsts;
      memset(in, nset == 0, p->ninsts * sizeof *in);
      for (unsigned g = 0; g < nset; g++)
        in[x->set[g]] = true;
    } else if (!twin) {
      x->how = 0;
      if (bc_vm_instance_successors(&x->c[k].vm, x->st, i, keep_succ, x) <
          0) {
        x->error = true;
        x->errcode = x->c[k].vm.err.code;
        return;
      }
    }
    x->kcnt[nsh] = (long)(x->nbs - before);
    long off = 0;
    for (unsigned g = 0; g < i; g++)
      off += x->cnt[g];
    x->koff[nsh] = off;
    x->kdelta[nsh] = x->kcnt[nsh] - (long)x->cnt[i];
    nsh++;
  }
  /* U's successors: for bu, and for the sharing candidates (renumbered) */
  for (size_t s = 0; s < nu && !x->fail; s++) {
    struct bsucc *b = &x->bs[s];
    memcpy(x->b0, x->bu, W * sizeof *x->b0);
    for (size_t j = 0; j < nsh; j++) {
      if (b->inst == x->ai[j])
        continue;
      long hk = (long)b->how + (b->inst > x->ai[j] ? x->kdelta[j] : 0);
      bool ins = x->sel[j] ? x->inset[j * p->ninsts + b->inst] : b->ample;
      if (hk == (long)b->how && ins == b->ample) {
        set_bit(x->b0, x->a[j]);
        continue;
      }
      memset(x->one, 0, W * sizeof *x->one);
      set_bit(x->one, x->a[j]);
      viol_for(x, b, (uint32_t)hk, x->one);
      if (ins) {
        canon(x, b);
        insert_as(x, x->sbuf + b->off, b->fp, (uint32_t)hk, x->one);
      }
    }
    viol_for(x, b, b->how, x->b0);
    if (b->ample && any(x->b0, W)) {
      canon(x, b);
      insert_as(x, x->sbuf + b->off, b->fp, b->how, x->b0);
    }
  }
  /* the sharing candidates' own steps of i */
  for (size_t s = nu, j = 0; s < x->nbs && !x->fail; s++) {
    struct bsucc *b = &x->bs[s];
    while (x->a[j] != b->k)
      j++;
    memset(x->one, 0, W * sizeof *x->one);
    set_bit(x->one, b->k);
    uint32_t hk = (uint32_t)(x->koff[j] + (long)b->how);
    viol_for(x, b, hk, x->one);
    if (!por || (x->sel[j] && x->inset[j * p->ninsts + b->inst])) {
      canon(x, b);
      insert_as(x, x->sbuf + b->off, b->fp, hk, x->one);
    }
  }
  /* deadlocks */
  if (x->deadlock_ci != SIZE_MAX && !bc_vm_all_ended(p, x->st)) {
    for (size_t j = 0; j < nsh; j++)
      if (total - (long)x->cnt[x->ai[j]] + x->kcnt[j] == 0)
        candidate(x, x->a[j], x->deadlock_ci, x->parent, UINT32_MAX);
    if (total == 0)
      for (size_t k = 0; k < x->n; k++)
        if (bit(x->bu, k))
          candidate(x, k, x->deadlock_ci, x->parent, UINT32_MAX);
  }
  /* the others at their step: their own enumeration */
  for (size_t k = 0; k < x->n && !x->fail && !x->error; k++) {
    if (!bit(x->own, k))
      continue;
    memset(x->one, 0, W * sizeof *x->one);
    set_bit(x->one, k);
    x->bits = x->one;
    successors(x, &x->c[k].vm, x->po_all, &x->ps_all);
  }
}

/* expand_state, and no parent for bc_sym_canon_succ after it (x->st
** changes with the next state). */
static void expand(struct sh *x, bc_state_id id, const uint64_t *bits) {
  expand_state(x, id, bits);
  if (x->sym)
    bc_sym_parent(x->p, &x->sc, NULL);
}

/* The end of a level: the counterexamples found, who stops. */
static void end_level(struct sh *x) {
  const struct bc_program *p = x->p;
  size_t nc = p->nconstraints;
  for (size_t k = 0; k < x->n; k++) {
    struct cand *c = &x->c[k];
    if (!c->live)
      continue;
    for (size_t ci = 0; ci < nc; ci++) {
      struct cx *l = &x->lvl[k * nc + ci];
      if (l->found && !x->cx[k * nc + ci].found) {
        x->cx[k * nc + ci] = *l;
        c->undecided--;
        if (x->o->stop_at_first &&
            p->constraints[ci].kind != BC_CK_REACHABLE)
          c->first = true;
      }
      l->found = false;
    }
    if (c->undecided == 0 || c->first) {
      c->live = false;
      c->stop = c->first ? BC_STOP_FIRST : BC_STOP_DECIDED;
      x->live[k / 64] &= ~((uint64_t)1 << (k % 64));
    }
  }
}

/* Rebuild candidate k's execution to state 'id', then transition 'extra'
** (UINT32_MAX: none), following the arrivals that carry bit k. */
static struct bc_trace *build_trace(struct sh *x, size_t k, bc_state_id id,
                                    uint32_t extra) {
  const struct bc_program *p = x->p;
  size_t W = x->W, depth = 0, cap = 64;
  uint32_t *hows = bc_xcalloc(cap, sizeof *hows);
  for (bc_state_id s = id;;) {
    uint32_t a = x->head[s];
    while (a != NO_REC && !bit(x->arrbits + (size_t)a * W, k))
      a = x->arr[a].next;
    assert(a != NO_REC);
    if (a == NO_REC || x->arr[a].parent == BC_NO_STATE)
      break;
    if (depth + 2 >= cap) {
      cap *= 2;
      hows = bc_xrealloc(hows, cap * sizeof *hows);
    }
    hows[depth++] = x->arr[a].how;
    s = x->arr[a].parent;
  }
  for (size_t i = 0; i < depth / 2; i++) { /* root first */
    uint32_t t = hows[i];
    hows[i] = hows[depth - 1 - i];
    hows[depth - 1 - i] = t;
  }
  struct bc_trace *t =
      bc_explore_replay(p, &x->c[k].vm, x->sym, hows, depth, extra, NULL);
  free(hows);
  return t;
}

static void release(struct sh *x) {
  for (size_t k = 0; k < x->n; k++) {
    bc_vm_release(&x->c[k].vm);
  }
  free(x->c);
  bc_vm_release(&x->vmu);
  bc_vm_release(&x->vme);
  bc_por_free(x->po_all);
  bc_por_scratch_release(&x->ps_all);
  if (x->sym)
    bc_sym_scratch_release(&x->sc);
  bc_store_free(x->store);
  free(x->seen);
  free(x->pend);
  free(x->head);
  free(x->arr);
  free(x->arrbits);
  free(x->cur);
  free(x->next);
  free(x->curbits);
  free(x->cx);
  free(x->lvl);
  free(x->always);
  free(x->reach);
  free(x->live);
  free(x->tmp);
  free(x->bu);
  free(x->one);
  free(x->own);
  free(x->b0);
  free(x->bs);
  free(x->sbuf);
  free(x->cnt);
  free(x->amp);
  free(x->a);
  free(x->ai);
  free(x->kcnt);
  free(x->koff);
  free(x->kdelta);
  free(x->sel);
  free(x->inset);
  free(x->set);
  free(x->st);
  free(x->succ);
}

struct live_jobs {
  const struct bc_program *p;
  const struct bc_explore_opts *o;
  struct bc_run *runs;
};

static void live_job(void *ctx, size_t k) {
  const struct live_jobs *j = ctx;
  struct bc_run *run = &j->runs[k];
  if (run->stop == BC_STOP_EXHAUSTED || run->stop == BC_STOP_DECIDED)
    bc_live_check(j->p, j->o, run);
  else
    run->complete = false;
}

int bc_explore_shared(const struct bc_program *p, const unsigned *choice,
                      size_t pidx, const unsigned *hooks, size_t n,
                      const struct bc_explore_opts *o, struct bc_run *runs,
                      char *why, size_t whylen) {
  const struct bc_placement *pl = &p->placements[pidx];
  if (o->fingerprint_only) {
    snprintf(why, whylen, "--fingerprint (a state is expanded again for "
                          "candidates that reach it later: its bytes are "
                          "needed)");
    return BC_SHARED_FALLBACK;
  }
  struct sh x;
  memset(&x, 0, sizeof x);
  x.p = p;
  x.o = o;
  x.n = n;
  x.W = (n + 63) / 64;
  x.c = bc_xcalloc(n + 1, sizeof *x.c);
  bool *on = bc_xcalloc(pl->nhooks + 1, sizeof *on);
  unsigned *ch = bc_xcalloc(p->nplacements + 1, sizeof *ch);
  memcpy(ch, choice, p->nplacements * sizeof *ch);
  for (size_t k = 0; k < n; k++) {
    struct cand *c = &x.c[k];
    c->hook = hooks[k];
    c->step = bc_shared_hook_step(p, pl->hooks[hooks[k]]);
    for (size_t j = 0; j < k && c->step >= 0; j++)
      if (x.c[j].step == c->step)
        c->step = -1;
    if (c->step < 0) {
      snprintf(why, whylen, "hook %s is not reached by every execution of "
                            "one step alone",
               p->hooks[pl->hooks[hooks[k]]].name);
      free(on);
      free(ch);
      free(x.c);
      return BC_SHARED_FALLBACK;
    }
    c->proc = p->steps[c->step].proc;
    c->lstep = (unsigned)c->step - p->procs[c->proc].first_step;
    on[hooks[k]] = true;
  }
  x.sym = o->symmetry && p->nsymfams > 0;
  struct bc_store_opts so = {p->state_bytes, false, 0, o->max_memory,
                             bc_explore_default_workers() > 1};
  if (bc_store_new(&so, &x.store) != BC_OK) {
    snprintf(why, whylen, "no memory for the store");
    free(on);
    free(ch);
    free(x.c);
    return BC_SHARED_FALLBACK;
  }
  for (size_t k = 0; k < n; k++) {
    struct cand *c = &x.c[k];
    bc_vm_init(&c->vm, p);
    ch[pidx] = c->hook;
    bc_vm_configure(&c->vm, ch);
    bc_vm_skip_twins(&c->vm, x.sym);
    if (o->native)
      bc_vm_use_native(&c->vm, o->native);
    c->live = true;
  }
  bc_vm_init(&x.vmu, p);
  bc_vm_init(&x.vme, p);
  if (o->por) { /* the analysis of P bound to every candidate at once */
    configure(&x.vmu, choice, pidx, on);
    x.po_all = bc_por_new(p, &x.vmu);
    bc_por_scratch_init(&x.ps_all, x.po_all);
  }
  memset(on, 0, (pl->nhooks + 1) * sizeof *on);
  configure(&x.vmu, choice, pidx, on);
  configure(&x.vme, choice, pidx, on);
  bc_vm_skip_twins(&x.vmu, x.sym);
  if (o->native) {
    bc_vm_use_native(&x.vmu, o->native);
    bc_vm_use_native(&x.vme, o->native);
  }
  free(on);
  double deadline = o->time_limit > 0 ? bc_vm_now() + o->time_limit : 0;
  x.vmu.deadline = x.vme.deadline = deadline;
  for (size_t k = 0; k < n; k++)
    x.c[k].vm.deadline = deadline;
  if (x.sym)
    bc_sym_scratch_init(&x.sc, p);
  size_t nc = p->nconstraints;
  x.cx = bc_xcalloc(n * nc + 1, sizeof *x.cx);
  x.lvl = bc_xcalloc(n * nc + 1, sizeof *x.lvl);
  x.always = bc_xcalloc(nc + 1, sizeof *x.always);
  x.reach = bc_xcalloc(nc + 1, sizeof *x.reach);
  x.deadlock_ci = SIZE_MAX;
  size_t undecided = 0;
  for (size_t i = 0; i < nc; i++) {
    enum bc_ckind kd = p->constraints[i].kind;
    if (kd == BC_CK_EVENTUALLY)
      continue;
    undecided++;
    if (kd == BC_CK_ALWAYS)
      x.always[x.nalways++] = (int64_t)i;
    else if (kd == BC_CK_REACHABLE)
      x.reach[x.nreach++] = (int64_t)i;
    else if (kd == BC_CK_DEADLOCK)
      x.deadlock_ci = i;
  }
  x.live = bc_xcalloc(x.W, sizeof *x.live);
  x.tmp = bc_xcalloc(x.W, sizeof *x.tmp);
  x.bu = bc_xcalloc(x.W, sizeof *x.bu);
  x.one = bc_xcalloc(x.W, sizeof *x.one);
  x.own = bc_xcalloc(x.W, sizeof *x.own);
  x.b0 = bc_xcalloc(x.W, sizeof *x.b0);
  x.cnt = bc_xcalloc(p->ninsts + 1, sizeof *x.cnt);
  x.amp = bc_xcalloc(p->ninsts + 1, sizeof *x.amp);
  x.a = bc_xcalloc(n + 1, sizeof *x.a);
  x.ai = bc_xcalloc(n + 1, sizeof *x.ai);
  x.kcnt = bc_xcalloc(n + 1, sizeof *x.kcnt);
  x.koff = bc_xcalloc(n + 1, sizeof *x.koff);
  x.kdelta = bc_xcalloc(n + 1, sizeof *x.kdelta);
  x.sel = bc_xcalloc(n + 1, sizeof *x.sel);
  x.inset = bc_xcalloc((n + 1) * (p->ninsts + 1), sizeof *x.inset);
  x.set = bc_xcalloc(p->ninsts + 1, sizeof *x.set);
  if (bc_live_any(p) && !o->no_liveness)
    undecided = 0; /* explore all, as the one-by-one search does */
  for (size_t k = 0; k < n; k++) {
    x.c[k].undecided = undecided ? undecided : SIZE_MAX;
    set_bit(x.live, k);
  }
  x.st = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  x.succ = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  x.t0 = now();

  /* the initial state, for every candidate */
  {
    uint8_t *init = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
    memcpy(init, p->init, p->state_bytes);
    x.parent = BC_NO_STATE;
    x.how = 0;
    x.bits = x.live;
    insert(&x, init);
    free(init);
    end_level(&x);
  }
  uint64_t depth = 0;
  bool stopped_signal = false;
  const char *limit = NULL;
  bool trial = false; /* o->trial_states reached */
  while (x.nnext && !x.fail && !x.error && any(x.live, x.W)) {
    bc_state_id *t = x.cur;
    size_t tc = x.capcur;
    x.cur = x.next;
    x.capcur = x.capnext;
    x.ncur = x.nnext;
    x.next = t;
    x.capnext = tc;
    x.nnext = 0;
    if (x.ncur * x.W > x.capcurbits) {
      x.capcurbits = x.ncur * x.W;
      free(x.curbits);
      x.curbits = bc_xcalloc(x.capcurbits, sizeof *x.curbits);
    }
    for (size_t i = 0; i < x.ncur; i++) {
      uint64_t *pend = x.pend + (size_t)x.cur[i] * x.W;
      memcpy(x.curbits + i * x.W, pend, x.W * sizeof *pend);
      memset(pend, 0, x.W * sizeof *pend);
    }
    for (size_t i = 0; i < x.ncur && !x.fail && !x.error; i++) {
      expand(&x, x.cur[i], x.curbits + i * x.W);
      if ((i & 1023) == 1023) {
        if (o->time_limit > 0 && now() - x.t0 > o->time_limit)
          limit = "--time-limit";
        if (o->max_states || o->trial_states) {
          struct bc_store_stats sst;
          bc_store_stats(x.store, &sst);
          if (o->max_states && sst.distinct >= o->max_states)
            limit = "--max-states";
          else if (o->trial_states && sst.distinct >= o->trial_states)
            trial = true;
        }
        if (bc_explore_signal)
          stopped_signal = true;
        else if (bc_explore_memlow)
          limit = "the memory guard's floor";
        if (limit || stopped_signal || trial)
          break;
      }
    }
    if (limit || stopped_signal || trial || x.fail || x.error)
      break;
    end_level(&x);
    if (o->trial_states && x.nnext && any(x.live, x.W)) {
      /* at the end of a level too: levels of fewer than 1,024 states */
      struct bc_store_stats sst;
      bc_store_stats(x.store, &sst);
      if (sst.distinct >= o->trial_states) {
        trial = true;
        break;
      }
    }
    if (x.nnext)
      depth++;
    for (size_t k = 0; k < n; k++)
      if (x.c[k].live)
        x.c[k].depth = depth;
  }
  if (trial && !x.fail && !x.error) {
    free(ch);
    release(&x);
    return BC_SHARED_TRIAL;
  }
  if (x.error && x.errcode == BC_RT_TIME)
    limit = "--time-limit";
  if (x.fail)
    limit = x.fail == BC_ENOMEM && o->max_memory ? "--max-memory"
            : x.fail == BC_ENOMEM               ? "out of memory"
                                                : "the state count";
  if (limit || x.error) {
    snprintf(why, whylen, x.error && !limit
                              ? "a runtime error in the model (each "
                                "candidate's own search reports it)"
                              : "%s reached (limits apply to each "
                                "candidate's own search)",
             limit);
    free(ch);
    release(&x);
    return BC_SHARED_FALLBACK;
  }
  double dt = now() - x.t0;
  struct bc_store_stats sst;
  bc_store_stats(x.store, &sst);
  uint64_t pairs = 0;
  for (size_t k = 0; k < n; k++)
    pairs += x.c[k].distinct;
  for (size_t k = 0; k < n; k++) {
    struct cand *c = &x.c[k];
    struct bc_run *run = &runs[k];
    memset(run, 0, sizeof *run);
    run->nconstraints = nc;
    run->choice = bc_xcalloc(p->nplacements + 1, sizeof *run->choice);
    memcpy(run->choice, choice, p->nplacements * sizeof *run->choice);
    run->choice[pidx] = c->hook;
    run->res = bc_xcalloc(nc + 1, sizeof *run->res);
    run->symmetry = x.sym;
    run->por = o->por;
    if (c->live)
      c->stop = stopped_signal ? BC_STOP_SIGNAL : BC_STOP_EXHAUSTED;
    run->stop = c->stop;
    /* per candidate: the states (pairs) it reached; the time, the shared
    ** search's shared out in proportion */
    run->stats.distinct = c->distinct;
    run->stats.generated = c->distinct;
    run->stats.diameter = c->depth;
    run->stats.seconds = pairs ? dt * (double)c->distinct / (double)pairs
                               : dt / (double)n;
    run->stats.states_per_s =
        run->stats.seconds > 0 ? (double)c->distinct / run->stats.seconds : 0;
    run->stats.store_bytes = sst.bytes;
    run->stats.peak_store_bytes = sst.peak_bytes;
    bool exhausted = run->stop == BC_STOP_EXHAUSTED;
    run->complete = true;
    for (size_t i = 0; i < nc; i++) {
      struct bc_cresult *r = &run->res[i];
      enum bc_ckind kd = p->constraints[i].kind;
      const struct cx *f = &x.cx[k * nc + i];
      if (kd == BC_CK_EVENTUALLY) { /* below */
        r->verdict = BC_UNKNOWN;
        r->note = o->no_liveness ? "not checked (--no-liveness)"
                                 : "the safety search stopped before the "
                                   "liveness pass";
        continue;
      }
      if (f->found) {
        r->verdict = kd == BC_CK_REACHABLE ? BC_HOLDS : BC_VIOLATED;
        r->trace = build_trace(&x, k, f->state, f->how);
      } else if (exhausted) {
        r->verdict = kd == BC_CK_REACHABLE ? BC_VIOLATED : BC_HOLDS;
        if (kd == BC_CK_REACHABLE)
          r->note = "no reachable state satisfies it";
      } else {
        r->verdict = BC_UNKNOWN;
        run->complete = false;
      }
    }
  }
  free(ch);
  release(&x);
  /* liveness: a pass of its own per candidate (explore/live.c), as
  ** bc_explore does when it cannot record the graph; the candidates' passes
  ** side by side, one thread each (bc_pass_threads) */
  if (bc_live_any(p) && !o->no_liveness) {
    struct live_jobs j = {p, o, runs};
    bc_parallel_for(n, bc_pass_threads(o), live_job, &j);
  }
  return BC_SHARED_OK;
}
