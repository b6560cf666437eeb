/*
** live.c - liveness under fairness: `eventually P`, `P ~> Q` and `always
** eventually P`, with weak and strong fairness of processes and steps
** (docs/liveness.md has the semantics, the algorithm and why).
**
** One pass per configuration after the safety search: a breadth-first
** exploration (one thread, exact states, unreduced) that keeps every
** edge and the action (instance and step) it takes; then per property:
**
**   B        the states where the goal G does not hold (G is P, or Q for
**            P ~> Q);
**   triggers the states a counterexample starts avoiding G from: the
**            initial state (eventually P), the states where P and not Q
**            hold (P ~> Q), every state of B (always eventually P);
**   doomed   a state of B from which a fair run stays in B forever: one
**            that reaches, inside B, a state where the run ends (no
**            process can move) or a fair strongly connected component of
**            B.
**
** Tarjan's algorithm (iterative) over B from the triggers finds the
** components in reverse topological order, so a component is doomed when
** one of its states ends the run, when it is fair, or when an edge leaves
** it for a doomed component found before. A component is fair when the
** run that goes round all of it forever is fair: for each weakly fair
** unit, it takes a step of the unit or passes a state where the unit is
** disabled; for each strongly fair unit, it takes a step of the unit or
** the unit is disabled in all of its states. A strongly fair unit that
** fails is enabled somewhere: the states where it is enabled are removed
** and what is left is decomposed again (Emerson-Lei, as TLC and LTSmin
** do). A weakly fair unit that fails fails in every sub-cycle too.
**
** The property is violated when some trigger is doomed; the lasso is the
** shortest way (BFS links) to the first such trigger, a breadth-first path
** inside the doomed part of B to a state where the run ends or into a fair
** component, and there a cycle through one step of each unit that needs
** one (and a disabled state for each weak unit satisfied that way).
*/
#include "explore/live.h"

#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "model/vm.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool bc_live_any(const struct bc_program *p) {
  for (size_t i = 0; i < p->nconstraints; i++)
    if (p->constraints[i].kind == BC_CK_EVENTUALLY)
      return true;
  return false;
}

/* A fairness unit: the steps of one instance (step -1: all of them). */
struct unit {
  unsigned inst;
  int step;
  bool strong;
};

struct lv {
  const struct bc_program *p;
  struct bc_store *store;
  /* the graph: successors of state s are edges[eoff[s] .. eoff[s+1]), in
  ** the VM's order (so an edge's offset is its transition number) */
  size_t n, capn;
  uint64_t *eoff;
  bc_state_id *edges;
  uint32_t *acts;             /* per edge, when there are units */
  uint64_t ne, cape;
  /* predicate bits: 2 per liveness constraint (G, then P for ~>) */
  size_t nlive, nlb;
  size_t *live;               /* constraint indices */
  uint8_t *bits;
  /* fairness */
  size_t nunits;
  struct unit *units;
  uint32_t *act0;             /* per instance: its first action */
  int32_t (*act_unit)[2];     /* per action: its process's and step's unit */
  /* exploring */
  struct bc_vm vm;
  bc_state_id cur;
  uint8_t *batch;
  uint64_t *fps;
  uint32_t *bacts;
  size_t nbatch, capbatch;
  /* components */
  uint32_t *index, *low, *sccid, *mark, *cmark, *fset;
  uint8_t *onst, *inb, *doomed, *acc;
  uint32_t counter, nscc, stamp, cstamp, nfset;
  /* per-component unit statistics */
  uint8_t *taken, *en_some, *dis_some, *split;
  uint32_t *useen, ustamp;
};

static bool bit(const struct lv *L, size_t s, size_t b) {
  return (L->bits[s * L->nlb + b / 8] >> (b % 8)) & 1;
}

/* ----------------------------------------------------------- exploring */

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct lv *L = ctx;
  (void)viol;
  size_t nb = L->p->state_bytes;
  if (L->nbatch == L->capbatch) {
    L->capbatch = L->capbatch ? L->capbatch * 2 : 64;
    L->batch = bc_xrealloc(L->batch, L->capbatch * nb);
    L->fps = bc_xrealloc(L->fps, L->capbatch * sizeof *L->fps);
    L->bacts = bc_xrealloc(L->bacts, L->capbatch * sizeof *L->bacts);
  }
  uint8_t *dst = L->batch + L->nbatch * nb;
  memcpy(dst, succ, nb);
  uint64_t fp = bc_fingerprint(dst, nb);
  bc_store_prefetch(L->store, fp);
  const struct bc_proc *pr = &L->p->procs[L->p->insts[inst].proc];
  L->bacts[L->nbatch] = L->act0[inst] + (step - pr->first_step);
  L->fps[L->nbatch++] = fp;
  return 0;
}

static int flush(struct lv *L) {
  size_t nb = L->p->state_bytes;
  for (size_t i = 0; i < L->nbatch; i++) {
    bc_state_id id;
    int rc = bc_store_insert(L->store, L->batch + i * nb, L->fps[i], L->cur,
                             (uint32_t)i, &id);
    if (rc < 0)
      return rc;
    if (L->ne == L->cape) {
      L->cape = L->cape ? L->cape * 2 : 1024;
      L->edges = bc_xrealloc(L->edges, L->cape * sizeof *L->edges);
      if (L->nunits)
        L->acts = bc_xrealloc(L->acts, L->cape * sizeof *L->acts);
    }
    if (L->nunits)
      L->acts[L->ne] = L->bacts[i];
    L->edges[L->ne++] = id;
  }
  return 0;
}

static void grow(struct lv *L, size_t n) {
  if (n <= L->capn)
    return;
  size_t cap = L->capn ? L->capn : 1024;
  while (cap < n)
    cap *= 2;
  L->eoff = bc_xrealloc(L->eoff, (cap + 1) * sizeof *L->eoff);
  L->bits = bc_xrealloc(L->bits, cap * L->nlb);
  L->capn = cap;
}

/* Explore; NULL or why the pass stopped. */
static const char *explore(struct lv *L, const struct bc_explore_opts *o) {
  const struct bc_program *p = L->p;
  size_t nb = p->state_bytes;
  uint8_t *cur = bc_xcalloc(nb + BC_STATE_PAD, 1);
  const char *why = NULL;
  double t0 = now();
  memcpy(cur, p->init, nb);
  if (bc_store_insert(L->store, cur, bc_fingerprint(cur, nb), BC_NO_STATE, 0,
                      NULL) < 0)
    why = "out of memory";
  const void *sp;
  bc_state_id id;
  while (!why && (sp = bc_store_next(L->store, &id)) != NULL) {
    memcpy(cur, sp, nb);
    grow(L, (size_t)id + 1);
    L->n = (size_t)id + 1;
    L->eoff[id] = L->ne;
    uint8_t *b = L->bits + (size_t)id * L->nlb;
    memset(b, 0, L->nlb);
    for (size_t j = 0; j < L->nlive && !why; j++) {
      const struct bc_constraint *k = &p->constraints[L->live[j]];
      int64_t g, q = 0;
      bool lt = k->live == BC_LIVE_LEADSTO;
      if (bc_vm_eval(&L->vm, k->code, cur, &g) != 0 ||
          (lt && bc_vm_eval(&L->vm, k->code2, cur, &q) != 0)) {
        why = "a runtime error in a liveness property";
        break;
      }
      if (lt) { /* G is Q; P is the trigger */
        int64_t t = g;
        g = q;
        q = t;
      }
      if (g)
        b[2 * j / 8] |= (uint8_t)(1u << (2 * j % 8));
      if (q)
        b[(2 * j + 1) / 8] |= (uint8_t)(1u << ((2 * j + 1) % 8));
    }
    if (why)
      break;
    L->cur = id;
    L->nbatch = 0;
    if (bc_vm_successors(&L->vm, cur, on_succ, L) < 0) {
      why = L->vm.err.code == BC_RT_TIME ? "--time-limit reached"
                                         : "a runtime error in the spec";
      break;
    }
    int err = flush(L);
    L->eoff[id + 1] = L->ne;
    if (err < 0) {
      why = err == BC_ENOMEM && o->max_memory ? "out of memory (--max-memory)"
            : err == BC_ENOMEM                 ? "out of memory"
                                               : "too many states";
      break;
    }
    if (o->max_states && L->n > o->max_states)
      why = "--max-states reached";
    else if ((id & 1023) == 0 && o->time_limit > 0 &&
             now() - t0 > o->time_limit)
      why = "--time-limit reached";
    else if (bc_explore_signal)
      why = "interrupted";
  }
  free(cur);
  return why;
}

/* ----------------------------------------------------------- components */

/* Is t a member of the set being decomposed? (level 0: B; nested: the
** states stamped L->stamp) */
static bool member(const struct lv *L, uint32_t stamp, bc_state_id t) {
  return stamp == 0 ? L->inb[t] != 0 : L->mark[t] == stamp;
}

typedef bool (*scc_fn)(struct lv *L, const uint32_t *C, size_t nc, void *arg);

struct frame {
  bc_state_id s;
  uint64_t e;
};

struct vec32 {
  uint32_t *v;
  size_t n, cap;
};

static void push32(struct vec32 *v, uint32_t x) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 256;
    v->v = bc_xrealloc(v->v, v->cap * sizeof *v->v);
  }
  v->v[v->n++] = x;
}

/*
** Tarjan's algorithm without recursion, from 'root' (a member with index
** 0), over the members (stamp 0: the states of B; else the states whose
** mark is 'stamp'). Each component is passed to 'fn'
** as it completes (successors' components first); true from 'fn' stops.
** Returns true when stopped.
*/
static bool tarjan(struct lv *L, uint32_t stamp, bc_state_id root, scc_fn fn,
                   void *arg) {
  struct frame *fs = NULL;
  size_t nf = 0, capf = 0;
  struct vec32 st = {0};
  bool stop = false;
#define PUSH(x)                                                                \
  do {                                                                         \
    if (nf == capf) {                                                          \
      capf = capf ? capf * 2 : 256;                                            \
      fs = bc_xrealloc(fs, capf * sizeof *fs);                                 \
    }                                                                          \
    fs[nf++] = (struct frame){(x), L->eoff[(x)]};                              \
    L->index[(x)] = L->low[(x)] = ++L->counter;                                \
    L->onst[(x)] = 1;                                                          \
    push32(&st, (x));                                                          \
  } while (0)
  PUSH(root);
  while (nf && !stop) {
    struct frame *f = &fs[nf - 1];
    bc_state_id s = f->s;
    if (f->e < L->eoff[s + 1]) {
      bc_state_id t = L->edges[f->e++];
      if (!member(L, stamp, t))
        continue;
      if (L->index[t] == 0)
        PUSH(t);
      else if (L->onst[t] && L->index[t] < L->low[s])
        L->low[s] = L->index[t];
      continue;
    }
    nf--;
    if (nf && L->low[s] < L->low[fs[nf - 1].s])
      L->low[fs[nf - 1].s] = L->low[s];
    if (L->low[s] != L->index[s])
      continue;
    size_t k = st.n;
    do
      k--;
    while (st.v[k] != s);
    for (size_t i = k; i < st.n; i++)
      L->onst[st.v[i]] = 0;
    /* the component is st.v[k..]: copy it, nested searches reuse 'st' */
    size_t nc = st.n - k;
    uint32_t *C = bc_xmalloc(nc * sizeof *C);
    memcpy(C, st.v + k, nc * sizeof *C);
    st.n = k;
    stop = fn(L, C, nc, arg);
    free(C);
  }
#undef PUSH
  for (size_t i = 0; i < st.n; i++)
    L->onst[st.v[i]] = 0;
  free(fs);
  free(st.v);
  return stop;
}

enum { SCC_UNFAIR, SCC_FAIR, SCC_SPLIT };

/* Is the cycle round all of component C fair? Stamps C in cmark. */
static int scc_check(struct lv *L, const uint32_t *C, size_t nc) {
  L->cstamp++;
  for (size_t i = 0; i < nc; i++)
    L->cmark[C[i]] = L->cstamp;
  bool edge = false;
  size_t nu = L->nunits;
  if (nu) {
    memset(L->taken, 0, nu);
    memset(L->en_some, 0, nu);
    memset(L->dis_some, 0, nu);
    memset(L->split, 0, nu);
  }
  for (size_t i = 0; i < nc; i++) {
    bc_state_id s = C[i];
    L->ustamp++;
    for (uint64_t e = L->eoff[s]; e < L->eoff[s + 1]; e++) {
      bool in = L->cmark[L->edges[e]] == L->cstamp;
      edge |= in;
      if (!nu)
        continue;
      for (int k = 0; k < 2; k++) {
        int32_t u = L->act_unit[L->acts[e]][k];
        if (u < 0)
          continue;
        L->useen[u] = L->ustamp;
        if (in)
          L->taken[u] = 1;
      }
    }
    for (size_t u = 0; u < nu; u++) {
      if (L->useen[u] == L->ustamp)
        L->en_some[u] = 1;
      else
        L->dis_some[u] = 1;
    }
  }
  if (!edge)
    return SCC_UNFAIR;
  bool split = false;
  for (size_t u = 0; u < nu; u++) {
    if (L->taken[u])
      continue;
    if (!L->units[u].strong && !L->dis_some[u])
      return SCC_UNFAIR;
    if (L->units[u].strong && L->en_some[u])
      split = true, L->split[u] = 1;
  }
  return split ? SCC_SPLIT : SCC_FAIR;
}

/* Is unit u enabled in state s? */
static bool enabled(const struct lv *L, bc_state_id s, int32_t u) {
  for (uint64_t e = L->eoff[s]; e < L->eoff[s + 1]; e++)
    if (L->act_unit[L->acts[e]][0] == u || L->act_unit[L->acts[e]][1] == u)
      return true;
  return false;
}

static bool find_fair(struct lv *L, const uint32_t *C, size_t nc);

static void record_fair(struct lv *L, const uint32_t *C, size_t nc) {
  uint32_t id = L->nfset++;
  for (size_t i = 0; i < nc; i++)
    L->fset[C[i]] = id;
}

static bool nested_fn(struct lv *L, const uint32_t *C, size_t nc, void *arg) {
  (void)arg;
  return find_fair(L, C, nc);
}

/* Does component C (or a part of it) hold a fair cycle? Records it. */
static bool find_fair(struct lv *L, const uint32_t *C, size_t nc) {
  int r = scc_check(L, C, nc);
  if (r == SCC_UNFAIR)
    return false;
  if (r == SCC_FAIR) {
    record_fair(L, C, nc);
    return true;
  }
  /* drop the states where a failing strongly fair unit is enabled */
  uint8_t *split = bc_xmalloc(L->nunits);
  memcpy(split, L->split, L->nunits);
  uint32_t *S = bc_xmalloc(nc * sizeof *S);
  size_t ns = 0;
  for (size_t i = 0; i < nc; i++) {
    bool drop = false;
    for (size_t u = 0; u < L->nunits && !drop; u++)
      drop = split[u] && enabled(L, C[i], (int32_t)u);
    if (!drop)
      S[ns++] = C[i];
  }
  free(split);
  bool found = false;
  uint32_t stamp = ++L->stamp;
  for (size_t i = 0; i < ns; i++) {
    L->mark[S[i]] = stamp;
    L->index[S[i]] = 0;
  }
  for (size_t i = 0; i < ns && !found; i++)
    if (L->index[S[i]] == 0)
      found = tarjan(L, stamp, S[i], nested_fn, NULL);
  for (size_t i = 0; i < ns; i++) /* visited, for the searches above */
    if (L->index[S[i]] == 0)
      L->index[S[i]] = 1;
  free(S);
  return found;
}

/* Level 0: is the component doomed? */
static bool level0_fn(struct lv *L, const uint32_t *C, size_t nc, void *arg) {
  (void)arg;
  uint32_t id = ++L->nscc;
  for (size_t i = 0; i < nc; i++)
    L->sccid[C[i]] = id;
  bool doomed = false;
  for (size_t i = 0; i < nc; i++) {
    bc_state_id s = C[i];
    if (L->eoff[s] == L->eoff[s + 1]) {
      L->acc[s] = 1; /* the run ends here */
      doomed = true;
    }
    for (uint64_t e = L->eoff[s]; e < L->eoff[s + 1] && !doomed; e++) {
      bc_state_id t = L->edges[e];
      doomed = L->inb[t] && L->sccid[t] != id && L->doomed[t];
    }
  }
  if (!doomed)
    doomed = find_fair(L, C, nc);
  for (size_t i = 0; i < nc; i++)
    L->doomed[C[i]] = doomed;
  return false;
}

/* ----------------------------------------------------------- lassos */

enum target { T_ACC, T_UNIT_EDGE, T_DISABLED, T_STATE, T_ANY_EDGE };

/*
** Breadth-first from 'from' over the allowed states (level 0: doomed
** states of B; else the states of fair set 'fid') to the first state that
** meets the target; appends the transition numbers to 'hows' (and, for
** the edge targets, the edge itself). Returns the state reached, or
** BC_NO_STATE.
*/
static bc_state_id bfs(struct lv *L, bc_state_id from, bool in_fset,
                       uint32_t fid, enum target tg, int32_t u,
                       bc_state_id goal, struct vec32 *hows,
                       uint32_t *par, uint32_t *phow, uint32_t *queue) {
#define ALLOWED(t) (in_fset ? L->fset[(t)] == fid : L->inb[(t)] && L->doomed[(t)])
  uint32_t stamp = ++L->stamp;
  size_t qh = 0, qt = 0;
  queue[qt++] = from;
  L->mark[from] = stamp;
  par[from] = BC_NO_STATE;
  bc_state_id hit = BC_NO_STATE;
  uint64_t hit_edge = 0;
  while (qh < qt && hit == BC_NO_STATE) {
    bc_state_id s = queue[qh++];
    switch (tg) {
    case T_ACC:
      if (L->acc[s] || L->fset[s] != UINT32_MAX)
        hit = s;
      break;
    case T_STATE:
      if (s == goal && s != from)
        hit = s;
      break;
    case T_DISABLED:
      if (!enabled(L, s, u))
        hit = s;
      break;
    case T_UNIT_EDGE:
    case T_ANY_EDGE:
      for (uint64_t e = L->eoff[s]; e < L->eoff[s + 1]; e++) {
        bc_state_id t = L->edges[e];
        if (!ALLOWED(t))
          continue;
        if (tg == T_ANY_EDGE || L->act_unit[L->acts[e]][0] == u ||
            L->act_unit[L->acts[e]][1] == u) {
          hit = s;
          hit_edge = e;
          break;
        }
      }
      break;
    }
    if (hit != BC_NO_STATE)
      break;
    for (uint64_t e = L->eoff[s]; e < L->eoff[s + 1]; e++) {
      bc_state_id t = L->edges[e];
      if (L->mark[t] == stamp || !ALLOWED(t))
        continue;
      L->mark[t] = stamp;
      par[t] = s;
      phow[t] = (uint32_t)(e - L->eoff[s]);
      queue[qt++] = t;
    }
  }
#undef ALLOWED
  if (hit == BC_NO_STATE)
    return BC_NO_STATE;
  size_t k0 = hows->n;
  for (bc_state_id s = hit; s != from; s = par[s])
    push32(hows, phow[s]);
  /* reverse what was appended */
  for (size_t i = k0, j = hows->n; i + 1 < j; i++, j--) {
    uint32_t t = hows->v[i];
    hows->v[i] = hows->v[j - 1];
    hows->v[j - 1] = t;
  }
  if (tg == T_UNIT_EDGE || tg == T_ANY_EDGE) {
    push32(hows, (uint32_t)(hit_edge - L->eoff[hit]));
    return L->edges[hit_edge];
  }
  return hit;
}

static struct bc_trace *replay(const struct bc_program *p,
                               const unsigned *choice, const uint32_t *hows,
                               size_t len) {
  size_t nb = p->state_bytes;
  struct bc_trace *t = bc_xcalloc(1, sizeof *t);
  t->len = len;
  t->states = bc_xcalloc((len + 1) * nb + BC_STATE_PAD, 1);
  t->steps = bc_xcalloc(len + 1, sizeof *t->steps);
  memcpy(t->states, p->init, nb);
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
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

static struct bc_trace *lasso(struct lv *L, const unsigned *choice,
                              bc_state_id t0) {
  size_t n = L->n;
  uint32_t *par = bc_xmalloc(n * sizeof *par);
  uint32_t *phow = bc_xmalloc(n * sizeof *phow);
  uint32_t *queue = bc_xmalloc(n * sizeof *queue);
  struct vec32 hows = {0};
  /* the stem to the trigger: BFS links */
  size_t depth = 0;
  for (bc_state_id s = t0;;) {
    bc_state_id pa;
    uint32_t how;
    bc_store_link(L->store, s, &pa, &how);
    if (pa == BC_NO_STATE)
      break;
    depth++;
    s = pa;
  }
  for (size_t i = 0; i < depth; i++)
    push32(&hows, 0);
  size_t k = depth;
  for (bc_state_id s = t0; k > 0;) {
    bc_state_id pa;
    uint32_t how;
    bc_store_link(L->store, s, &pa, &how);
    hows.v[--k] = how;
    s = pa;
  }
  size_t trigger = hows.n;
  /* inside B to where the run ends or to a fair component */
  bc_state_id a = bfs(L, t0, false, 0, T_ACC, -1, 0, &hows, par, phow, queue);
  struct bc_trace *t = NULL;
  if (a != BC_NO_STATE && L->fset[a] == UINT32_MAX) {
    t = replay(L->p, choice, hows.v, hows.n);
    t->ends = true;
  } else if (a != BC_NO_STATE) {
    uint32_t fid = L->fset[a];
    size_t loop = hows.n;
    /* the units' statistics over the fair set */
    struct vec32 F = {0};
    for (size_t s = 0; s < n; s++)
      if (L->fset[s] == fid)
        push32(&F, (uint32_t)s);
    scc_check(L, F.v, F.n);
    bc_state_id c = a;
    for (size_t u = 0; u < L->nunits && c != BC_NO_STATE; u++) {
      if (L->taken[u])
        c = bfs(L, c, true, fid, T_UNIT_EDGE, (int32_t)u, 0, &hows, par, phow,
                queue);
      else if (!L->units[u].strong && enabled(L, c, (int32_t)u))
        c = bfs(L, c, true, fid, T_DISABLED, (int32_t)u, 0, &hows, par, phow,
                queue);
    }
    if (c != BC_NO_STATE && hows.n == loop)
      c = bfs(L, c, true, fid, T_ANY_EDGE, -1, 0, &hows, par, phow, queue);
    if (c != BC_NO_STATE && c != a)
      c = bfs(L, c, true, fid, T_STATE, -1, a, &hows, par, phow, queue);
    free(F.v);
    if (c == a) {
      t = replay(L->p, choice, hows.v, hows.n);
      t->lasso = true;
      t->loop = loop;
    }
  }
  if (t)
    t->trigger = trigger;
  free(hows.v);
  free(par);
  free(phow);
  free(queue);
  return t;
}

/* ----------------------------------------------------------- driver */

static void decide(struct lv *L, size_t j, const unsigned *choice,
                   struct bc_cresult *r) {
  const struct bc_constraint *k = &L->p->constraints[L->live[j]];
  size_t n = L->n;
  for (size_t s = 0; s < n; s++) {
    L->inb[s] = !bit(L, s, 2 * j);
    L->index[s] = 0;
    L->doomed[s] = 0;
    L->acc[s] = 0;
    L->sccid[s] = 0;
    L->fset[s] = UINT32_MAX;
  }
  L->counter = L->nscc = L->nfset = 0;
  bc_state_id first = BC_NO_STATE;
  for (size_t s = 0; s < n && first == BC_NO_STATE; s++) {
    bool trig = k->live == BC_LIVE_EVENTUALLY ? s == 0
                : k->live == BC_LIVE_LEADSTO  ? bit(L, s, 2 * j + 1)
                                              : true;
    if (!trig || !L->inb[s])
      continue;
    if (L->index[s] == 0)
      tarjan(L, 0, (bc_state_id)s, level0_fn, NULL);
    if (L->doomed[s])
      first = (bc_state_id)s;
    if (k->live == BC_LIVE_EVENTUALLY)
      break;
  }
  if (first == BC_NO_STATE) {
    r->verdict = BC_HOLDS;
    return;
  }
  r->verdict = BC_VIOLATED;
  r->trace = lasso(L, choice, first);
  if (!r->trace)
    r->note = "internal error: no lasso for the violation";
}

static void units_init(struct lv *L) {
  const struct bc_program *p = L->p;
  L->act0 = bc_xcalloc(p->ninsts + 1, sizeof *L->act0);
  size_t nacts = 0;
  for (size_t i = 0; i < p->ninsts; i++) {
    L->act0[i] = (uint32_t)nacts;
    nacts += p->procs[p->insts[i].proc].nsteps;
  }
  L->act_unit = bc_xcalloc(nacts + 1, sizeof *L->act_unit);
  for (size_t a = 0; a < nacts; a++)
    L->act_unit[a][0] = L->act_unit[a][1] = -1;
  size_t cap = 0;
  for (size_t i = 0; i < p->ninsts; i++) {
    const struct bc_proc *pr = &p->procs[p->insts[i].proc];
    for (int s = -1; s < (int)pr->nsteps; s++) {
      unsigned f = s < 0 ? pr->fair : p->steps[pr->first_step + s].fair;
      if (!f)
        continue;
      if (L->nunits == cap) {
        cap = cap ? cap * 2 : 16;
        L->units = bc_xrealloc(L->units, cap * sizeof *L->units);
      }
      int32_t u = (int32_t)L->nunits;
      L->units[L->nunits++] = (struct unit){(unsigned)i, s, f == 2};
      for (int t = 0; t < (int)pr->nsteps; t++)
        if (s < 0 || t == s)
          L->act_unit[L->act0[i] + t][s < 0 ? 0 : 1] = u;
    }
  }
  size_t nu = L->nunits + 1;
  L->taken = bc_xcalloc(nu, 1);
  L->en_some = bc_xcalloc(nu, 1);
  L->dis_some = bc_xcalloc(nu, 1);
  L->split = bc_xcalloc(nu, 1);
  L->useen = bc_xcalloc(nu, sizeof *L->useen);
}

void bc_live_check(const struct bc_program *p, const struct bc_explore_opts *o,
                   struct bc_run *r) {
  struct lv L;
  memset(&L, 0, sizeof L);
  L.p = p;
  L.live = bc_xcalloc(p->nconstraints + 1, sizeof *L.live);
  for (size_t i = 0; i < p->nconstraints; i++)
    if (p->constraints[i].kind == BC_CK_EVENTUALLY)
      L.live[L.nlive++] = i;
  if (!L.nlive) {
    free(L.live);
    return;
  }
  L.nlb = (2 * L.nlive + 7) / 8;
  units_init(&L);
  const char *why = NULL;
  struct bc_store_opts so = {p->state_bytes, false, 0, o->max_memory};
  if (bc_store_new(&so, &L.store) != BC_OK) {
    why = "out of memory";
  } else {
    bc_vm_init(&L.vm, p);
    bc_vm_configure(&L.vm, r->choice);
    if (o->native)
      bc_vm_use_native(&L.vm, o->native);
    L.vm.deadline = o->time_limit > 0 ? bc_vm_now() + o->time_limit : 0;
    why = explore(&L, o);
    bc_vm_release(&L.vm);
  }
  free(L.batch);
  free(L.fps);
  free(L.bacts);
  if (!why) {
    size_t n = L.n + 1;
    L.index = bc_xcalloc(n, sizeof *L.index);
    L.low = bc_xcalloc(n, sizeof *L.low);
    L.sccid = bc_xcalloc(n, sizeof *L.sccid);
    L.mark = bc_xcalloc(n, sizeof *L.mark);
    L.cmark = bc_xcalloc(n, sizeof *L.cmark);
    L.fset = bc_xcalloc(n, sizeof *L.fset);
    L.onst = bc_xcalloc(n, 1);
    L.inb = bc_xcalloc(n, 1);
    L.doomed = bc_xcalloc(n, 1);
    L.acc = bc_xcalloc(n, 1);
  }
  for (size_t j = 0; j < L.nlive; j++) {
    struct bc_cresult *res = &r->res[L.live[j]];
    res->note = NULL;
    if (why) {
      res->verdict = BC_UNKNOWN;
      res->note = why;
      r->complete = false;
    } else {
      decide(&L, j, r->choice, res);
    }
  }
  free(L.index);
  free(L.low);
  free(L.sccid);
  free(L.mark);
  free(L.cmark);
  free(L.fset);
  free(L.onst);
  free(L.inb);
  free(L.doomed);
  free(L.acc);
  free(L.taken);
  free(L.en_some);
  free(L.dis_some);
  free(L.split);
  free(L.useen);
  free(L.units);
  free(L.act0);
  free(L.act_unit);
  free(L.eoff);
  free(L.edges);
  free(L.acts);
  free(L.bits);
  free(L.live);
  bc_store_free(L.store);
}
