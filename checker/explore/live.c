/*
** live.c - liveness under fairness: `eventually P`, `P ~> Q` and `always
** eventually P`, with weak and strong fairness of processes and steps
** (docs/liveness.md has the semantics, the algorithm and why).
**
** The graph: every edge of the explored space, as target ids in
** transition order, recorded by the safety search itself when it runs in
** exact mode without --por (with symmetry, the quotient, which
** bc_live_decide_quotient renumbers as this file's own pass would number
** it), else by a breadth-first pass of its own here (one thread, exact; on
** the symmetry-reduced graph when the spec has a symmetric family, with
** the hooks of live_sym.c, else unreduced).
** Which process and step an edge takes is not stored: the few states
** whose fairness is examined have their successors generated again by
** the VM. Then per property:
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
#include "explore/live_sym.h"
#include "explore/por.h"
#include "explore/replay.h"
#include "explore/symmetry.h"
#include "model/vm.h"

#include <assert.h>
#include <stdatomic.h>
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

/* ----------------------------------------------------------- the graph */

/*
** Several workers record without a lock, and without a data race: every
** field of a part, and every array it points to, is read and written by
** its worker alone while the search runs (the arrays move when they grow,
** so no other thread may even read them). An edge whose target another
** worker owns is not written by that worker: it writes the target's id
** into the sender's record during the exchange phase, and the sender
** copies it into its own part after the barrier that ends the phase
** (explore.c, fill_edges). The parts are read by one thread once the
** workers are joined. The only state shared while they run is 'lost', an
** atomic. A part lowers its own worker's store limit as it grows (the
** store is that worker's too). docs/liveness.md (Tests) says how
** ThreadSanitizer checked this.
*/
struct lg_part {
  size_t n, capn;     /* local states with predicate bits */
  uint32_t *eoff;     /* capn + 1: edges of local l are [eoff[l], eoff[l+1]) */
  bc_state_id *edges;
  uint32_t *ehow;     /* with g->hows: each edge's transition number */
  uint32_t ne, cape;
  uint8_t *bits;
  size_t bytes;       /* eoff, edges and bits */
  struct bc_store *store; /* shares 'share' bytes with this part */
  size_t share;       /* 0: no limit */
  bool dead;          /* dropped: records nothing more */
  bool win_err;       /* a window predicate failed in one of its states */
  bool live_err;      /* a liveness predicate did (bc_live_graph_quotient) */
  char pad[64];       /* parts in one array: no cache line shared */
};

enum { LOST_NONE, LOST_MEMORY, LOST_EDGES };

struct bc_live_graph {
  const struct bc_program *p;
  unsigned nw;
  struct lg_part *part;
  size_t nlive, nlb;
  size_t *live;       /* constraint indices */
  size_t nwin, wbit;  /* window predicates, from bit 'wbit' of a state's */
  bool quotient;      /* bc_live_graph_quotient */
  bool hows;          /* bc_live_graph_hows: edges are some moves only */
  atomic_int lost;    /* LOST_*: why a part was dropped (the first) */
  uint32_t init;      /* the initial state's id */
};

struct bc_live_graph *bc_live_graph_new(const struct bc_program *p,
                                        unsigned nw) {
  struct bc_live_graph *g = bc_xcalloc(1, sizeof *g);
  g->p = p;
  g->nw = nw;
  g->part = bc_xcalloc(nw, sizeof *g->part);
  g->live = bc_xcalloc(p->nconstraints + 1, sizeof *g->live);
  atomic_init(&g->lost, LOST_NONE);
  for (size_t i = 0; i < p->nconstraints; i++)
    if (p->constraints[i].kind == BC_CK_EVENTUALLY)
      g->live[g->nlive++] = i;
  g->nlb = (2 * g->nlive + 7) / 8;
  if (!g->nlb)
    g->nlb = 1;
  return g;
}

static void part_release(struct lg_part *pt) {
  free(pt->eoff);
  free(pt->edges);
  free(pt->ehow);
  free(pt->bits);
  pt->eoff = pt->edges = pt->ehow = NULL;
  pt->bits = NULL;
  pt->bytes = 0;
}

void bc_live_graph_free(struct bc_live_graph *g) {
  if (!g)
    return;
  for (unsigned w = 0; w < g->nw; w++)
    part_release(&g->part[w]);
  free(g->part);
  free(g->live);
  free(g);
}

void bc_live_graph_windows(struct bc_live_graph *g, bool only) {
  if (only)
    g->nlive = 0;
  g->nwin = g->p->nwindows;
  g->wbit = 2 * g->nlive;
  g->nlb = (g->wbit + g->nwin + 7) / 8;
  if (!g->nlb)
    g->nlb = 1;
}

size_t bc_live_graph_size(const struct bc_live_graph *g) {
  size_t n = 0;
  for (unsigned w = 0; w < g->nw; w++)
    if (g->part[w].n && (g->part[w].n - 1) * g->nw + w + 1 > n)
      n = (g->part[w].n - 1) * g->nw + w + 1;
  return n;
}

uint32_t bc_live_graph_init(const struct bc_live_graph *g) { return g->init; }

bool bc_live_graph_in_window(const struct bc_live_graph *g, uint32_t id,
                             size_t w) {
  const struct lg_part *pt = &g->part[id % g->nw];
  size_t b = g->wbit + w;
  return (pt->bits[(size_t)(id / g->nw) * g->nlb + b / 8] >> (b % 8)) & 1;
}

bool bc_live_graph_window_failed(const struct bc_live_graph *g) {
  for (unsigned w = 0; w < g->nw; w++)
    if (g->part[w].win_err)
      return true;
  return false;
}

void bc_live_graph_quotient(struct bc_live_graph *g) { g->quotient = true; }

void bc_live_graph_hows(struct bc_live_graph *g) { g->hows = true; }

bool bc_live_graph_reduced(const struct bc_live_graph *g) { return g->hows; }

const uint32_t *bc_live_graph_edge_hows(const struct bc_live_graph *g,
                                        uint32_t id) {
  const struct lg_part *pt = &g->part[id % g->nw];
  uint32_t l = id / g->nw;
  if (!pt->ehow || l >= pt->n)
    return NULL;
  return pt->ehow + pt->eoff[l];
}

void bc_live_graph_budget(struct bc_live_graph *g, unsigned w,
                          struct bc_store *store, size_t share) {
  g->part[w].store = store;
  g->part[w].share = share;
}

/* Drop part pt (for reason 'why', unless another part was dropped first):
** its memory goes back to its store. */
static void part_kill(struct bc_live_graph *g, struct lg_part *pt, int why) {
  int none = LOST_NONE;
  atomic_compare_exchange_strong(&g->lost, &none, why);
  part_release(pt);
  pt->dead = true;
  if (pt->share)
    bc_store_set_max_memory(pt->store, pt->share);
}

/* May part pt take 'more' bytes? Then its store's limit is lowered by as
** much; else the part is dropped. */
static bool part_afford(struct bc_live_graph *g, struct lg_part *pt,
                        size_t more) {
  if (!pt->share)
    return true;
  struct bc_store_stats st;
  bc_store_stats(pt->store, &st);
  if (st.bytes > pt->share || pt->bytes + more > pt->share - st.bytes) {
    part_kill(g, pt, LOST_MEMORY);
    return false;
  }
  bc_store_set_max_memory(pt->store, pt->share - pt->bytes - more);
  return true;
}

bool bc_live_graph_drop(struct bc_live_graph *g, unsigned w) {
  struct lg_part *pt = &g->part[w];
  if (pt->dead || !pt->share)
    return false;
  part_kill(g, pt, LOST_MEMORY);
  return true;
}

const char *bc_live_graph_lost(const struct bc_live_graph *g) {
  switch (atomic_load(&((struct bc_live_graph *)g)->lost)) {
  case LOST_MEMORY:
    return "out of memory (--max-memory): the liveness pass's graph and "
           "the states need more";
  case LOST_EDGES:
    return "too many edges for the liveness pass";
  default:
    return NULL;
  }
}

/* The edge array's next capacity: 1.5x (the peak of a big graph is its
** slack), less near the part's share of --max-memory (half of what is
** left, at least 4,096 edges). */
static uint64_t grown_cap(const struct lg_part *pt) {
  uint64_t cap = pt->cape ? (uint64_t)pt->cape + pt->cape / 2 : 4096;
  if (cap > UINT32_MAX)
    cap = UINT32_MAX;
  if (pt->share) {
    struct bc_store_stats st;
    bc_store_stats(pt->store, &st);
    size_t room = st.bytes + pt->bytes < pt->share
                      ? (pt->share - st.bytes - pt->bytes) /
                            sizeof *pt->edges
                      : 0;
    if (cap - pt->cape > room / 2 && room / 2 >= 4096)
      cap = pt->cape + room / 2;
  }
  return cap;
}

/* Room for local states 0 .. n-1; false when the part was dropped. */
static bool part_grow(struct bc_live_graph *g, struct lg_part *pt, size_t n) {
  if (n <= pt->capn)
    return true;
  size_t cap = pt->capn ? pt->capn : 1024;
  while (cap < n)
    cap *= 2;
  size_t more = (cap - pt->capn) * (sizeof *pt->eoff + g->nlb) +
                (pt->capn ? 0 : sizeof *pt->eoff);
  if (!part_afford(g, pt, more))
    return false;
  pt->eoff = bc_xrealloc(pt->eoff, (cap + 1) * sizeof *pt->eoff);
  pt->bits = bc_xrealloc(pt->bits, cap * g->nlb);
  pt->capn = cap;
  pt->bytes += more;
  return true;
}

int bc_live_graph_state(struct bc_live_graph *g, unsigned w, uint32_t local,
                        struct bc_vm *vm, const uint8_t *state) {
  const struct bc_program *p = g->p;
  struct lg_part *pt = &g->part[w];
  if (pt->dead ||
      ((size_t)local >= pt->capn && !part_grow(g, pt, (size_t)local + 1)))
    return 0; /* the verdicts will be unknown: nothing to evaluate */
  if ((size_t)local + 1 > pt->n)
    pt->n = (size_t)local + 1;
  uint8_t *b = pt->bits + (size_t)local * g->nlb;
  for (size_t i = 0; i < g->nlb; i++) /* a byte or two: no call */
    b[i] = 0;
  struct bc_vm_error e = vm->err;
  for (size_t j = 0; j < g->nlive && !pt->live_err; j++) {
    const struct bc_constraint *k = &p->constraints[g->live[j]];
    int64_t v, q = 0;
    bool lt = k->live == BC_LIVE_LEADSTO;
    if (bc_vm_eval_padded(vm, k->code, state, &v) != 0 ||
        (lt && bc_vm_eval_padded(vm, k->code2, state, &q) != 0)) {
      if (!g->quotient)
        return -1;
      pt->live_err = true; /* the liveness pass's to report */
      vm->err = e;
      break;
    }
    if (lt) { /* bit 2j: the goal Q; bit 2j+1: the trigger P */
      int64_t t = v;
      v = q;
      q = t;
    }
    if (v)
      b[2 * j / 8] |= (uint8_t)(1u << (2 * j % 8));
    if (q)
      b[(2 * j + 1) / 8] |= (uint8_t)(1u << ((2 * j + 1) % 8));
  }
  if (g->nwin && !pt->win_err) {
    /* a runtime error here is the window pass's to report (window.c, run
    ** again): the safety search does not see it */
    for (size_t k = 0; k < g->nwin; k++) {
      int64_t v;
      if (bc_vm_eval_padded(vm, p->windows[k].code, state, &v) != 0) {
        pt->win_err = true;
        break;
      }
      size_t bit = g->wbit + k;
      if (v)
        b[bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
    vm->err = e;
  }
  return 0;
}

void bc_live_graph_expand(struct bc_live_graph *g, unsigned w,
                          uint32_t local) {
  struct lg_part *pt = &g->part[w];
  if (!pt->dead &&
      atomic_load_explicit(&g->lost, memory_order_relaxed) != LOST_NONE)
    part_kill(g, pt, LOST_NONE); /* another part was dropped */
  if (pt->dead || !part_grow(g, pt, (size_t)local + 1))
    return;
  pt->eoff[local] = pt->ne;
}

void bc_live_graph_reserve(struct bc_live_graph *g, unsigned w) {
  struct lg_part *pt = &g->part[w];
  if (pt->dead)
    return;
  if (pt->ne >= UINT32_MAX - 1) {
    part_kill(g, pt, LOST_EDGES);
    return;
  }
  if (pt->ne == pt->cape) {
    uint64_t cap = grown_cap(pt);
    size_t more = (size_t)(cap - pt->cape) * sizeof *pt->edges *
                  (g->hows ? 2 : 1);
    if (!part_afford(g, pt, more))
      return;
    pt->edges = bc_xrealloc(pt->edges, cap * sizeof *pt->edges);
    if (g->hows)
      pt->ehow = bc_xrealloc(pt->ehow, cap * sizeof *pt->ehow);
    pt->cape = (uint32_t)cap;
    pt->bytes += more;
  }
  pt->edges[pt->ne++] = BC_NO_STATE;
}

void bc_live_graph_reserve_how(struct bc_live_graph *g, unsigned w,
                               uint32_t how) {
  struct lg_part *pt = &g->part[w];
  bc_live_graph_reserve(g, w);
  if (!pt->dead)
    pt->ehow[pt->ne - 1] = how;
}

/* Room for 'more' edges after the part's last: grown as that many
** bc_live_graph_reserve calls grow it (the same sizes, the same budget
** checks); false when the part was dropped. */
static bool part_room(struct bc_live_graph *g, struct lg_part *pt,
                      uint32_t more) {
  if ((uint64_t)pt->ne + more > UINT32_MAX - 1) {
    part_kill(g, pt, LOST_EDGES);
    return false;
  }
  while ((uint64_t)pt->ne + more > pt->cape) {
    uint64_t cap = grown_cap(pt);
    size_t grow = (size_t)(cap - pt->cape) * sizeof *pt->edges;
    if (!part_afford(g, pt, grow))
      return false;
    pt->edges = bc_xrealloc(pt->edges, cap * sizeof *pt->edges);
    pt->cape = (uint32_t)cap;
    pt->bytes += grow;
  }
  return true;
}

void bc_live_graph_expanded(struct bc_live_graph *g, unsigned w,
                            uint32_t local, uint32_t n) {
  struct lg_part *pt = &g->part[w];
  assert(!g->hows); /* the search's graph: every move an edge */
  if ((size_t)local < pt->capn && (uint64_t)pt->ne + n <= pt->cape &&
      (uint64_t)pt->ne + n <= UINT32_MAX - 1 && !pt->dead &&
      atomic_load_explicit(&g->lost, memory_order_relaxed) == LOST_NONE) {
    /* room for both: as below, without a call */
    pt->eoff[local] = pt->ne;
    pt->ne += n;
    pt->eoff[local + 1] = pt->ne;
    return;
  }
  if (!pt->dead &&
      atomic_load_explicit(&g->lost, memory_order_relaxed) != LOST_NONE)
    part_kill(g, pt, LOST_NONE); /* another part was dropped */
  if (pt->dead || !part_grow(g, pt, (size_t)local + 1) ||
      !part_room(g, pt, n))
    return;
  pt->eoff[local] = pt->ne;
  pt->ne += n;
  pt->eoff[local + 1] = pt->ne;
}

/* The part's edges from 'at' on; NULL while it has none (no arithmetic on
** a null pointer: a graph with no edge at all, found by the fuzzer). */
static inline bc_state_id *edges_at(const struct lg_part *pt, size_t at) {
  return pt->edges ? pt->edges + at : NULL;
}

uint32_t *bc_live_graph_tail(struct bc_live_graph *g, unsigned w, size_t n) {
  struct lg_part *pt = &g->part[w];
  if (pt->dead)
    return NULL;
  assert(n <= pt->ne);
  return edges_at(pt, pt->ne - n);
}

void bc_live_graph_done(struct bc_live_graph *g, unsigned w, uint32_t local) {
  struct lg_part *pt = &g->part[w];
  if (!pt->dead)
    pt->eoff[local + 1] = pt->ne;
}

void bc_live_graph_initial(struct bc_live_graph *g, uint32_t id) {
  g->init = id;
}

void bc_live_graph_edge(struct bc_live_graph *g, uint32_t parent,
                        uint32_t how, uint32_t t) {
  struct lg_part *pt = &g->part[parent % g->nw];
  if (!pt->dead)
    pt->edges[pt->eoff[parent / g->nw] + how] = t;
}

/* ----------------------------------------------------------- the pass */

struct lv {
  const struct bc_program *p;
  const unsigned *choice;
  struct bc_live_graph *g;
  const struct bc_live_src *src;
  size_t n;                   /* global ids 0 .. n-1 (some may be gaps) */
  size_t j;                   /* the property being decided */
  /* fairness */
  size_t nunits;
  struct bc_live_unit *units;
  uint32_t *act0;             /* per instance: its first action */
  int32_t (*act_unit)[2];     /* per action: its process's and step's unit */
  /* the actions of one state's edges, generated again (cache) */
  struct bc_vm vm;
  bc_state_id act_of;
  uint32_t *acts;
  size_t nacts, capacts;
  uint8_t *buf;
  /* global id = local * nw + part: with nw a power of two, part = id &
  ** wmask and local = id >> wsh, no division per look-up */
  bool wpow2;
  unsigned wsh;
  uint32_t wmask;
  /* components */
  uint32_t *low, *mark, *cmark, *fset;
  /* per state, its Tarjan index and FL_* bits together, so that a look
  ** at a successor costs one cache line, not one per array */
  struct lv_state {
    uint32_t index;
    uint8_t fl;
  } *st;
  uint32_t counter, stamp, cstamp, nfset;
  /* per-component unit statistics */
  uint8_t *taken, *en_some, *dis_some, *split;
  uint32_t *useen, ustamp;
  /* on the symmetry-reduced graph (live_sym.h): its hooks; set when a
  ** lasso could not be built there */
  struct bc_live_sym *sym;
  bool sym_failed;
  /* with several workers, the states in the order one worker numbers
  ** them (breadth first along the edges): the triggers are tried in that
  ** order, so the verdicts and lassos do not depend on --workers */
  uint32_t *order;
  size_t norder;
  /* limits: bytes of the pass's arrays ('used') under what --max-memory
  ** leaves ('limit', SIZE_MAX: no limit), the deadline (0: none), and why
  ** the pass stopped (NULL: it did not) */
  size_t used, limit;
  double deadline;
  unsigned ticks;
  const char *why;
  bool lasso_lost; /* a violation is shown without its lasso */
};

enum {
  FL_INB = 1,    /* in B: the goal does not hold */
  FL_ONST = 2,   /* on Tarjan's stack */
  FL_DOOMED = 4, /* a fair run stays in B forever from here */
  FL_ACC = 8     /* the run ends here */
};

/* Why the pass stopped (L->why), and the note of a violation found
** before it stopped whose lasso could not be built. */
static const char why_memory[] =
    "out of memory (--max-memory) in the liveness pass";
static const char why_time[] = "--time-limit reached during the liveness pass";
static const char why_signal[] = "interrupted during the liveness pass";
static const char why_memlow[] =
    "the memory ran low during the liveness pass";

static const char *no_lasso(const char *why) {
  return why == why_memory   ? "no lasso: it needs more than --max-memory"
         : why == why_time   ? "no lasso: --time-limit reached building it"
         : why == why_memlow ? "no lasso: the memory ran low building it"
                             : "no lasso: interrupted building it";
}

/* Take 'bytes' more of the pass's memory; false (and the pass stops)
** past --max-memory. */
static bool charge(struct lv *L, size_t bytes) {
  if (L->why)
    return false;
  if (bytes > L->limit - L->used) {
    L->why = why_memory;
    return false;
  }
  L->used += bytes;
  return true;
}

static void uncharge(struct lv *L, size_t bytes) {
  L->used = bytes < L->used ? L->used - bytes : 0;
}

/* Must the pass stop (memory, --time-limit, a signal)? Looks at the clock
** every 4096 calls. */
static bool halted(struct lv *L) {
  if (L->why)
    return true;
  if (++L->ticks % 4096)
    return false;
  if (bc_explore_signal)
    L->why = why_signal;
  else if (bc_explore_memlow)
    L->why = why_memlow;
  else if (L->deadline > 0 && now() > L->deadline)
    L->why = why_time;
  return L->why != NULL;
}

const uint32_t *bc_live_graph_succ(const struct bc_live_graph *g, uint32_t id,
                                   uint32_t *ret_n) {
  const struct lg_part *pt = &g->part[id % g->nw];
  uint32_t l = id / g->nw;
  if (l >= pt->n) {
    *ret_n = 0;
    return NULL;
  }
  *ret_n = pt->eoff[l + 1] - pt->eoff[l];
  return edges_at(pt, pt->eoff[l]);
}

/* The part of global state s, and its local id there. */
static inline const struct lg_part *part_of(const struct lv *L,
                                            bc_state_id s, uint32_t *ret_l) {
  if (L->wpow2) {
    *ret_l = s >> L->wsh;
    return &L->g->part[s & L->wmask];
  }
  *ret_l = s / L->g->nw;
  return &L->g->part[s % L->g->nw];
}

/* The successors of global state s: *ret_n ids. */
static inline const bc_state_id *succ(const struct lv *L, bc_state_id s,
                                      uint32_t *ret_n) {
  uint32_t l;
  const struct lg_part *pt = part_of(L, s, &l);
  if (l >= pt->n) { /* not a state (a gap between workers' ids) */
    *ret_n = 0;
    return NULL;
  }
  *ret_n = pt->eoff[l + 1] - pt->eoff[l];
  return edges_at(pt, pt->eoff[l]);
}

static bool bit(const struct lv *L, bc_state_id s, size_t b) {
  uint32_t l;
  const struct lg_part *pt = part_of(L, s, &l);
  return (pt->bits[(size_t)l * L->g->nlb + b / 8] >> (b % 8)) & 1;
}

static bool exists(const struct lv *L, bc_state_id s) {
  uint32_t l;
  const struct lg_part *pt = part_of(L, s, &l);
  return l < pt->n;
}

static int on_act(void *ctx, const uint8_t *sp, unsigned inst, unsigned step,
                  const uint64_t *viol) {
  struct lv *L = ctx;
  (void)sp;
  (void)viol;
  if (L->nacts == L->capacts) {
    L->capacts = L->capacts ? 2 * L->capacts : 64;
    L->acts = bc_xrealloc(L->acts, L->capacts * sizeof *L->acts);
  }
  const struct bc_proc *pr = &L->p->procs[L->p->insts[inst].proc];
  L->acts[L->nacts++] = L->act0[inst] + (step - pr->first_step);
  return 0;
}

/* The transition number of edge k of state s: k, unless the graph keeps
** some moves only (bc_live_graph_hows). */
static inline uint32_t edge_how(const struct lv *L, bc_state_id s,
                                uint32_t k) {
  if (!L->g->hows)
    return k;
  uint32_t l;
  const struct lg_part *pt = part_of(L, s, &l);
  return pt->ehow[pt->eoff[l] + k];
}

/* Every move of state s, generated again: their actions (instance,
** step) in L->acts[0 .. L->nacts), kept until another state's. */
static void moves(struct lv *L, bc_state_id s) {
  if (L->act_of == s)
    return;
  memcpy(L->buf, L->src->state(L->src->ctx, s), L->p->state_bytes);
  L->nacts = 0;
  bc_vm_successors(&L->vm, L->buf, on_act, L); /* it ran before: no error */
  L->act_of = s;
}

/* The action (instance, step) of edge k of state s. */
static uint32_t act(struct lv *L, bc_state_id s, uint32_t k) {
  moves(L, s);
  uint32_t h = edge_how(L, s, k);
  return h < L->nacts ? L->acts[h] : 0;
}

static bool in_unit(struct lv *L, bc_state_id s, uint32_t k, int32_t u) {
  uint32_t a = act(L, s, k);
  return L->act_unit[a][0] == u || L->act_unit[a][1] == u;
}

/* Is unit u enabled in state s? From every move of s: under --por the
** graph's edges are a stubborn set's, and a unit with no edge may still
** be enabled. */
static bool enabled(struct lv *L, bc_state_id s, int32_t u) {
  moves(L, s);
  for (size_t k = 0; k < L->nacts; k++)
    if (L->act_unit[L->acts[k]][0] == u || L->act_unit[L->acts[k]][1] == u)
      return true;
  return false;
}

/* ----------------------------------------------------------- components */

/* Is t a member of the set being decomposed? (stamp 0: the states of B;
** else the states whose mark is 'stamp') */
static bool member(const struct lv *L, uint32_t stamp, bc_state_id t) {
  return stamp == 0 ? (L->st[t].fl & FL_INB) != 0 : L->mark[t] == stamp;
}

typedef bool (*scc_fn)(struct lv *L, const uint32_t *C, size_t nc);

struct frame {
  bc_state_id s;
  uint32_t k, n;
  const bc_state_id *e;
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
** 0), over the members. Each component is passed to 'fn' as it completes
** (successors' components first), while its states are still marked on
** the stack; true from 'fn' stops. Returns true when stopped.
*/
static bool tarjan(struct lv *L, uint32_t stamp, bc_state_id root, scc_fn fn) {
  struct frame *fs = NULL;
  size_t nf = 0, capf = 0;
  struct vec32 st = {0};
  bool stop = false;
  /* the stacks' memory is charged as they grow (each at most n deep) */
#define PUSH(x)                                                                \
  do {                                                                         \
    if (nf == capf) {                                                          \
      size_t ncap = capf ? capf * 2 : 256;                                     \
      if (!charge(L, (ncap - capf) * sizeof *fs)) {                            \
        stop = true;                                                           \
        break;                                                                 \
      }                                                                        \
      capf = ncap;                                                             \
      fs = bc_xrealloc(fs, capf * sizeof *fs);                                 \
    }                                                                          \
    if (st.n == st.cap) {                                                      \
      size_t ncap = st.cap ? st.cap * 2 : 256;                                 \
      if (!charge(L, (ncap - st.cap) * sizeof *st.v)) {                        \
        stop = true;                                                           \
        break;                                                                 \
      }                                                                        \
      st.cap = ncap;                                                           \
      st.v = bc_xrealloc(st.v, st.cap * sizeof *st.v);                         \
    }                                                                          \
    struct frame *nfr = &fs[nf++];                                             \
    nfr->s = (x);                                                              \
    nfr->k = 0;                                                                \
    nfr->e = succ(L, (x), &nfr->n);                                            \
    L->st[(x)].index = L->low[(x)] = ++L->counter;                             \
    L->st[(x)].fl |= FL_ONST;                                                  \
    st.v[st.n++] = (x);                                                        \
  } while (0)
  PUSH(root);
  while (nf && !stop) {
    if (halted(L)) {
      stop = true;
      break;
    }
    struct frame *f = &fs[nf - 1];
    bc_state_id s = f->s;
    if (f->k < f->n) {
      bc_state_id t = f->e[f->k++];
      if (!member(L, stamp, t))
        continue;
      if (L->st[t].index == 0)
        PUSH(t);
      else if ((L->st[t].fl & FL_ONST) && L->st[t].index < L->low[s])
        L->low[s] = L->st[t].index;
      continue;
    }
    nf--;
    if (nf && L->low[s] < L->low[fs[nf - 1].s])
      L->low[fs[nf - 1].s] = L->low[s];
    if (L->low[s] != L->st[s].index)
      continue;
    size_t k = st.n;
    do
      k--;
    while (st.v[k] != s);
    /* the component is st.v[k..]; 'fn' leaves this search's stack alone
    ** (a nested search has its own) */
    size_t nc = st.n - k;
    const uint32_t *C = st.v + k;
    st.n = k;
    stop = fn(L, C, nc);
    for (size_t i = 0; i < nc; i++)
      L->st[C[i]].fl &= (uint8_t)~FL_ONST;
  }
#undef PUSH
  for (size_t i = 0; i < st.n; i++)
    L->st[st.v[i]].fl &= (uint8_t)~FL_ONST;
  free(fs);
  free(st.v);
  uncharge(L, capf * sizeof *fs + st.cap * sizeof *st.v);
  return stop || L->why;
}

enum { SCC_UNFAIR, SCC_FAIR, SCC_SPLIT };

/* Is the cycle round all of component C fair? Stamps C in cmark. */
static int scc_check(struct lv *L, const uint32_t *C, size_t nc) {
  L->cstamp++;
  for (size_t i = 0; i < nc; i++)
    L->cmark[C[i]] = L->cstamp;
  bool edge = false;
  for (size_t i = 0; i < nc && !edge; i++) { /* first without the VM */
    uint32_t n;
    const bc_state_id *e = succ(L, C[i], &n);
    for (uint32_t k = 0; k < n && !edge; k++)
      edge = L->cmark[e[k]] == L->cstamp;
  }
  if (!edge)
    return SCC_UNFAIR;
  size_t nu = L->nunits;
  if (nu) {
    memset(L->taken, 0, nu);
    memset(L->en_some, 0, nu);
    memset(L->dis_some, 0, nu);
    memset(L->split, 0, nu);
  }
  for (size_t i = 0; i < nc; i++) {
    if (halted(L))
      return SCC_UNFAIR; /* the caller looks at L->why */
    bc_state_id s = C[i];
    uint32_t n;
    const bc_state_id *e = succ(L, s, &n);
    if (!nu)
      continue;
    L->ustamp++;
    for (uint32_t k = 0; k < n; k++) { /* taken: by an edge inside C */
      if (L->cmark[e[k]] != L->cstamp)
        continue;
      uint32_t a = act(L, s, k);
      for (int h = 0; h < 2; h++)
        if (L->act_unit[a][h] >= 0)
          L->taken[L->act_unit[a][h]] = 1;
    }
    moves(L, s); /* enabled: by any move (not only the edges') */
    for (size_t k = 0; k < L->nacts; k++)
      for (int h = 0; h < 2; h++)
        if (L->act_unit[L->acts[k]][h] >= 0)
          L->useen[L->act_unit[L->acts[k]][h]] = L->ustamp;
    for (size_t u = 0; u < nu; u++) {
      if (L->useen[u] == L->ustamp)
        L->en_some[u] = 1;
      else
        L->dis_some[u] = 1;
    }
  }
  /* the units of members: through the permutations of C's edges */
  if (L->sym && !bc_live_sym_units(L->sym, C, nc, L->cmark, L->cstamp,
                                   L->taken, L->dis_some))
    L->sym_failed = true;
  bool split = false;
  for (size_t u = 0; u < nu; u++) {
    if (L->taken[u])
      continue;
    if (!L->units[u].strong && !L->dis_some[u])
      return SCC_UNFAIR;
    if (L->units[u].strong && L->en_some[u]) {
      split = true;
      L->split[u] = 1;
    }
  }
  return split ? SCC_SPLIT : SCC_FAIR;
}

static bool find_fair(struct lv *L, const uint32_t *C, size_t nc);

static bool nested_fn(struct lv *L, const uint32_t *C, size_t nc) {
  return find_fair(L, C, nc);
}

/* Does component C (or a part of it) hold a fair cycle? Records it. */
static bool find_fair(struct lv *L, const uint32_t *C, size_t nc) {
  int r = scc_check(L, C, nc);
  if (r == SCC_UNFAIR || L->why)
    return false;
  if (r == SCC_FAIR) {
    uint32_t id = L->nfset++;
    for (size_t i = 0; i < nc; i++)
      L->fset[C[i]] = id;
    return true;
  }
  /* drop the states where a failing strongly fair unit is enabled, and
  ** decompose the rest again */
  if (!charge(L, nc * sizeof(uint32_t)))
    return false;
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
    L->st[S[i]].index = 0;
  }
  for (size_t i = 0; i < ns && !found; i++)
    if (L->st[S[i]].index == 0)
      found = tarjan(L, stamp, S[i], nested_fn);
  for (size_t i = 0; i < ns; i++) /* visited, for the searches above */
    if (L->st[S[i]].index == 0)
      L->st[S[i]].index = 1;
  free(S);
  uncharge(L, nc * sizeof *S);
  return found;
}

/* The arrays only a component with a cycle (or a lasso) needs: most
** components of a boot model are single states without a self-loop. */
static bool ensure_cycles(struct lv *L) {
  if (L->fset)
    return true;
  size_t n = L->n + 1;
  if (!charge(L, n * (sizeof *L->mark + sizeof *L->cmark + sizeof *L->fset)))
    return false;
  L->mark = bc_xcalloc(n, sizeof *L->mark);
  L->cmark = bc_xcalloc(n, sizeof *L->cmark);
  L->fset = bc_xmalloc(n * sizeof *L->fset);
  memset(L->fset, 0xff, n * sizeof *L->fset);
  return true;
}

/* Level 0: is the component doomed? Its states are still on the stack,
** so an edge to a state on the stack stays inside it (any other would
** have lowered its root's link). */
static bool level0_fn(struct lv *L, const uint32_t *C, size_t nc) {
  bool doomed = false;
  /* one state: a cycle only with a self-loop, seen by the same scan (a
  ** doomed state needs no cycle) */
  bool loop = nc > 1;
  for (size_t i = 0; i < nc && !doomed; i++) {
    bc_state_id s = C[i];
    uint32_t n;
    const bc_state_id *e = succ(L, s, &n);
    if (n == 0) {
      L->st[s].fl |= FL_ACC; /* the run ends here */
      doomed = true;
    }
    for (uint32_t k = 0; k < n && !doomed; k++) {
      bc_state_id t = e[k];
      loop |= t == s;
      /* in B, doomed, not on the stack */
      doomed = (L->st[t].fl & (FL_INB | FL_ONST | FL_DOOMED)) ==
               (FL_INB | FL_DOOMED);
    }
  }
  if (!doomed && loop) {
    if (!ensure_cycles(L))
      return true;
    doomed = find_fair(L, C, nc);
  }
  for (size_t i = 0; i < nc; i++)
    L->st[C[i]].fl = (uint8_t)((L->st[C[i]].fl & ~FL_DOOMED) |
                               (doomed ? FL_DOOMED : 0));
  return false;
}

/* ----------------------------------------------------------- lassos */

enum target { T_ACC, T_UNIT_EDGE, T_DISABLED, T_STATE, T_ANY_EDGE };

/*
** Breadth-first from 'from' over the allowed states (the doomed states of
** B, or the states of fair set 'fid') to the first state that meets the
** target; appends the transition numbers to 'hows' (and, for the edge
** targets, the edge itself). Returns the state reached, or BC_NO_STATE.
*/
static bc_state_id bfs(struct lv *L, bc_state_id from, bool in_fset,
                       uint32_t fid, enum target tg, int32_t u,
                       bc_state_id goal, struct vec32 *hows, uint32_t *par,
                       uint32_t *phow, uint32_t *queue) {
#define ALLOWED(t)                                                             \
  (in_fset ? L->fset[(t)] == fid                                              \
           : (L->st[(t)].fl & (FL_INB | FL_DOOMED)) == (FL_INB | FL_DOOMED))
  uint32_t stamp = ++L->stamp;
  size_t qh = 0, qt = 0;
  queue[qt++] = from;
  L->mark[from] = stamp;
  par[from] = BC_NO_STATE;
  bc_state_id hit = BC_NO_STATE;
  uint32_t hit_k = 0;
  while (qh < qt && hit == BC_NO_STATE && !halted(L)) {
    bc_state_id s = queue[qh++];
    uint32_t n;
    const bc_state_id *e = succ(L, s, &n);
    switch (tg) {
    case T_ACC:
      if ((L->st[s].fl & FL_ACC) || (L->fset && L->fset[s] != UINT32_MAX))
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
      for (uint32_t k = 0; k < n; k++) {
        if (!ALLOWED(e[k]))
          continue;
        if (tg == T_ANY_EDGE || in_unit(L, s, k, u)) {
          hit = s;
          hit_k = k;
          break;
        }
      }
      break;
    }
    if (hit != BC_NO_STATE)
      break;
    for (uint32_t k = 0; k < n; k++) {
      bc_state_id t = e[k];
      if (L->mark[t] == stamp || !ALLOWED(t))
        continue;
      L->mark[t] = stamp;
      par[t] = s;
      phow[t] = edge_how(L, s, k);
      queue[qt++] = t;
    }
  }
#undef ALLOWED
  if (hit == BC_NO_STATE)
    return BC_NO_STATE;
  size_t k0 = hows->n;
  for (bc_state_id s = hit; s != from; s = par[s])
    push32(hows, phow[s]);
  for (size_t i = k0, j = hows->n; i + 1 < j; i++, j--) { /* reverse */
    uint32_t t = hows->v[i];
    hows->v[i] = hows->v[j - 1];
    hows->v[j - 1] = t;
  }
  if (tg == T_UNIT_EDGE || tg == T_ANY_EDGE) {
    uint32_t n;
    const bc_state_id *e = succ(L, hit, &n);
    push32(hows, edge_how(L, hit, hit_k));
    return e[hit_k];
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
      t->len = i; /* the search saw these steps: cannot happen */
      break;
    }
  }
  bc_vm_release(&vm);
  return t;
}

static struct bc_trace *lasso(struct lv *L, bc_state_id t0) {
  size_t n = L->n;
  /* bfs() marks states */
  if (!ensure_cycles(L) || !charge(L, 3 * n * sizeof(uint32_t)))
    return NULL;
  uint32_t *par = bc_xmalloc(n * sizeof *par);
  uint32_t *phow = bc_xmalloc(n * sizeof *phow);
  uint32_t *queue = bc_xmalloc(n * sizeof *queue);
  struct vec32 hows = {0};
  /* the stem to the trigger: BFS links */
  for (bc_state_id s = t0;;) {
    bc_state_id pa;
    uint32_t how;
    L->src->link(L->src->ctx, s, &pa, &how);
    if (pa == BC_NO_STATE)
      break;
    push32(&hows, how);
    s = pa;
  }
  for (size_t i = 0, j = hows.n; i + 1 < j; i++, j--) {
    uint32_t t = hows.v[i];
    hows.v[i] = hows.v[j - 1];
    hows.v[j - 1] = t;
  }
  size_t trigger = hows.n;
  /* inside B to where the run ends or into a fair component */
  bc_state_id a = bfs(L, t0, false, 0, T_ACC, -1, 0, &hows, par, phow, queue);
  struct bc_trace *t = NULL;
  if (L->sym) { /* a concrete lasso from the quotient's path */
    if (a != BC_NO_STATE)
      t = bc_live_sym_lasso(L->sym, &L->p->constraints[L->g->live[L->j]],
                            hows.v, hows.n, trigger,
                            L->fset[a] == UINT32_MAX, L->fset, L->fset[a]);
    if (!t)
      L->sym_failed = true;
    free(hows.v);
    free(par);
    free(phow);
    free(queue);
    return t;
  }
  if (a != BC_NO_STATE && L->fset[a] == UINT32_MAX) {
    t = replay(L->p, L->choice, hows.v, hows.n);
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
    uint8_t *taken = bc_xcalloc(L->nunits + 1, 1);
    memcpy(taken, L->taken, L->nunits);
    bc_state_id c = a;
    for (size_t u = 0; u < L->nunits && c != BC_NO_STATE; u++) {
      if (taken[u])
        c = bfs(L, c, true, fid, T_UNIT_EDGE, (int32_t)u, 0, &hows, par, phow,
                queue);
      else if (!L->units[u].strong && enabled(L, c, (int32_t)u))
        c = bfs(L, c, true, fid, T_DISABLED, (int32_t)u, 0, &hows, par, phow,
                queue);
    }
    free(taken);
    if (c != BC_NO_STATE && hows.n == loop)
      c = bfs(L, c, true, fid, T_ANY_EDGE, -1, 0, &hows, par, phow, queue);
    if (c != BC_NO_STATE && c != a)
      c = bfs(L, c, true, fid, T_STATE, -1, a, &hows, par, phow, queue);
    free(F.v);
    if (c == a) {
      t = replay(L->p, L->choice, hows.v, hows.n);
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
  uncharge(L, 3 * n * sizeof(uint32_t));
  return t;
}

/* ----------------------------------------------------------- driver */

static void decide(struct lv *L, size_t j, struct bc_cresult *r) {
  const struct bc_constraint *k = &L->p->constraints[L->g->live[j]];
  size_t n = L->n;
  L->j = j;
  for (size_t s = 0; s < n; s++) {
    L->st[s].fl =
        exists(L, (bc_state_id)s) && !bit(L, (bc_state_id)s, 2 * j) ? FL_INB
                                                                    : 0;
    L->st[s].index = 0;
  }
  if (L->fset)
    memset(L->fset, 0xff, n * sizeof *L->fset);
  L->counter = L->nfset = 0;
  bc_state_id first = BC_NO_STATE;
  size_t ntry = L->order ? L->norder : n;
  for (size_t i = 0; i < ntry && first == BC_NO_STATE && !L->why; i++) {
    size_t s = L->order ? L->order[i] : i;
    if (!(L->st[s].fl & FL_INB))
      continue;
    bool trig = k->live == BC_LIVE_EVENTUALLY ? s == L->g->init
                : k->live == BC_LIVE_LEADSTO  ? bit(L, (bc_state_id)s, 2 * j + 1)
                                              : true;
    if (!trig)
      continue;
    if (L->st[s].index == 0)
      tarjan(L, 0, (bc_state_id)s, level0_fn);
    if (L->st[s].fl & FL_DOOMED)
      first = (bc_state_id)s;
  }
  if (L->why)
    return; /* unknown: bc_live_decide says why */
  if (first == BC_NO_STATE) {
    r->verdict = BC_HOLDS;
    return;
  }
  r->verdict = BC_VIOLATED;
  r->trace = lasso(L, first);
  if (!r->trace && L->why) {
    /* the verdict stands; its lasso could not be built */
    r->note = no_lasso(L->why);
    L->why = NULL;
    L->lasso_lost = true;
  } else if (!r->trace && !L->sym_failed) {
    r->note = "internal error: no lasso for the violation";
  }
}

/* With several workers: the states in the order one worker numbers them,
** breadth first from the initial state along the edges in transition
** order (the states' index marks them; decide() clears it). */
static void one_worker_order(struct lv *L) {
  if (L->g->nw == 1 || !charge(L, L->n * sizeof *L->order))
    return;
  uint32_t *q = L->order = bc_xmalloc((L->n + 1) * sizeof *L->order);
  size_t qh = 0, qt = 0;
  q[qt++] = L->g->init;
  L->st[L->g->init].index = 1;
  while (qh < qt && !halted(L)) {
    uint32_t n;
    const bc_state_id *e = succ(L, q[qh++], &n);
    for (uint32_t k = 0; k < n; k++)
      if (!L->st[e[k]].index) {
        L->st[e[k]].index = 1;
        q[qt++] = e[k];
      }
  }
  L->norder = qt;
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
  for (size_t a = 0; a <= nacts; a++)
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
      L->units[L->nunits++] = (struct bc_live_unit){(unsigned)i, s, f == 2};
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

/* sym: g is the symmetry-reduced graph (live_sym.h; src->find finds its
** states). False when a lasso could not be built there. */
static bool decide_all(struct bc_live_graph *g, const struct bc_live_src *src,
                       bool sym, const struct bc_explore_opts *o,
                       struct bc_run *r) {
  const struct bc_program *p = g->p;
  struct lv L;
  memset(&L, 0, sizeof L);
  L.p = p;
  L.choice = r->choice;
  L.g = g;
  L.src = src;
  L.wpow2 = (g->nw & (g->nw - 1)) == 0;
  while (L.wpow2 && (1u << L.wsh) < g->nw)
    L.wsh++;
  L.wmask = g->nw - 1;
  for (unsigned w = 0; w < g->nw; w++)
    if (g->part[w].n && (g->part[w].n - 1) * g->nw + w + 1 > L.n)
      L.n = (g->part[w].n - 1) * g->nw + w + 1;
  for (size_t j = 0; j < g->nlive; j++)
    r->res[g->live[j]].note = NULL;
  /* --max-memory: what the graph and the caller hold leaves the rest */
  size_t graph = 0;
  for (unsigned w = 0; w < g->nw; w++)
    graph += g->part[w].bytes;
  L.limit = SIZE_MAX;
  if (o->max_memory)
    L.limit = o->max_memory > src->held + graph
                  ? o->max_memory - src->held - graph
                  : 0;
  L.deadline = src->deadline;
  size_t n = L.n + 1;
  const char *lost = bc_live_graph_lost(g);
  /* index, low and the flags; the flags are charged 4 bytes a state, as
  ** when they were four arrays, so that --max-memory stops the pass
  ** where it did */
  if (!lost && !charge(&L, n * (2 * sizeof *L.low + 4)))
    lost = L.why;
  if (lost) {
    for (size_t j = 0; j < g->nlive; j++) {
      r->res[g->live[j]].verdict = BC_UNKNOWN;
      r->res[g->live[j]].note = lost;
    }
    r->complete = false;
    return true;
  }
  units_init(&L);
  bc_vm_init(&L.vm, p);
  bc_vm_configure(&L.vm, r->choice);
  if (o->native)
    bc_vm_use_native(&L.vm, o->native);
  if (sym) { /* canonical states, numbered without twins' moves */
    bc_vm_skip_twins(&L.vm, true);
    L.sym = bc_live_sym_new(p, r->choice, o->native, src, g, L.units,
                            L.nunits);
  }
  L.act_of = BC_NO_STATE;
  L.buf = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  L.st = bc_xcalloc(n, sizeof *L.st);
  L.low = bc_xcalloc(n, sizeof *L.low);
  one_worker_order(&L);
  for (size_t j = 0; j < g->nlive && !L.sym_failed; j++) {
    struct bc_cresult *res = &r->res[g->live[j]];
    if (!L.why)
      decide(&L, j, res);
    if (L.why) { /* this one and the rest: unknown */
      res->verdict = BC_UNKNOWN;
      res->note = L.why;
    }
  }
  if (L.why || L.lasso_lost)
    r->complete = false;
  bc_live_sym_free(L.sym);
  free(L.order);
  free(L.st);
  free(L.low);
  free(L.mark);
  free(L.cmark);
  free(L.fset);
  free(L.taken);
  free(L.en_some);
  free(L.dis_some);
  free(L.split);
  free(L.useen);
  free(L.units);
  free(L.act0);
  free(L.act_unit);
  free(L.acts);
  free(L.buf);
  bc_vm_release(&L.vm);
  return !L.sym_failed;
}

void bc_live_decide(struct bc_live_graph *g, const struct bc_live_src *src,
                    const struct bc_explore_opts *o, struct bc_run *r) {
  decide_all(g, src, false, o, r);
}

/* ----------------------------------------------------------- own pass */

/*
** When the safety search could not record the graph (fingerprints,
** --por, a graph dropped at --max-memory, ...): explore again, breadth first, exact, one
** thread; symmetry-reduced when the spec has a symmetric family and the
** provisos of live_sym.c hold (docs/liveness.md), else unreduced.
*/
struct pass {
  const struct bc_program *p;
  struct bc_live_graph *g;
  struct bc_store *store;
  bc_state_id cur;
  uint8_t *batch;
  uint64_t *fps;
  uint32_t *hows;             /* ... their transition numbers */
  size_t nbatch, capbatch;
  bool sym;                   /* canonical states */
  struct bc_por *po;          /* --por: stubborn sets (bc_por_new_live) */
  struct bc_por_scratch ps;
  struct bc_sym_scratch sc;
  uint8_t *tmp;               /* a padded state to canonicalise in */
  /* a liveness predicate failed in state err_id: the run's runtime error
  ** (check), as the safety search reports it when it records the graph */
  bool err;
  bc_state_id err_id;
  struct bc_vm_error err_e;
};

static void pass_gather(struct pass *x, const uint8_t *sp, uint32_t how) {
  size_t nb = x->p->state_bytes;
  if (x->nbatch == x->capbatch) {
    x->capbatch = x->capbatch ? x->capbatch * 2 : 64;
    /* padded: bc_live_graph_state reads the last one in place */
    x->batch = bc_xrealloc(x->batch, x->capbatch * nb + BC_STATE_PAD);
    x->fps = bc_xrealloc(x->fps, x->capbatch * sizeof *x->fps);
    x->hows = bc_xrealloc(x->hows, x->capbatch * sizeof *x->hows);
  }
  uint8_t *dst = x->batch + x->nbatch * nb;
  if (x->sym) {
    memcpy(x->tmp, sp, nb);
    bc_sym_canon_succ(x->p, x->tmp, &x->sc); /* bc_sym_parent: cur */
    sp = x->tmp;
  }
  memcpy(dst, sp, nb);
  uint64_t fp = bc_fingerprint(dst, nb);
  bc_store_prefetch(x->store, fp);
  x->hows[x->nbatch] = how;
  x->fps[x->nbatch++] = fp;
  if (x->po)
    bc_live_graph_reserve_how(x->g, 0, how);
  else
    bc_live_graph_reserve(x->g, 0);
}

static int pass_succ(void *ctx, const uint8_t *sp, unsigned inst,
                     unsigned step, const uint64_t *viol) {
  struct pass *x = ctx;
  (void)inst;
  (void)step;
  (void)viol;
  pass_gather(x, sp, (uint32_t)x->nbatch);
  return 0;
}

/* --por: the stubborn set's moves only (docs/reductions.md, "Liveness
** under --por"); the others are the search's business. */
static int pass_succ_por(void *ctx, const uint8_t *sp, unsigned inst,
                         unsigned step, const uint64_t *viol, uint32_t how,
                         bool ample) {
  (void)inst;
  (void)step;
  (void)viol;
  if (ample)
    pass_gather(ctx, sp, how);
  return 0;
}

static const char *pass_explore(struct pass *x, struct bc_vm *vm,
                                const struct bc_explore_opts *o) {
  const struct bc_program *p = x->p;
  size_t nb = p->state_bytes;
  uint8_t *cur = bc_xcalloc(nb + BC_STATE_PAD, 1);
  const char *why = NULL;
  double t0 = now();
  memcpy(cur, p->init, nb);
  if (x->sym)
    bc_sym_canon(p, cur, &x->sc, NULL);
  bc_state_id id;
  if (bc_store_insert(x->store, cur, bc_fingerprint(cur, nb), BC_NO_STATE, 0,
                      &id) < 0)
    why = "out of memory";
  else if (bc_live_graph_state(x->g, 0, id, vm, cur) != 0) {
    why = "a runtime error in a liveness property";
    x->err = true;
    x->err_id = id;
    x->err_e = vm->err;
  }
  const void *sp;
  while (!why && (sp = bc_store_next(x->store, &id)) != NULL) {
    memcpy(cur, sp, nb);
    bc_live_graph_expand(x->g, 0, id);
    x->cur = id;
    x->nbatch = 0;
    if (x->sym) { /* canonical: its successors canonicalised from it */
      bc_sym_parent(p, &x->sc, cur);
      bc_vm_set_twins(vm, cur, x->sc.twins);
    }
    long ns = x->po ? bc_por_successors(x->po, &x->ps, vm, cur,
                                        pass_succ_por, x)
                    : bc_vm_successors(vm, cur, pass_succ, x);
    if (x->sym) {
      bc_sym_parent(p, &x->sc, NULL);
      bc_vm_set_twins(vm, NULL, NULL);
    }
    if (ns < 0) {
      why = vm->err.code == BC_RT_TIME ? "--time-limit reached"
                                       : "a runtime error in the spec";
      break;
    }
    if ((why = bc_live_graph_lost(x->g)) != NULL)
      break;
    for (size_t i = 0; i < x->nbatch && !why; i++) {
      bc_state_id t;
      int rc = bc_store_insert(x->store, x->batch + i * nb, x->fps[i], id,
                               x->hows[i], &t);
      if (rc < 0)
        why = rc == BC_ENOMEM && o->max_memory
                  ? "out of memory (--max-memory) in the liveness pass"
              : rc == BC_ENOMEM                 ? "out of memory"
                                                : "too many states";
      else if (rc == 1 &&
               bc_live_graph_state(x->g, 0, t, vm, x->batch + i * nb) != 0) {
        why = "a runtime error in a liveness property";
        x->err = true;
        x->err_id = t;
        x->err_e = vm->err;
      } else
        bc_live_graph_edge(x->g, id, (uint32_t)i, t);
    }
    bc_live_graph_done(x->g, 0, id);
    if (!why)
      why = bc_live_graph_lost(x->g);
    if (why)
      break;
    if (o->max_states && x->g->part[0].n > o->max_states)
      why = "--max-states reached";
    else if ((id & 1023) == 0 && o->time_limit > 0 &&
             now() - t0 > o->time_limit)
      why = "--time-limit reached during the liveness pass";
    else if (bc_explore_signal)
      why = "interrupted during the liveness pass";
    else if (bc_explore_memlow)
      why = "the memory ran low during the liveness pass";
  }
  free(cur);
  return why;
}

static void pass_link(void *ctx, uint32_t id, uint32_t *parent,
                      uint32_t *how) {
  const struct pass *x = ctx;
  bc_store_link(x->store, id, parent, how);
}

static const void *pass_state(void *ctx, uint32_t id) {
  const struct pass *x = ctx;
  return bc_store_state(x->store, id);
}

/* (under --por a state the stubborn sets did not reach is none) */
static uint32_t pass_find(void *ctx, const uint8_t *state) {
  const struct pass *x = ctx;
  return bc_store_find(x->store, state,
                       bc_fingerprint(state, x->p->state_bytes));
}

/*
** A liveness predicate failed in state x->err_id: the run stops with that
** runtime error, its message and line, and the shortest run to the state
** (the pass's breadth-first links; with symmetry mapped back to a concrete
** execution, in which the predicate, symmetric, fails alike): exit 2, as
** when the safety search records the graph and finds it there.
*/
static void pass_error(const struct pass *x, struct bc_vm *vm,
                       struct bc_run *r) {
  const struct bc_program *p = x->p;
  size_t depth;
  uint32_t *hows = bc_explore_path(pass_link, (void *)(uintptr_t)x,
                                   x->err_id, 0, &depth);
  bc_vm_set_twins(vm, NULL, NULL);
  r->stop = BC_STOP_ERROR;
  bc_vm_error_format(p, &x->err_e, r->errmsg, sizeof r->errmsg);
  r->errline = x->err_e.pc < p->ncode ? p->code_line[x->err_e.pc] : 0;
  r->errtrace = bc_explore_replay(p, vm, x->sym, hows, depth, UINT32_MAX,
                                  NULL);
  r->errtrace->error_step = false;
  r->errtrace->err_step = (struct bc_trace_step){x->err_e.inst,
                                                 x->err_e.step};
  free(hows);
}

/* One pass; false when the symmetry-reduced one could not show a
** violation (then nothing of r is set). */
static bool check(const struct bc_program *p, const struct bc_explore_opts *o,
                  struct bc_run *r, bool sym) {
  struct pass x;
  memset(&x, 0, sizeof x);
  x.p = p;
  x.g = bc_live_graph_new(p, 1);
  if (!x.g->nlive) {
    bc_live_graph_free(x.g);
    return true;
  }
  x.sym = sym;
  if (sym) {
    bc_sym_scratch_init(&x.sc, p);
    x.tmp = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  }
  bool ok = true;
  const char *why = NULL;
  struct bc_store_opts so = {p->state_bytes, false, 0, o->max_memory,
                             bc_explore_default_workers() > 1};
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, r->choice);
  bc_vm_skip_twins(&vm, sym);
  if (o->native)
    bc_vm_use_native(&vm, o->native);
  vm.deadline = o->time_limit > 0 ? bc_vm_now() + o->time_limit : 0;
  double t0 = now();
  if (bc_store_new(&so, &x.store) != BC_OK) {
    why = "out of memory";
  } else {
    /* the graph and the store share --max-memory */
    bc_live_graph_budget(x.g, 0, x.store, o->max_memory);
    if (o->por) {
      bc_live_graph_hows(x.g);
      x.po = bc_por_new_live(p, &vm);
      bc_por_scratch_init(&x.ps, x.po);
    }
    why = pass_explore(&x, &vm, o);
  }
  if (why && x.err && r->stop != BC_STOP_ERROR)
    pass_error(&x, &vm, r);
  bc_vm_release(&vm);
  free(x.batch);
  free(x.fps);
  free(x.hows);
  if (x.po) {
    bc_por_scratch_release(&x.ps);
    bc_por_free(x.po);
  }
  if (why) {
    for (size_t j = 0; j < x.g->nlive; j++) {
      r->res[x.g->live[j]].verdict = BC_UNKNOWN;
      r->res[x.g->live[j]].note = why;
    }
    r->complete = false;
  } else {
    struct bc_store_stats st;
    if (!sym) /* the states are read by id now; the symmetric lasso's
              ** lift still looks canonical states up (live_sym.c) */
      bc_store_drop_table(x.store);
    bc_store_stats(x.store, &st);
    r->stats.live_states = st.distinct;
    struct bc_live_src src = {&x, pass_link, pass_state,
                              sym ? pass_find : NULL, st.bytes,
                              o->time_limit > 0 ? t0 + o->time_limit : 0};
    ok = decide_all(x.g, &src, sym, o, r);
  }
  if (sym) {
    bc_sym_scratch_release(&x.sc);
    free(x.tmp);
  }
  bc_live_graph_free(x.g);
  bc_store_free(x.store);
  return ok;
}

_Atomic unsigned long bc_live_sym_fallbacks;

/* Decide the liveness constraints again on the unreduced graph, after
** the symmetry-reduced one could not ('refusal': why not, or NULL when a
** lasso could not be built there). */
static void unreduced(const struct bc_program *p,
                      const struct bc_explore_opts *o, struct bc_run *r,
                      const char *refusal) {
  bool sym = o->symmetry && p->nsymfams > 0;
  if (sym)
    for (size_t i = 0; i < p->nconstraints; i++)
      if (p->constraints[i].kind == BC_CK_EVENTUALLY) {
        bc_trace_free(r->res[i].trace);
        r->res[i].trace = NULL;
        r->res[i].verdict = BC_UNKNOWN;
        r->res[i].note = NULL;
      }
  check(p, o, r, false);
  if (sym) /* said in the JSON report */
    for (size_t i = 0; i < p->nconstraints; i++)
      if (p->constraints[i].kind == BC_CK_EVENTUALLY &&
          r->res[i].verdict != BC_UNKNOWN && !r->res[i].note)
        r->res[i].note =
            refusal ? "decided unreduced: the symmetry-reduced graph does "
                      "not keep strong fairness (fair+) of a symmetric "
                      "family's members"
                    : "decided unreduced: no concrete lasso was built "
                      "for a violation on the symmetry-reduced graph";
}

void bc_live_check(const struct bc_program *p, const struct bc_explore_opts *o,
                   struct bc_run *r) {
  const char *refusal = NULL;
  if (o->symmetry && p->nsymfams > 0) {
    refusal = bc_live_sym_refusal(p);
    if (!refusal && check(p, o, r, true))
      return;
    if (!refusal)
      atomic_fetch_add(&bc_live_sym_fallbacks, 1);
  }
  unreduced(p, o, r, refusal);
}

/*
** The quotient the safety search recorded (several workers, or one, with
** its own fingerprints) becomes what check()'s symmetry-reduced pass
** builds: the states numbered breadth first from the initial state along
** the edges in transition order (one worker's order), with those BFS
** links, and the graph renumbered so; the states stay in the search's
** stores, read through the renumbering. Then the same decision.
*/
struct qview {
  const struct bc_live_src *src;  /* the search's, by its ids */
  uint32_t *order, *rank;         /* new id -> search's id, and back */
  uint32_t *par, *how;            /* BFS links by new id */
};

static void qview_link(void *ctx, uint32_t id, uint32_t *parent,
                       uint32_t *how) {
  const struct qview *v = ctx;
  *parent = v->par[id];
  *how = v->how[id];
}

static const void *qview_state(void *ctx, uint32_t id) {
  const struct qview *v = ctx;
  return v->src->state(v->src->ctx, v->order[id]);
}

static uint32_t qview_find(void *ctx, const uint8_t *state) {
  const struct qview *v = ctx;
  uint32_t id = v->src->find(v->src->ctx, state);
  return id == BC_NO_STATE ? BC_NO_STATE : v->rank[id];
}

bool bc_live_decide_quotient(struct bc_live_graph *g,
                             const struct bc_live_src *src,
                             void (*release)(void *ctx),
                             const struct bc_explore_opts *o,
                             struct bc_run *r) {
  const struct bc_program *p = g->p;
  if (!g->quotient || !g->nlive || bc_live_graph_lost(g) || !src->find)
    return false;
  for (unsigned w = 0; w < g->nw; w++)
    if (g->part[w].live_err)
      return false;
  /* the order and BFS links of that pass */
  size_t n = bc_live_graph_size(g);
  struct qview v = {src, NULL, NULL, NULL, NULL};
  v.order = bc_xmalloc((n + 1) * sizeof *v.order);
  v.rank = bc_xmalloc((n + 1) * sizeof *v.rank);
  v.par = bc_xmalloc((n + 1) * sizeof *v.par);
  v.how = bc_xmalloc((n + 1) * sizeof *v.how);
  for (size_t i = 0; i < n; i++)
    v.rank[i] = BC_NO_STATE;
  size_t qh = 0, qt = 0, ne = 0;
  v.rank[g->init] = 0;
  v.par[qt] = BC_NO_STATE;
  v.how[qt] = 0;
  v.order[qt++] = g->init;
  for (; qh < qt; qh++) {
    uint32_t k;
    const uint32_t *e = bc_live_graph_succ(g, v.order[qh], &k);
    ne += k;
    for (uint32_t j = 0; j < k; j++)
      if (v.rank[e[j]] == BC_NO_STATE) {
        v.rank[e[j]] = (uint32_t)qt;
        v.par[qt] = (uint32_t)qh;
        v.how[qt] = j;
        v.order[qt++] = e[j];
      }
  }
  bool ok = !(o->max_states && qt > o->max_states) && /* that pass's limit */
            ne < UINT32_MAX;
  struct bc_live_graph *q = NULL;
  if (ok) {
    /* the graph, renumbered; then the search's graph goes */
    q = bc_live_graph_new(p, 1);
    q->nlb = g->nlb;
    q->init = 0;
    struct lg_part *pt = &q->part[0];
    pt->n = pt->capn = qt;
    pt->eoff = bc_xmalloc((qt + 1) * sizeof *pt->eoff);
    pt->bits = bc_xmalloc(qt * q->nlb + 1);
    pt->edges = bc_xmalloc((ne + 1) * sizeof *pt->edges);
    pt->ne = pt->cape = (uint32_t)ne;
    pt->bytes = (qt + 1) * sizeof *pt->eoff + qt * q->nlb +
                ne * sizeof *pt->edges;
    uint32_t at = 0;
    for (size_t i = 0; i < qt; i++) {
      uint32_t s = v.order[i], k;
      const uint32_t *e = bc_live_graph_succ(g, s, &k);
      memcpy(pt->bits + i * q->nlb,
             g->part[s % g->nw].bits + (size_t)(s / g->nw) * g->nlb, q->nlb);
      pt->eoff[i] = at;
      for (uint32_t j = 0; j < k; j++)
        pt->edges[at++] = v.rank[e[j]];
    }
    pt->eoff[qt] = at;
    for (unsigned w = 0; w < g->nw; w++)
      part_release(&g->part[w]);
    /* the renumbering's arrays count as the pass's store did */
    struct bc_live_src qsrc = {&v, qview_link, qview_state, qview_find,
                               src->held + 4 * (n + 1) * sizeof *v.order,
                               o->time_limit > 0 ? now() + o->time_limit
                                                 : 0};
    ok = decide_all(q, &qsrc, true, o, r);
    if (!ok)
      atomic_fetch_add(&bc_live_sym_fallbacks, 1);
  }
  free(v.order);
  free(v.rank);
  free(v.par);
  free(v.how);
  bc_live_graph_free(q);
  if (q && !ok) { /* as bc_live_check, once the search's stores are gone */
    release(src->ctx);
    unreduced(p, o, r, NULL);
  }
  return q != NULL;
}
