/*
** window.c - exposure windows: the successor lists of the states inside
** some window, from the graph the safety search recorded (explore.c,
** live.c's bc_live_graph with the windows' bits) or from a breadth-first
** pass of its own over one configuration, then a depth-first longest-path
** search per window (with cycle detection), and the executions that show
** the result.
**
** With symmetry reduction (as the explorer's) the pass stores canonical
** states only. The compiler checked that window predicates, like
** constraints, do not tell members apart (compile.c, finish_symmetry), so
** a state and its renamings are inside the same windows, their successors
** are renamings of each other, and every path in the reduced graph is a
** concrete path of the same length and back: longest runs and cycles are
** the same. The runs shown are mapped back to concrete executions
** (bc_sym_replay), as the explorer's counterexamples are.
*/
#include "explore/window.h"

#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "explore/live.h"
#include "explore/por.h"
#include "explore/replay.h"
#include "explore/symmetry.h"
#include "model/vm.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ----------------------------------------------------------- the graph */

/*
** The explored space: per state, which windows hold (nwb bytes of bits) and
** where its successor ids start in 'edges' (only states inside some window
** keep their successors; eoff[id + 1] ends them). States are expanded in id
** order, so the lists are appended in id order too.
*/
struct graph {
  size_t nwb;
  uint8_t *in;          /* nwb bytes per state */
  uint64_t *eoff;       /* nstates + 1 */
  size_t nstates, capstates;
  bc_state_id *edges;
  uint32_t *ehow;       /* per edge: the successor's number in the VM's
                        ** order, when not every successor is kept (the
                        ** reduced pass); NULL: the edge's own index */
  uint64_t nedges, capedges;
};

/* The number of state s's successor along its edge e (0-based). */
static uint32_t edge_how(const struct graph *g, bc_state_id s, uint64_t e) {
  return g->ehow ? g->ehow[g->eoff[s] + e] : (uint32_t)e;
}

static bool in_window(const struct graph *g, bc_state_id s, size_t w) {
  return (g->in[(size_t)s * g->nwb + w / 8] >> (w % 8)) & 1;
}

static void graph_grow(struct graph *g, size_t n) {
  if (n <= g->capstates)
    return;
  size_t cap = g->capstates ? g->capstates : 256;
  while (cap < n)
    cap *= 2;
  g->in = bc_xrealloc(g->in, cap * g->nwb);
  memset(g->in + g->capstates * g->nwb, 0, (cap - g->capstates) * g->nwb);
  g->eoff = bc_xrealloc(g->eoff, (cap + 1) * sizeof *g->eoff);
  g->capstates = cap;
}

static void graph_release(struct graph *g) {
  free(g->in);
  free(g->eoff);
  free(g->edges);
  free(g->ehow);
}

/* ----------------------------------------------------------- exploring */

/*
** The successors of the state being expanded are gathered first (their
** table slots prefetched, as the explorer does) and inserted after the
** enumeration, in enumeration order, so transition numbers stay those of
** the VM.
*/
struct pass {
  const struct bc_program *p;
  struct bc_store *store;
  struct graph g;
  bc_state_id cur;
  bool record;          /* keep the successors of 'cur' */
  bool sym;             /* store canonical states (symmetry reduction) */
  struct bc_por *po;    /* --por: the reduced pass (bc_por_new_windows) */
  bool may_fail;        /* ... a window predicate may fail somewhere: so
                        ** no state is left unexpanded (pred_may_fail) */
  struct bc_por_scratch ps;
  struct bc_sym_scratch sc;
  uint8_t *batch;       /* nbatch states of state_bytes */
  uint64_t *fps;
  uint32_t *hows;       /* ... their successor numbers */
  size_t nbatch, capbatch;
};

static void gather(struct pass *x, const uint8_t *succ, uint32_t how) {
  size_t nb = x->p->state_bytes;
  if (x->nbatch == x->capbatch) {
    x->capbatch = x->capbatch ? x->capbatch * 2 : 64;
    /* padded: canonicalisation reads and writes the last state's
    ** fields as whole words (compile_int.h) */
    x->batch = bc_xrealloc(x->batch, x->capbatch * nb + BC_STATE_PAD);
    x->fps = bc_xrealloc(x->fps, x->capbatch * sizeof *x->fps);
    x->hows = bc_xrealloc(x->hows, x->capbatch * sizeof *x->hows);
  }
  x->hows[x->nbatch] = how;
  uint8_t *dst = x->batch + x->nbatch * nb;
  memcpy(dst, succ, nb);
  if (x->sym) /* a successor of cur (bc_sym_parent) */
    bc_sym_canon_succ(x->p, dst, &x->sc);
  uint64_t fp = bc_fingerprint(dst, nb);
  bc_store_prefetch(x->store, fp);
  x->fps[x->nbatch++] = fp;
}

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct pass *x = ctx;
  (void)inst;
  (void)step;
  (void)viol;
  gather(x, succ, (uint32_t)x->nbatch);
  return 0;
}

/* The reduced pass: only the stubborn set's successors (por.h). */
static int on_succ_por(void *ctx, const uint8_t *succ, unsigned inst,
                       unsigned step, const uint64_t *viol, uint32_t how,
                       bool ample) {
  (void)inst;
  (void)step;
  (void)viol;
  if (ample)
    gather(ctx, succ, how);
  return 0;
}

/* Insert the gathered successors of x->cur; 0 or a store error. */
static int flush(struct pass *x) {
  size_t nb = x->p->state_bytes;
  struct graph *g = &x->g;
  for (size_t i = 0; i < x->nbatch; i++) {
    bc_state_id id;
    int rc = bc_store_insert(x->store, x->batch + i * nb, x->fps[i], x->cur,
                             x->hows[i], &id);
    if (rc < 0)
      return rc;
    if (!x->record)
      continue;
    if (g->nedges == g->capedges) {
      g->capedges = g->capedges ? g->capedges * 2 : 1024;
      g->edges = bc_xrealloc(g->edges, g->capedges * sizeof *g->edges);
      if (x->po)
        g->ehow = bc_xrealloc(g->ehow, g->capedges * sizeof *g->ehow);
    }
    if (x->po)
      g->ehow[g->nedges] = x->hows[i];
    g->edges[g->nedges++] = id;
  }
  return 0;
}

/* ----------------------------------------------------------- traces */

/* The execution from the initial state that takes successor hows[i] at
** step i (of the canonical state, with symmetry reduction: then the
** execution is mapped back to a concrete one). */
static struct bc_trace *replay(const struct bc_program *p,
                               const unsigned *choice, bool sym,
                               const struct bc_native *native,
                               const uint32_t *hows, size_t len) {
  size_t nb = p->state_bytes;
  struct bc_trace *t = bc_xcalloc(1, sizeof *t);
  t->len = len;
  t->states = bc_xcalloc((len + 1) * nb + BC_STATE_PAD, 1);
  t->steps = bc_xcalloc(len + 1, sizeof *t->steps);
  memcpy(t->states, p->init, nb);
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  bc_vm_skip_twins(&vm, sym);
  if (native) /* the steps compiled: a trace replays each of its states' */
    bc_vm_use_native(&vm, native); /* instances */
  if (sym) {
    t->len = bc_sym_replay(p, &vm, hows, len, t->states, t->steps, NULL);
    len = 0;
  }
  for (size_t i = 0; i < len; i++) {
    struct bc_trace_step *st = &t->steps[i];
    if (bc_vm_successor_nth(&vm, t->states + i * nb, hows[i],
                            t->states + (i + 1) * nb, &st->inst,
                            &st->step) != 0) {
      t->len = i; /* the pass saw these steps: cannot happen */
      break;
    }
  }
  bc_vm_release(&vm);
  return t;
}

/* Where the BFS links are: the pass's store, the recorded search's
** (bc_live_src), or arrays by one-worker number (bc_window_from_graph). */
struct links {
  const struct bc_store *st;
  const struct bc_live_src *src;
  const uint32_t *parent, *how;
};

static void link_of(const struct links *l, bc_state_id s, bc_state_id *parent,
                    uint32_t *how) {
  if (l->st) {
    bc_store_link(l->st, s, parent, how);
  } else if (l->src) {
    l->src->link(l->src->ctx, s, parent, how);
  } else {
    *parent = l->parent[s];
    *how = l->how[s];
  }
}

static void links_cb(void *ctx, uint32_t s, uint32_t *parent,
                     uint32_t *how) {
  link_of(ctx, s, parent, how);
}

/* The transition numbers from the initial state to 'id' (BFS links),
** in a new array with room for 'extra' more; *ret_n is their count. */
static uint32_t *path_to(const struct links *l, bc_state_id id, size_t extra,
                         size_t *ret_n) {
  return bc_explore_path(links_cb, (void *)(uintptr_t)l, id, extra, ret_n);
}

/* ----------------------------------------------------------- longest run */

struct frame {
  bc_state_id s;
  uint64_t e;           /* the edge being looked at */
};

/*
** Longest runs inside window 'w' (see docs/language.md 4.1): for a state s
** where the predicate holds, len[s] = max over its successors t of
** 1 + (t inside ? len[t] : 0), and 0 without successors. A depth-first
** search in id order; an edge back to a state on the stack is a cycle
** inside the window. Among runs of one length, one that ends with no
** successor and the predicate still true goes first (open[s]: some
** longest run from s does), so that "still holding" does not depend on
** which of them the graph lists first, as under --por it would. Fills *r
** except the trace.
*/
struct dp {
  uint32_t *len, *best;
  uint8_t *color;       /* 0 new, 1 on the stack, 2 done */
  uint8_t *open;        /* the best run ends with no successor */
  struct frame *stack;
  size_t nstack, capstack;
};

static void dp_push(struct dp *d, bc_state_id s, const struct graph *g) {
  if (d->nstack == d->capstack) {
    d->capstack = d->capstack ? d->capstack * 2 : 256;
    d->stack = bc_xrealloc(d->stack, d->capstack * sizeof *d->stack);
  }
  d->stack[d->nstack++] = (struct frame){s, g->eoff[s]};
  d->color[s] = 1;
  d->len[s] = 0;
  d->best[s] = UINT32_MAX;
  d->open[s] = 1;
}

/* Returns the index in d->stack of the state an edge closes a cycle on,
** or SIZE_MAX when the search from 'root' finds none. */
static size_t dp_search(struct dp *d, const struct graph *g, size_t w,
                        bc_state_id root) {
  dp_push(d, root, g);
  while (d->nstack) {
    struct frame *f = &d->stack[d->nstack - 1];
    if (f->e == g->eoff[f->s + 1]) {
      d->color[f->s] = 2;
      d->nstack--;
      continue;
    }
    bc_state_id t = g->edges[f->e];
    bool inside = in_window(g, t, w);
    if (inside && d->color[t] == 1) {
      for (size_t i = 0; i < d->nstack; i++)
        if (d->stack[i].s == t)
          return i;
    }
    if (inside && d->color[t] == 0) {
      dp_push(d, t, g); /* f is stale now; come back to this edge */
      continue;
    }
    uint32_t cand = 1 + (inside ? d->len[t] : 0);
    uint8_t open = inside ? d->open[t] : 0;
    if (d->best[f->s] == UINT32_MAX || cand > d->len[f->s] ||
        (cand == d->len[f->s] && open > d->open[f->s])) {
      d->len[f->s] = cand;
      d->best[f->s] = (uint32_t)(f->e - g->eoff[f->s]);
      d->open[f->s] = open;
    }
    f->e++;
  }
  return SIZE_MAX;
}

/*
** The execution that shows a cycle: the path to its first state (n steps),
** then the cycle (clen steps). With symmetry reduction a cycle of canonical
** states may come back to a renaming of its first state only; it is then
** followed again until the concrete execution closes (the renaming's
** order), within a bound, and r->length counts every lap.
*/
static void cycle_trace(const struct bc_program *p, const unsigned *choice,
                        bool sym, const struct bc_native *native,
                        uint32_t *hows, size_t n, size_t clen,
                        struct bc_window_result *r) {
  enum { MAX_CYCLE_STEPS = 1 << 16 };
  size_t nb = p->state_bytes, laps = 1;
  struct bc_trace *t = replay(p, choice, sym, native, hows, n + clen);
  while (sym && t->len == n + clen * laps &&
         memcmp(t->states + n * nb, t->states + t->len * nb, nb) != 0 &&
         clen * (laps + 1) <= MAX_CYCLE_STEPS) {
    laps++;
    hows = bc_xrealloc(hows, (n + clen * laps) * sizeof *hows);
    memcpy(hows + n + clen * (laps - 1), hows + n, clen * sizeof *hows);
    bc_trace_free(t);
    t = replay(p, choice, sym, native, hows, n + clen * laps);
  }
  r->status = BC_WIN_UNBOUNDED;
  r->length = clen * laps;
  r->start = n;
  r->trace = t;
  free(hows);
}

static void window_result(const struct bc_program *p, const unsigned *choice,
                          bool sym, const struct bc_native *native,
                          const struct links *st,
                          const struct graph *g, struct dp *d, size_t w,
                          struct bc_window_result *r) {
  memset(d->color, 0, g->nstates);
  d->nstack = 0;
  for (size_t s = 0; s < g->nstates; s++) {
    if (!in_window(g, (bc_state_id)s, w) || d->color[s])
      continue;
    r->ever = true;
    size_t at = dp_search(d, g, w, (bc_state_id)s);
    if (at == SIZE_MAX)
      continue;
    /* a cycle: the stack from 'at' up, each frame at the edge it follows */
    size_t n;
    size_t clen = d->nstack - at;
    uint32_t *hows = path_to(st, d->stack[at].s, clen, &n);
    for (size_t i = 0; i < clen; i++) {
      const struct frame *f = &d->stack[at + i];
      hows[n + i] = edge_how(g, f->s, f->e - g->eoff[f->s]);
    }
    cycle_trace(p, choice, sym, native, hows, n, clen, r);
    return;
  }
  if (!r->ever)
    return;
  bc_state_id start = BC_NO_STATE;
  for (size_t s = 0; s < g->nstates; s++)
    if (in_window(g, (bc_state_id)s, w) &&
        (start == BC_NO_STATE || d->len[s] > d->len[start] ||
         (d->len[s] == d->len[start] && d->open[s] > d->open[start])))
      start = (bc_state_id)s;
  size_t n;
  size_t wl = d->len[start];
  uint32_t *hows = path_to(st, start, wl, &n);
  bc_state_id s = start;
  for (size_t i = 0; i < wl; i++) {
    uint32_t e = d->best[s];
    hows[n + i] = edge_how(g, s, e);
    s = g->edges[g->eoff[s] + e];
  }
  r->status = BC_WIN_BOUNDED;
  r->length = wl;
  r->start = n;
  r->open_end = d->open[start] != 0;
  r->trace = replay(p, choice, sym, native, hows, n + wl);
  free(hows);
}

/* Every window's result from the explored graph. */
static void all_results(const struct bc_program *p, const unsigned *choice,
                        bool sym, const struct bc_native *native,
                        const struct links *l,
                        const struct graph *g, struct bc_window_run *ret) {
  struct dp d;
  memset(&d, 0, sizeof d);
  size_t n = g->nstates;
  d.len = bc_xcalloc(n + 1, sizeof *d.len);
  d.best = bc_xcalloc(n + 1, sizeof *d.best);
  d.color = bc_xcalloc(n + 1, 1);
  d.open = bc_xcalloc(n + 1, 1);
  for (size_t w = 0; w < p->nwindows; w++)
    window_result(p, choice, sym, native, l, g, &d, w, &ret->res[w]);
  free(d.len);
  free(d.best);
  free(d.color);
  free(d.open);
  free(d.stack);
}

/* ----------------------------------------------------------- driver */

static void all_unknown(struct bc_window_run *w, const char *why) {
  for (size_t i = 0; i < w->nwindows; i++) {
    bc_trace_free(w->res[i].trace);
    memset(&w->res[i], 0, sizeof w->res[i]);
    w->res[i].status = BC_WIN_UNKNOWN;
    w->res[i].note = why;
  }
}

/*
** Where bound name x (local slot) of the loop whose body holds pc starts:
** the nearest `LGET a; LSET x` before pc, a set from a constant range
** (`PUSH lo; PUSH hi; LSET b; LSET a`, the compiler's quantifier over
** lo..hi: checker/front/compile_expr.c, cc_domain). Inside that body x is
** within lo..hi.
*/
static bool loop_range(const struct bc_program *p, uint32_t start,
                       uint32_t pc, unsigned x, int64_t *lo, int64_t *hi,
                       unsigned *b) {
  uint32_t q = pc;
  while (q > start && !(p->code[q - 1].op == BC_INS_LSET &&
                        p->code[q - 1].a == x))
    q--;
  if (q <= start + 1 || p->code[q - 2].op != BC_INS_LGET)
    return false;
  unsigned a = p->code[q - 2].a;
  uint32_t r = q - 2;
  while (r > start && !(p->code[r - 1].op == BC_INS_LSET &&
                        p->code[r - 1].a == a))
    r--;
  if (r < start + 4)
    return false;
  const struct bc_insn *lb = &p->code[r - 2], *ph = &p->code[r - 3];
  const struct bc_insn *pl = &p->code[r - 4];
  if (lb->op != BC_INS_LSET || ph->op != BC_INS_PUSH ||
      pl->op != BC_INS_PUSH)
    return false;
  *lo = pl->k;
  *hi = ph->k;
  *b = lb->a;
  return true;
}

/*
** May the predicate at 'start' (to its EXIT) stop with a runtime error in
** some state? Every instruction that can fail counts but an index by a
** constant in range or by a quantifier's bound name over a constant range
** inside the array's, that quantifier's increment (after its `x == hi`
** test), and the loops' back edges while all of them together cannot run
** BC_VM_MAX_TICKS times. When none may fail, no state has an error to
** reach, and the window pass may prune and take harmless writes.
*/
static bool pred_may_fail(const struct bc_program *p, uint32_t start) {
  double ticks = 1;
  unsigned nloops = 0, nticks = 0;
  for (uint32_t pc = start; pc < p->ncode; pc++) {
    const struct bc_insn *in = &p->code[pc];
    if (in->op == BC_INS_EXIT)
      break;
    int64_t lo, hi;
    unsigned b;
    if (in->op == BC_INS_LSET && pc > start &&
        p->code[pc - 1].op == BC_INS_LGET &&
        p->code[pc + 1].op == BC_INS_LGET && p->code[pc + 1].a == in->a &&
        loop_range(p, start, pc + 1, in->a, &lo, &hi, &b) && lo <= hi) {
      nloops++;
      ticks *= (double)hi - (double)lo + 1;
    }
    if (!(bc_opcode_uses(in->op) & BC_U_FAIL))
      continue;
    const struct bc_insn *pv = pc > start ? &p->code[pc - 1] : NULL;
    switch (in->op) {
    case BC_INS_INDEX: {
      const struct bc_var *v = &p->vars[in->b];
      int64_t alo = v->dim_lo[in->a], ahi = alo + v->dim_len[in->a] - 1;
      if (pv && pv->op == BC_INS_PUSH && pv->k >= alo && pv->k <= ahi)
        continue;
      if (pv && pv->op == BC_INS_LGET &&
          loop_range(p, start, pc, pv->a, &lo, &hi, &b) && lo >= alo &&
          hi <= ahi)
        continue;
      return true;
    }
    case BC_INS_ADD: /* LGET x; LGET b; EQ; JNZ; LGET x; PUSH 1; ADD; LSET x */
      if (pc >= start + 6 && pc + 1 < p->ncode && pv->op == BC_INS_PUSH &&
          pv->k == 1 && p->code[pc - 2].op == BC_INS_LGET &&
          p->code[pc + 1].op == BC_INS_LSET &&
          p->code[pc + 1].a == p->code[pc - 2].a &&
          p->code[pc - 3].op == BC_INS_JNZ &&
          p->code[pc - 4].op == BC_INS_EQ &&
          p->code[pc - 5].op == BC_INS_LGET &&
          p->code[pc - 6].op == BC_INS_LGET &&
          p->code[pc - 6].a == p->code[pc - 2].a &&
          loop_range(p, start, pc, p->code[pc - 2].a, &lo, &hi, &b) &&
          b == p->code[pc - 5].a)
        continue;
      return true;
    case BC_INS_TICK:
      nticks++;
      continue;
    default:
      return true;
    }
  }
  return nticks > nloops || ticks * 2 > (double)BC_VM_MAX_TICKS;
}

/*
** Under --por (docs/reductions.md, "Windows under --por"): how to expand
** the state x->cur, given which windows hold in it (x->g): 0 not at all,
** when every window is false and stays false whatever runs (one of its
** conjuncts is false and bc_por_settled); 1 a stubborn set whose steps
** change no window's predicate, when every window holds or stays false;
** 2 every step, when some window is false but may still come to hold.
*/
static int expansion(struct pass *x, struct bc_vm *vm, const uint8_t *cur) {
  const struct bc_program *p = x->p;
  bool any = false;
  for (size_t w = 0; w < p->nwindows; w++) {
    if (in_window(&x->g, x->cur, w)) {
      any = true;
      continue;
    }
    bool settled = false;
    const struct bc_window *win = &p->windows[w];
    for (unsigned k = 0; k < win->nconj && !settled; k++) {
      int64_t v = 1;
      settled = bc_vm_eval_padded(vm, win->conj[k], cur, &v) == 0 && v == 0 &&
                bc_por_settled(x->po, w, k, cur);
    }
    if (!settled)
      return 2;
  }
  return any ? 1 : x->may_fail ? 2 : 0;
}

void bc_window_unknown(const struct bc_program *p, struct bc_window_run *ret,
                       const char *why) {
  memset(ret, 0, sizeof *ret);
  ret->nwindows = p->nwindows;
  if (p->nwindows == 0)
    return;
  ret->res = bc_xcalloc(p->nwindows, sizeof *ret->res);
  all_unknown(ret, why);
}

int bc_window_compute(const struct bc_program *p, const unsigned *choice,
                      const struct bc_explore_opts *o,
                      struct bc_window_run *ret) {
  memset(ret, 0, sizeof *ret);
  ret->nwindows = p->nwindows;
  if (p->nwindows == 0)
    return 0;
  ret->res = bc_xcalloc(p->nwindows, sizeof *ret->res);

  struct pass x;
  memset(&x, 0, sizeof x);
  x.p = p;
  x.g.nwb = (p->nwindows + 7) / 8;
  x.sym = o->symmetry && p->nsymfams > 0;
  struct bc_store_opts so = {p->state_bytes, false, 0, o->max_memory,
                             bc_explore_default_workers() > 1};
  int rc = bc_store_new(&so, &x.store);
  if (rc != BC_OK) {
    all_unknown(ret, "out of memory");
    return rc;
  }
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  bc_vm_skip_twins(&vm, x.sym);
  /* the steps and the window predicates as machine code too (run() calls
  ** a block's compiled function; under --por the tracked one, where the
  ** model has them) */
  if (o->native)
    bc_vm_use_native(&vm, o->native);
  uint8_t *cur = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  const char *why = NULL;
  double t0 = now();

  if (x.sym)
    bc_sym_scratch_init(&x.sc, p);
  if (o->por) {
    for (size_t w = 0; w < p->nwindows && !x.may_fail; w++)
      x.may_fail = pred_may_fail(p, p->windows[w].code);
    x.po = bc_por_new_windows(p, &vm, !x.may_fail);
    bc_por_scratch_init(&x.ps, x.po);
  }
  memcpy(cur, p->init, p->state_bytes);
  if (x.sym)
    bc_sym_canon(p, cur, &x.sc, NULL);
  rc = bc_store_insert(x.store, cur, bc_fingerprint(cur, p->state_bytes),
                       BC_NO_STATE, 0, NULL);
  if (rc < 0)
    why = rc == BC_ENOMEM && o->max_memory ? "out of memory (--max-memory)"
          : rc == BC_ENOMEM                 ? "out of memory"
          : rc == BC_EIO ? "the trace file in $TMPDIR could not be written"
                         : "too many states";
  const void *sp;
  bc_state_id id;
  uint64_t expanded = 0;
  while (!why && (sp = bc_store_next(x.store, &id)) != NULL) {
    memcpy(cur, sp, p->state_bytes);
    graph_grow(&x.g, (size_t)id + 1);
    x.g.nstates = (size_t)id + 1;
    x.g.eoff[id] = x.g.nedges;
    x.record = false;
    for (size_t w = 0; w < p->nwindows; w++) {
      int64_t v;
      if (bc_vm_eval_padded(&vm, p->windows[w].code, cur, &v) != 0) {
        why = "a runtime error in the predicate";
        break;
      }
      if (v) {
        x.g.in[(size_t)id * x.g.nwb + w / 8] |= (uint8_t)(1u << (w % 8));
        x.record = true;
      }
    }
    if (why)
      break;
    x.cur = id;
    x.nbatch = 0;
    int how = x.po ? expansion(&x, &vm, cur) : 2;
    if (how == 0) { /* no window can hold again from here */
      x.g.eoff[id + 1] = x.g.nedges;
      expanded++;
      continue;
    }
    if (x.sym) { /* canonical: its successors canonicalised from it */
      bc_sym_parent(p, &x.sc, cur);
      bc_vm_set_twins(&vm, cur, x.sc.twins);
    }
    long n = how == 1 ? bc_por_successors(x.po, &x.ps, &vm, cur,
                                          on_succ_por, &x)
                      : bc_vm_successors(&vm, cur, on_succ, &x);
    if (x.sym) {
      bc_sym_parent(p, &x.sc, NULL);
      bc_vm_set_twins(&vm, NULL, NULL);
    }
    if (n < 0) {
      why = "a runtime error in the spec";
      break;
    }
    int err = flush(&x);
    x.g.eoff[id + 1] = x.g.nedges;
    if (err < 0) {
      why = err == BC_ENOMEM && o->max_memory ? "out of memory (--max-memory)"
            : err == BC_ENOMEM                 ? "out of memory"
            : err == BC_EIO ? "the trace file in $TMPDIR could not be written"
                            : "too many states";
      break;
    }
    expanded++;
    struct bc_store_stats st;
    bc_store_stats(x.store, &st);
    if (o->max_states && st.distinct > o->max_states)
      why = "--max-states reached";
    else if ((expanded & 1023) == 0 && o->time_limit > 0 &&
             now() - t0 > o->time_limit)
      why = "--time-limit reached";
    else if (bc_explore_signal)
      why = "interrupted";
    else if (bc_explore_memlow)
      why = "the memory ran low";
  }
  struct bc_store_stats st;
  bc_store_stats(x.store, &st);
  ret->states = st.distinct;

  if (why) {
    all_unknown(ret, why);
  } else {
    struct links l = {x.store, NULL, NULL, NULL};
    all_results(p, choice, x.sym, o->native, &l, &x.g, ret);
  }
  free(cur);
  if (x.sym)
    bc_sym_scratch_release(&x.sc);
  free(x.batch);
  free(x.fps);
  free(x.hows);
  if (x.po) {
    bc_por_scratch_release(&x.ps);
    bc_por_free(x.po);
  }
  bc_vm_release(&vm);
  bc_store_free(x.store);
  graph_release(&x.g);
  return 0;
}

/*
** The graph the safety search recorded, in the order this file's pass
** numbers the states: breadth first from the initial state, successors in
** transition order, which is the search's own order with one worker (the
** ids are the same, and so are the BFS links) and not with several (their
** ids interleave the workers' stores, and a state's BFS link is the first
** of its parents that reached its owner). With several workers that
** order and its links are rebuilt here by a breadth-first walk of the
** recorded edges, so the windows and the runs shown do not depend on
** --workers. Only the window states' successors are copied.
*/
int bc_window_from_graph(const struct bc_program *p, const unsigned *choice,
                         bool sym, const struct bc_native *native,
                         unsigned nw,
                         const struct bc_live_graph *lg,
                         const struct bc_live_src *src,
                         struct bc_window_run *ret) {
  memset(ret, 0, sizeof *ret);
  ret->nwindows = p->nwindows;
  if (p->nwindows == 0)
    return 0;
  if (bc_live_graph_lost(lg) || bc_live_graph_window_failed(lg))
    return -1;
  size_t n = bc_live_graph_size(lg);
  uint32_t *order = NULL, *rank = NULL, *par = NULL, *how = NULL;
  size_t norder = n;
  if (nw > 1) {
    order = bc_xmalloc((n + 1) * sizeof *order);
    rank = bc_xmalloc((n + 1) * sizeof *rank);
    par = bc_xmalloc((n + 1) * sizeof *par);
    how = bc_xmalloc((n + 1) * sizeof *how);
    for (size_t i = 0; i < n; i++)
      rank[i] = UINT32_MAX;
    size_t qh = 0, qt = 0;
    uint32_t init = bc_live_graph_init(lg);
    rank[init] = 0;
    order[qt] = init;
    par[qt] = BC_NO_STATE;
    how[qt++] = 0;
    while (qh < qt) {
      uint32_t ne;
      const uint32_t *e = bc_live_graph_succ(lg, order[qh], &ne);
      for (uint32_t k = 0; k < ne; k++)
        if (rank[e[k]] == UINT32_MAX) {
          rank[e[k]] = (uint32_t)qt;
          order[qt] = e[k];
          par[qt] = (uint32_t)qh;
          how[qt++] = k;
        }
      qh++;
    }
    norder = qt;
  }
  struct graph g;
  memset(&g, 0, sizeof g);
  g.nwb = (p->nwindows + 7) / 8;
  graph_grow(&g, norder + 1);
  g.nstates = norder;
  for (size_t r = 0; r < norder; r++) {
    uint32_t s = order ? order[r] : (uint32_t)r;
    bool any = false;
    for (size_t w = 0; w < p->nwindows; w++)
      if (bc_live_graph_in_window(lg, s, w)) {
        g.in[r * g.nwb + w / 8] |= (uint8_t)(1u << (w % 8));
        any = true;
      }
    g.eoff[r] = g.nedges;
    if (!any)
      continue;
    uint32_t ne;
    const uint32_t *e = bc_live_graph_succ(lg, s, &ne);
    if (g.nedges + ne > g.capedges) {
      g.capedges = g.capedges ? g.capedges : 1024;
      while (g.nedges + ne > g.capedges)
        g.capedges *= 2;
      g.edges = bc_xrealloc(g.edges, g.capedges * sizeof *g.edges);
    }
    for (uint32_t k = 0; k < ne; k++)
      g.edges[g.nedges++] = rank ? rank[e[k]] : e[k];
  }
  g.eoff[norder] = g.nedges;
  free(order);
  free(rank);
  ret->res = bc_xcalloc(p->nwindows, sizeof *ret->res);
  ret->states = norder;
  struct links l = {NULL, par ? NULL : src, par, how};
  all_results(p, choice, sym, native, &l, &g, ret);
  free(par);
  free(how);
  graph_release(&g);
  return 0;
}

void bc_window_run_release(struct bc_window_run *w) {
  if (!w)
    return;
  for (size_t i = 0; i < w->nwindows && w->res; i++)
    bc_trace_free(w->res[i].trace);
  free(w->res);
  memset(w, 0, sizeof *w);
}
