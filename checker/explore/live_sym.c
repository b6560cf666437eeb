/*
** live_sym.c - liveness under fairness on the symmetry-reduced graph
** (docs/liveness.md, "Symmetry", has the argument in full).
**
** The quotient has one node per orbit of reachable states (the canonical
** state) and an edge r -> r' for every move of r, whose successor t is
** canonicalised by a permutation p (r' = p.t, member m of t is member p(m)
** of r'). Every permutation of a family is an automorphism of the model
** and of the liveness predicates (the compiler's rules), and fairness is
** declared per process or per step, so for every member alike. Hence:
**
** - The concrete states over a quotient component C, within a permutation
**   invariant set such as B, form strongly connected components that are
**   images of one another under permutations; C has a cycle iff they do;
**   one of them is fair iff all are. So deciding "C holds a fair cycle" is
**   deciding it for D, the concrete component of the state C[0] itself.
** - Choose, along a spanning tree of C from C[0], for each node r a
**   permutation s_r with x_r = s_r.r in D (s_C[0] = id; an edge r -> r'
**   by p gives s_r' = s_r o p^-1). Every edge e: r -> r' of C then gives
**   g_e = s_r o p^-1 o s_r'^-1, and every pair of twins (equal members)
**   j-1, j of r the transposition (s_r(j-1) s_r(j)); these are exactly
**   permutations that map D onto itself, and they generate the group G_D
**   of all such (any path in D from x_C[0] to pi.x_C[0] is a product of
**   them, times a stabiliser of C[0]).
** - The members whose unit an edge of D takes are the G_D-orbits of
**   s_r(m) for the edges of C by member m; those disabled in some state
**   of D, the orbits of s_r(d) for the members d disabled at r. The
**   orbits are the classes of a union-find over the generators.
**
** A unit of a member is weakly fair in D when it is taken or disabled
** there. Strong fairness of a member would remove the states where one
** member is enabled, a set no permutation keeps: bc_live_sym_refusal
** declines it, and live.c explores unreduced. Strong fairness of a
** process outside the families is kept by every permutation, and live.c's
** removal and second decomposition stay sound on the quotient.
**
** A violation is shown as a concrete lasso: the quotient's path replayed
** through its permutations (bc_sym_replay), then a cycle searched breadth
** first among the concrete states over the fair set, through a move or a
** disabled state of every unit; the lasso is then replayed and checked
** like any other. If that fails, the caller decides again, unreduced.
*/
#include "explore/live_sym.h"

#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "explore/live.h"
#include "explore/symmetry.h"
#include "model/vm.h"

#include <stdlib.h>
#include <string.h>

/* A kind of unit of a symmetric family: its members' units of the whole
** process (step -1) or of one step. */
struct kind {
  unsigned fam;
  int step;
};

/* The moves of one state: instance, global step, and the successor's
** canonicalisation (perm, nm entries each) when asked for. */
struct moves {
  size_t n, cap;
  unsigned *inst, *step;
  uint32_t *perm;
  uint8_t *states; /* when kept */
  bool want_perm, want_states;
  struct bc_live_sym *S;
};

struct bc_live_sym {
  const struct bc_program *p;
  const struct bc_live_src *src;     /* the quotient's canonical states */
  const struct bc_live_graph *g;
  const struct bc_live_unit *units;
  size_t nunits;
  size_t nm;                         /* members of every family */
  uint32_t *fam_off;                 /* family f's first global member */
  int32_t *member;                   /* per instance: global member, or -1 */
  unsigned *fam_of;                  /* per global member: its family */
  size_t nkinds;
  struct kind *kinds;
  int32_t *kind_of;                  /* per unit: its kind, or -1 (fixed) */
  struct bc_vm vm;                   /* the quotient's numbering (twins) */
  struct bc_vm cvm;                  /* every move */
  struct bc_sym_scratch sc;
  uint8_t *buf, *tmp;                /* padded states */
  struct moves mv;
  /* bc_live_sym_units */
  uint32_t *pos, npos, *pstamp, callstamp;
  uint32_t *uf;
  uint8_t *seed_taken, *seed_dis;    /* nkinds * nm */
  uint32_t *en, enstamp;             /* nkinds * nm */
};

/* ----------------------------------------------------------- setup */

const char *bc_live_sym_refusal(const struct bc_program *p) {
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_proc *pr = &p->procs[p->symfams[f].proc];
    if (pr->fair == 2)
      return "strong fairness (fair+) of a symmetric family's members";
    for (unsigned s = 0; s < pr->nsteps; s++)
      if (p->steps[pr->first_step + s].fair == 2)
        return "strong fairness (fair+) of a symmetric family's members";
  }
  return NULL;
}

struct bc_live_sym *bc_live_sym_new(const struct bc_program *p,
                                    const unsigned *choice,
                                    const struct bc_native *native,
                                    const struct bc_live_src *src,
                                    const struct bc_live_graph *g,
                                    const struct bc_live_unit *units,
                                    size_t nunits) {
  struct bc_live_sym *S = bc_xcalloc(1, sizeof *S);
  S->p = p;
  S->src = src;
  S->g = g;
  S->units = units;
  S->nunits = nunits;
  S->nm = bc_sym_members(p);
  S->fam_off = bc_xcalloc(p->nsymfams + 1, sizeof *S->fam_off);
  S->member = bc_xcalloc(p->ninsts + 1, sizeof *S->member);
  S->fam_of = bc_xcalloc(S->nm + 1, sizeof *S->fam_of);
  for (size_t i = 0; i < p->ninsts; i++)
    S->member[i] = -1;
  uint32_t off = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    const struct bc_proc *pr = &p->procs[sf->proc];
    S->fam_off[f] = off;
    for (unsigned m = 0; m < sf->n; m++) {
      S->member[pr->first_inst + m] = (int32_t)(off + m);
      S->fam_of[off + m] = (unsigned)f;
    }
    off += sf->n;
  }
  S->kind_of = bc_xcalloc(nunits + 1, sizeof *S->kind_of);
  S->kinds = bc_xcalloc(nunits + 1, sizeof *S->kinds);
  for (size_t u = 0; u < nunits; u++) {
    S->kind_of[u] = -1;
    int32_t gm = S->member[units[u].inst];
    if (gm < 0)
      continue;
    struct kind k = {S->fam_of[gm], units[u].step};
    size_t i = 0;
    while (i < S->nkinds &&
           (S->kinds[i].fam != k.fam || S->kinds[i].step != k.step))
      i++;
    if (i == S->nkinds)
      S->kinds[S->nkinds++] = k;
    S->kind_of[u] = (int32_t)i;
  }
  bc_vm_init(&S->vm, p);
  bc_vm_configure(&S->vm, choice);
  bc_vm_skip_twins(&S->vm, true);
  bc_vm_init(&S->cvm, p);
  bc_vm_configure(&S->cvm, choice);
  if (native) {
    bc_vm_use_native(&S->vm, native);
    bc_vm_use_native(&S->cvm, native);
  }
  bc_sym_scratch_init(&S->sc, p);
  S->buf = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  S->tmp = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  S->mv.S = S;
  S->uf = bc_xcalloc(S->nm + 1, sizeof *S->uf);
  S->seed_taken = bc_xcalloc(S->nkinds * S->nm + 1, 1);
  S->seed_dis = bc_xcalloc(S->nkinds * S->nm + 1, 1);
  S->en = bc_xcalloc(S->nkinds * S->nm + 1, sizeof *S->en);
  return S;
}

void bc_live_sym_free(struct bc_live_sym *S) {
  if (!S)
    return;
  free(S->fam_off);
  free(S->member);
  free(S->fam_of);
  free(S->kinds);
  free(S->kind_of);
  bc_vm_release(&S->vm);
  bc_vm_release(&S->cvm);
  bc_sym_scratch_release(&S->sc);
  free(S->buf);
  free(S->tmp);
  free(S->mv.inst);
  free(S->mv.step);
  free(S->mv.perm);
  free(S->mv.states);
  free(S->pos);
  free(S->pstamp);
  free(S->uf);
  free(S->seed_taken);
  free(S->seed_dis);
  free(S->en);
  free(S);
}

/* ----------------------------------------------------------- moves */

static int on_move(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct moves *m = ctx;
  struct bc_live_sym *S = m->S;
  size_t nb = S->p->state_bytes;
  (void)viol;
  if (m->n == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 64;
    m->inst = bc_xrealloc(m->inst, m->cap * sizeof *m->inst);
    m->step = bc_xrealloc(m->step, m->cap * sizeof *m->step);
    m->perm = bc_xrealloc(m->perm, m->cap * (S->nm + 1) * sizeof *m->perm);
    m->states = bc_xrealloc(m->states, m->cap * nb);
  }
  m->inst[m->n] = inst;
  m->step[m->n] = step;
  if (m->want_perm) {
    memcpy(S->tmp, succ, nb);
    bc_sym_canon(S->p, S->tmp, &S->sc, m->perm + m->n * (S->nm + 1));
  }
  if (m->want_states)
    memcpy(m->states + m->n * nb, succ, nb);
  m->n++;
  return 0;
}

/* The moves of 'state' (concrete: every move; else the quotient's, twins
** left out, in the order of its edges). -1 after a runtime error. */
static int moves_of(struct bc_live_sym *S, const uint8_t *state, bool concrete,
                    bool want_perm, bool want_states) {
  memcpy(S->buf, state, S->p->state_bytes);
  S->mv.n = 0;
  S->mv.want_perm = want_perm;
  S->mv.want_states = want_states;
  return bc_vm_successors(concrete ? &S->cvm : &S->vm, S->buf, on_move,
                          &S->mv) < 0
             ? -1
             : 0;
}

/* Does move (inst, global step) belong to unit u? */
static bool in_unit(const struct bc_live_sym *S, size_t u, unsigned inst,
                    unsigned step) {
  const struct bc_live_unit *un = &S->units[u];
  if (un->inst != inst)
    return false;
  if (un->step < 0)
    return true;
  const struct bc_proc *pr = &S->p->procs[S->p->insts[inst].proc];
  return step == pr->first_step + (unsigned)un->step;
}

/* ----------------------------------------------------------- orbits */

static uint32_t find(uint32_t *uf, uint32_t x) {
  while (uf[x] != x) {
    uf[x] = uf[uf[x]];
    x = uf[x];
  }
  return x;
}

static void unite(uint32_t *uf, uint32_t a, uint32_t b) {
  a = find(uf, a);
  b = find(uf, b);
  if (a != b)
    uf[a < b ? b : a] = a < b ? a : b;
}

/* Does move (inst, global step) of member gm belong to kind k? */
static bool in_kind(const struct bc_live_sym *S, size_t k, unsigned step) {
  const struct kind *kd = &S->kinds[k];
  if (kd->step < 0)
    return true;
  const struct bc_proc *pr = &S->p->procs[S->p->symfams[kd->fam].proc];
  return step == pr->first_step + (unsigned)kd->step;
}

bool bc_live_sym_units(struct bc_live_sym *S, const uint32_t *C, size_t nc,
                       const uint32_t *mark, uint32_t stamp, uint8_t *taken,
                       uint8_t *dis_some) {
  if (!S->nkinds)
    return true;
  const struct bc_program *p = S->p;
  size_t nm = S->nm, nk = S->nkinds;
  /* positions in C, by id */
  uint32_t maxid = 0;
  for (size_t i = 0; i < nc; i++)
    maxid = C[i] > maxid ? C[i] : maxid;
  if (maxid >= S->npos) {
    S->npos = maxid + 1;
    S->pos = bc_xrealloc(S->pos, S->npos * sizeof *S->pos);
    S->pstamp = bc_xrealloc(S->pstamp, S->npos * sizeof *S->pstamp);
    memset(S->pstamp, 0, S->npos * sizeof *S->pstamp);
    S->callstamp = 0;
  }
  uint32_t cs = ++S->callstamp;
  /* s_r per node (sigma[i * nm ..]: member k of r is member s_r(k) in D),
  ** in breadth-first order of the spanning tree */
  uint32_t *sigma = bc_xmalloc((nc * nm + 1) * sizeof *sigma);
  uint32_t *queue = bc_xmalloc((nc + 1) * sizeof *queue);
  for (uint32_t m = 0; m < nm; m++) {
    S->uf[m] = m;
    sigma[m] = m;
  }
  memset(S->seed_taken, 0, nk * nm);
  memset(S->seed_dis, 0, nk * nm);
  size_t qh = 0, qt = 0;
  queue[qt++] = C[0];
  S->pos[C[0]] = 0;
  S->pstamp[C[0]] = cs;
  while (qh < qt) {
    uint32_t r = queue[qh], i = (uint32_t)qh;
    qh++;
    const uint32_t *sr = sigma + (size_t)i * nm;
    uint32_t ne;
    const uint32_t *e = bc_live_graph_succ(S->g, r, &ne);
    /* the edges' moves: all of them in order, or (the liveness pass
    ** under --por) a stubborn set's, each with its transition number */
    const uint32_t *eh = bc_live_graph_edge_hows(S->g, r);
    /* S->buf keeps the state */
    bool bad = moves_of(S, S->src->state(S->src->ctx, r), false, true,
                        false) != 0 ||
               (!eh && S->mv.n != ne);
    for (uint32_t k = 0; eh && k < ne && !bad; k++)
      bad = eh[k] >= S->mv.n;
    if (bad) { /* the search ran these moves: cannot happen */
      free(sigma);
      free(queue);
      return false;
    }
    uint32_t es = ++S->enstamp;
    for (size_t j = 0; j < S->mv.n; j++) { /* enabled: every move */
      int32_t gm = S->member[S->mv.inst[j]];
      if (gm >= 0)
        for (size_t kd = 0; kd < nk; kd++)
          if (S->kinds[kd].fam == S->fam_of[gm] &&
              in_kind(S, kd, S->mv.step[j]))
            S->en[kd * nm + (size_t)gm] = es;
    }
    for (uint32_t k = 0; k < ne; k++) {
      uint32_t j = eh ? eh[k] : k;
      uint32_t t = e[k];
      if (mark[t] != stamp)
        continue;
      int32_t gm = S->member[S->mv.inst[j]];
      if (gm >= 0) /* taken: by an edge inside C */
        for (size_t kd = 0; kd < nk; kd++)
          if (S->kinds[kd].fam == S->fam_of[gm] &&
              in_kind(S, kd, S->mv.step[j]))
            S->seed_taken[kd * nm + sr[gm]] = 1;
      const uint32_t *pk = S->mv.perm + (size_t)j * (nm + 1);
      if (S->pstamp[t] != cs) { /* a tree edge: s_t = s_r o p^-1 */
        S->pstamp[t] = cs;
        S->pos[t] = (uint32_t)qt;
        uint32_t *stt = sigma + qt * nm;
        for (size_t f = 0; f < p->nsymfams; f++) {
          uint32_t o = S->fam_off[f];
          for (unsigned m = 0; m < p->symfams[f].n; m++)
            stt[o + pk[o + m]] = sr[o + m];
        }
        queue[qt++] = t;
        continue;
      }
      /* g_e = s_r o p^-1 o s_t^-1 maps s_t(p(m)) to s_r(m) */
      const uint32_t *stt = sigma + (size_t)S->pos[t] * nm;
      for (size_t f = 0; f < p->nsymfams; f++) {
        uint32_t o = S->fam_off[f];
        for (unsigned m = 0; m < p->symfams[f].n; m++)
          unite(S->uf, stt[o + pk[o + m]], sr[o + m]);
      }
    }
    /* twins: the stabiliser of r; and the members disabled at r (a twin
    ** is disabled with the member before it, in its orbit) */
    for (size_t f = 0; f < p->nsymfams; f++) {
      const struct bc_proc *pr = &p->procs[p->symfams[f].proc];
      uint32_t o = S->fam_off[f];
      for (unsigned m = 0; m < p->symfams[f].n; m++) {
        if (m > 0 && bc_vm_is_twin(&S->vm, S->buf, pr->first_inst + m)) {
          unite(S->uf, sr[o + m - 1], sr[o + m]);
          continue;
        }
        for (size_t kd = 0; kd < nk; kd++)
          if (S->kinds[kd].fam == f && S->en[kd * nm + o + m] != es)
            S->seed_dis[kd * nm + sr[o + m]] = 1;
      }
    }
  }
  free(sigma);
  free(queue);
  if (qt != nc) /* C is strongly connected: cannot happen */
    return false;
  /* seeds to their orbits' roots */
  for (size_t kd = 0; kd < nk; kd++)
    for (uint32_t m = 0; m < nm; m++) {
      uint32_t rt = find(S->uf, m);
      if (S->seed_taken[kd * nm + m])
        S->seed_taken[kd * nm + rt] = 1;
      if (S->seed_dis[kd * nm + m])
        S->seed_dis[kd * nm + rt] = 1;
    }
  for (size_t u = 0; u < S->nunits; u++) {
    int32_t kd = S->kind_of[u];
    if (kd < 0)
      continue;
    uint32_t rt = find(S->uf, (uint32_t)S->member[S->units[u].inst]);
    taken[u] = S->seed_taken[(size_t)kd * nm + rt];
    dis_some[u] = S->seed_dis[(size_t)kd * nm + rt];
  }
  return true;
}

/* ----------------------------------------------------------- lassos */

/* The concrete states over the fair set, as the cycle search meets them. */
#define LIFT_MAX_STATES (1u << 20)

struct lift {
  struct bc_live_sym *S;
  const uint32_t *fset;
  uint32_t fid;
  struct bc_store *cs;        /* concrete states, ids 0 .. */
  size_t cap;
  uint32_t *mark, *par, *phow, stamp, *queue;
  uint8_t *need, *sat;        /* per unit */
  /* the cycle so far: concrete states (the first is where it starts) */
  uint8_t *states;
  struct bc_trace_step *steps;
  size_t len, caplen;
};

/* Is concrete 'state' over the fair set? -1: its canonical form is not a
** state of the quotient (cannot happen, unless the quotient is reduced by
** --por: then a move outside the stubborn sets may lead out of it, and
** the state is not over the fair set). */
static int over_fair(struct lift *x, const uint8_t *state) {
  struct bc_live_sym *S = x->S;
  size_t nb = S->p->state_bytes;
  memcpy(S->tmp, state, nb);
  bc_sym_canon(S->p, S->tmp, &S->sc, NULL);
  bc_state_id id = S->src->find(S->src->ctx, S->tmp);
  if (id == BC_NO_STATE)
    return bc_live_graph_reduced(S->g) ? 0 : -1;
  return x->fset[id] == x->fid;
}

/* The concrete id of 'state' (added when new); BC_NO_STATE past the
** limit or out of memory. */
static bc_state_id lift_id(struct lift *x, const uint8_t *state) {
  size_t nb = x->S->p->state_bytes;
  bc_state_id id;
  if (bc_store_insert(x->cs, state, bc_fingerprint(state, nb), BC_NO_STATE, 0,
                      &id) < 0 ||
      id >= LIFT_MAX_STATES)
    return BC_NO_STATE;
  if (id >= x->cap) {
    size_t cap = x->cap ? 2 * x->cap : 1024;
    x->mark = bc_xrealloc(x->mark, cap * sizeof *x->mark);
    x->par = bc_xrealloc(x->par, cap * sizeof *x->par);
    x->phow = bc_xrealloc(x->phow, cap * sizeof *x->phow);
    x->queue = bc_xrealloc(x->queue, cap * sizeof *x->queue);
    memset(x->mark + x->cap, 0, (cap - x->cap) * sizeof *x->mark);
    x->cap = cap;
  }
  return id;
}

/* Appends one step of the cycle: 'inst' moved by global 'step' to 'to'. */
static void cyc_push(struct lift *x, unsigned inst, unsigned step,
                     const uint8_t *to) {
  size_t nb = x->S->p->state_bytes;
  if (x->len + 1 >= x->caplen) {
    x->caplen = x->caplen ? 2 * x->caplen : 64;
    x->states = bc_xrealloc(x->states, x->caplen * nb);
    x->steps = bc_xrealloc(x->steps, x->caplen * sizeof *x->steps);
  }
  x->steps[x->len] = (struct bc_trace_step){inst, step};
  x->len++;
  memcpy(x->states + x->len * nb, to, nb);
}

/* Does unit u have a move among the moves S->mv of the current state? */
static bool unit_enabled(const struct bc_live_sym *S, size_t u) {
  for (size_t k = 0; k < S->mv.n; k++)
    if (in_unit(S, u, S->mv.inst[k], S->mv.step[k]))
      return true;
  return false;
}

/* Marks the units the state with moves S->mv leaves disabled (weak ones
** are then satisfied), and those step (inst, step) takes. */
static void satisfy_disabled(struct lift *x) {
  struct bc_live_sym *S = x->S;
  for (size_t u = 0; u < S->nunits; u++) {
    if (x->sat[u] || S->units[u].strong)
      continue;
    if (!unit_enabled(S, u))
      x->sat[u] = 1;
  }
}

static void satisfy_step(struct lift *x, unsigned inst, unsigned step) {
  for (size_t u = 0; u < x->S->nunits; u++)
    if (in_unit(x->S, u, inst, step))
      x->sat[u] = 1;
}

enum lift_target { L_UNSAT, L_ANY_EDGE, L_STATE };

/*
** Breadth first from the cycle's last state, over the concrete states
** over the fair set, to the first that meets the target: a state where
** an unsatisfied weak unit is disabled, or a move of an unsatisfied unit
** (L_UNSAT); any move (L_ANY_EDGE); concrete state 'goal' (L_STATE). The
** path is appended to the cycle, and what it satisfies marked. False
** when there is none (or past the limit).
*/
static bool lift_bfs(struct lift *x, enum lift_target tg, bc_state_id goal) {
  struct bc_live_sym *S = x->S;
  const struct bc_program *p = S->p;
  size_t nb = p->state_bytes;
  uint8_t *from = bc_xmalloc(nb + BC_STATE_PAD);
  memcpy(from, x->states + x->len * nb, nb);
  bc_state_id f = lift_id(x, from);
  bool ok = false;
  if (f == BC_NO_STATE)
    goto out;
  uint32_t stamp = ++x->stamp;
  size_t qh = 0, qt = 0;
  x->queue[qt++] = f;
  x->mark[f] = stamp;
  x->par[f] = BC_NO_STATE;
  bc_state_id hit = BC_NO_STATE;
  uint32_t hit_k = UINT32_MAX; /* the move taken from 'hit', if any */
  while (qh < qt && hit == BC_NO_STATE) {
    bc_state_id s = x->queue[qh++];
    memcpy(from, bc_store_state(x->cs, s), nb);
    if (moves_of(S, from, true, false, true) != 0)
      goto out;
    if (tg == L_STATE && s == goal && s != f) {
      hit = s;
      break;
    }
    if (tg == L_UNSAT && s != f) {
      for (size_t u = 0; u < S->nunits && hit == BC_NO_STATE; u++) {
        if (x->sat[u] || S->units[u].strong)
          continue;
        if (!unit_enabled(S, u))
          hit = s;
      }
      if (hit != BC_NO_STATE)
        break;
    }
    for (size_t k = 0; k < S->mv.n && hit == BC_NO_STATE; k++) {
      const uint8_t *t = S->mv.states + k * nb;
      int in = over_fair(x, t);
      if (in < 0)
        goto out;
      if (!in)
        continue;
      bool want = tg == L_ANY_EDGE;
      for (size_t u = 0; u < S->nunits && tg == L_UNSAT && !want; u++)
        want = !x->sat[u] && in_unit(S, u, S->mv.inst[k], S->mv.step[k]);
      if (want) {
        hit = s;
        hit_k = (uint32_t)k;
        break;
      }
      bc_state_id ti = lift_id(x, t);
      if (ti == BC_NO_STATE)
        goto out;
      if (x->mark[ti] == stamp)
        continue;
      x->mark[ti] = stamp;
      x->par[ti] = s;
      x->phow[ti] = (uint32_t)k;
      x->queue[qt++] = ti;
    }
  }
  if (hit == BC_NO_STATE)
    goto out;
  /* the transition numbers from f to hit (and the move from hit) */
  size_t n = 0;
  for (bc_state_id s = hit; s != f; s = x->par[s])
    n++;
  uint32_t *hows = bc_xmalloc((n + 2) * sizeof *hows);
  size_t i = n;
  for (bc_state_id s = hit; s != f; s = x->par[s])
    hows[--i] = x->phow[s];
  if (hit_k != UINT32_MAX)
    hows[n++] = hit_k;
  uint8_t *next = bc_xcalloc(nb + BC_STATE_PAD, 1);
  memcpy(from, x->states + x->len * nb, nb);
  ok = true;
  for (i = 0; i < n && ok; i++) {
    unsigned inst, step;
    if (bc_vm_successor_nth(&S->cvm, from, hows[i], next, &inst, &step) != 0) {
      ok = false;
      break;
    }
    cyc_push(x, inst, step, next);
    satisfy_step(x, inst, step);
    memcpy(from, next, nb);
    if (moves_of(S, from, true, false, false) != 0)
      ok = false;
    else
      satisfy_disabled(x);
  }
  free(next);
  free(hows);
out:
  free(from);
  return ok;
}

/* Is unit u enabled in some state of the fair set (of the quotient)? For
** strongly fair units, fixed by every permutation (the provisos). */
static void strong_needs(struct lift *x) {
  struct bc_live_sym *S = x->S;
  bool any = false;
  for (size_t u = 0; u < S->nunits; u++)
    any |= S->units[u].strong;
  if (!any)
    return;
  size_t n = bc_live_graph_size(S->g);
  for (bc_state_id id = 0; id < n; id++) {
    if (x->fset[id] != x->fid)
      continue;
    if (moves_of(S, S->src->state(S->src->ctx, id), false, false, false) != 0)
      continue;
    for (size_t u = 0; u < S->nunits; u++)
      for (size_t k = 0; k < S->mv.n && S->units[u].strong && !x->need[u]; k++)
        x->need[u] = in_unit(S, u, S->mv.inst[k], S->mv.step[k]);
  }
}

static bool holds(struct bc_live_sym *S, uint32_t code, const uint8_t *state) {
  int64_t v = 0;
  memcpy(S->tmp, state, S->p->state_bytes);
  return bc_vm_eval(&S->cvm, code, S->tmp, &v) == 0 && v != 0;
}

/*
** The lasso checked as any report of it would be read: a concrete
** execution from the initial state; the goal false from the trigger on
** (P true there, for P ~> Q); the run ends at its last state, or its
** cycle closes and treats every unit fairly.
*/
static bool lasso_checks(struct bc_live_sym *S, const struct bc_constraint *k,
                         const struct bc_trace *t) {
  const struct bc_program *p = S->p;
  size_t nb = p->state_bytes;
  if (memcmp(t->states, p->init, nb) != 0 || t->trigger > t->len)
    return false;
  for (size_t i = 0; i < t->len; i++) {
    if (moves_of(S, t->states + i * nb, true, false, true) != 0)
      return false;
    bool found = false;
    for (size_t j = 0; j < S->mv.n && !found; j++)
      found = S->mv.inst[j] == t->steps[i].inst &&
              S->mv.step[j] == t->steps[i].step &&
              !memcmp(S->mv.states + j * nb, t->states + (i + 1) * nb, nb);
    if (!found)
      return false;
  }
  uint32_t goal = k->live == BC_LIVE_LEADSTO ? k->code2 : k->code;
  if (k->live == BC_LIVE_EVENTUALLY && t->trigger != 0)
    return false;
  if (k->live == BC_LIVE_LEADSTO &&
      !holds(S, k->code, t->states + t->trigger * nb))
    return false;
  for (size_t i = t->trigger; i <= t->len; i++)
    if (holds(S, goal, t->states + i * nb))
      return false;
  if (t->ends)
    return moves_of(S, t->states + t->len * nb, true, false, false) == 0 &&
           S->mv.n == 0;
  if (t->loop >= t->len ||
      memcmp(t->states + t->loop * nb, t->states + t->len * nb, nb) != 0)
    return false;
  size_t nu = S->nunits;
  uint8_t *f = bc_xcalloc(3 * nu + 1, 1); /* taken, enabled, disabled */
  bool ok = true;
  for (size_t i = t->loop; i < t->len && ok; i++) {
    if (moves_of(S, t->states + i * nb, true, false, false) != 0) {
      ok = false;
      break;
    }
    for (size_t u = 0; u < nu; u++) {
      bool en = false;
      for (size_t j = 0; j < S->mv.n && !en; j++)
        en = in_unit(S, u, S->mv.inst[j], S->mv.step[j]);
      f[nu + u] |= en;
      f[2 * nu + u] |= !en;
      f[u] |= in_unit(S, u, t->steps[i].inst, t->steps[i].step);
    }
  }
  for (size_t u = 0; u < nu && ok; u++)
    ok = f[u] || (S->units[u].strong ? !f[nu + u] : f[2 * nu + u]);
  free(f);
  return ok;
}

struct bc_trace *bc_live_sym_lasso(struct bc_live_sym *S,
                                   const struct bc_constraint *k,
                                   const uint32_t *hows, size_t n,
                                   size_t trigger, bool ends,
                                   const uint32_t *fset, uint32_t fid) {
  const struct bc_program *p = S->p;
  size_t nb = p->state_bytes;
  /* the quotient's path, replayed through its permutations */
  uint8_t *pre = bc_xcalloc((n + 1) * nb + BC_STATE_PAD, 1);
  struct bc_trace_step *psteps = bc_xcalloc(n + 1, sizeof *psteps);
  struct bc_trace *t = NULL;
  struct lift x;
  memset(&x, 0, sizeof x);
  if (bc_sym_replay(p, &S->vm, hows, n, pre, psteps, NULL) != n)
    goto out;
  if (ends) {
    t = bc_xcalloc(1, sizeof *t);
    t->len = n;
    t->states = pre;
    t->steps = psteps;
    pre = NULL;
    psteps = NULL;
    t->ends = true;
    t->trigger = trigger;
    goto check;
  }
  /* a fair cycle among the concrete states over the fair set */
  x.S = S;
  x.fset = fset;
  x.fid = fid;
  struct bc_store_opts so = {nb, false, 0, 0,
                             bc_explore_default_workers() > 1};
  if (bc_store_new(&so, &x.cs) != BC_OK)
    goto out;
  x.need = bc_xcalloc(S->nunits + 1, 1);
  x.sat = bc_xcalloc(S->nunits + 1, 1);
  for (size_t u = 0; u < S->nunits; u++)
    x.need[u] = !S->units[u].strong;
  strong_needs(&x);
  for (size_t u = 0; u < S->nunits; u++)
    x.sat[u] = !x.need[u];
  x.caplen = 64;
  x.states = bc_xmalloc(x.caplen * nb);
  x.steps = bc_xmalloc(x.caplen * sizeof *x.steps);
  memcpy(x.states, pre + n * nb, nb);
  bc_state_id start = lift_id(&x, x.states);
  if (start == BC_NO_STATE ||
      moves_of(S, x.states, true, false, false) != 0)
    goto out;
  satisfy_disabled(&x);
  bool ok = true;
  for (;;) {
    size_t u = 0;
    while (u < S->nunits && x.sat[u])
      u++;
    if (u == S->nunits)
      break;
    if (!(ok = lift_bfs(&x, L_UNSAT, 0)))
      break;
  }
  if (ok && x.len == 0)
    ok = lift_bfs(&x, L_ANY_EDGE, 0);
  if (ok && memcmp(x.states + x.len * nb, x.states, nb) != 0)
    ok = lift_bfs(&x, L_STATE, start);
  if (!ok)
    goto out;
  t = bc_xcalloc(1, sizeof *t);
  t->len = n + x.len;
  t->states = bc_xcalloc((t->len + 1) * nb + BC_STATE_PAD, 1);
  t->steps = bc_xcalloc(t->len + 1, sizeof *t->steps);
  memcpy(t->states, pre, (n + 1) * nb);
  memcpy(t->states + (n + 1) * nb, x.states + nb, x.len * nb);
  memcpy(t->steps, psteps, n * sizeof *t->steps);
  memcpy(t->steps + n, x.steps, x.len * sizeof *t->steps);
  t->lasso = true;
  t->loop = n;
  t->trigger = trigger;
check:
  if (!lasso_checks(S, k, t)) {
    bc_trace_free(t);
    t = NULL;
  }
out:
  bc_store_free(x.cs);
  free(x.mark);
  free(x.par);
  free(x.phow);
  free(x.queue);
  free(x.need);
  free(x.sat);
  free(x.states);
  free(x.steps);
  free(pre);
  free(psteps);
  return t;
}
