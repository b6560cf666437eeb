/*
** live.h - liveness under fairness (`eventually P`, `P ~> Q`, `always
** eventually P`; `fair`/`fair+` processes and steps): docs/liveness.md.
**
** On the graph the safety search recorded (exact, one worker, no
** reduction), or a pass of its own after it: it explores the
** configuration again, one thread, exact states, no partial-order
** reduction, symmetry-reduced when the spec has a symmetric family
** (live_sym.h) and unreduced otherwise, and keeps every edge. Per property, an iterative Tarjan decomposition of the states
** where the goal does not hold finds the runs that avoid it forever
** (a fair strongly connected component, or a state where the run ends),
** and the shortest way to one of them is shown as a lasso.
*/
#ifndef BOOTCHECK_LIVE_H
#define BOOTCHECK_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

/* Does 'p' have a liveness constraint? */
bool bc_live_any(const struct bc_program *p);

/*
** The explored graph, as the safety search records it (checker/explore/
** explore.c, exact mode without symmetry or --por): per worker, its
** states by local id (global id = local * nw + worker), their successor
** ids in transition order, and the liveness predicates' bits. Worker w
** alone calls _state, _expand, _reserve and _done for its own states
** (in increasing local order); _edge may be called by any worker for any
** parent, as long as no worker is expanding at the time (the explorer's
** exchange phase) or the parent is the caller's.
*/
struct bc_live_graph;
struct bc_vm;
struct bc_live_graph *bc_live_graph_new(const struct bc_program *p,
                                        unsigned nw);
void bc_live_graph_free(struct bc_live_graph *g);
/* A new state (worker w, local id): 0, or -1 after a runtime error in a
** predicate (vm->err says which). */
int bc_live_graph_state(struct bc_live_graph *g, unsigned w, uint32_t local,
                        struct bc_vm *vm, const uint8_t *state);
void bc_live_graph_expand(struct bc_live_graph *g, unsigned w,
                          uint32_t local);
/* One more successor of the state being expanded; false past 2^32 - 2
** edges per worker (the graph is then unusable). */
bool bc_live_graph_reserve(struct bc_live_graph *g, unsigned w);
void bc_live_graph_done(struct bc_live_graph *g, unsigned w, uint32_t local);
/* The initial state's global id (0 unless the explorer says otherwise). */
void bc_live_graph_initial(struct bc_live_graph *g, uint32_t id);
/* Successor number 'how' of global state 'parent' is global state 't'. */
void bc_live_graph_edge(struct bc_live_graph *g, uint32_t parent,
                        uint32_t how, uint32_t t);

/* Where the recorded states and their BFS links are. */
struct bc_live_src {
  void *ctx;
  void (*link)(void *ctx, uint32_t id, uint32_t *parent, uint32_t *how);
  const void *(*state)(void *ctx, uint32_t id); /* its bytes */
};

/* The successors of global state 'id' in the graph: *ret_n ids. */
const uint32_t *bc_live_graph_succ(const struct bc_live_graph *g, uint32_t id,
                                   uint32_t *ret_n);

/* Decide the liveness constraints of 'r' on a complete recorded graph. */
void bc_live_decide(struct bc_live_graph *g, const struct bc_live_src *src,
                    const struct bc_explore_opts *o, struct bc_run *r);

/*
** Decide every liveness constraint of 'p' in run 'r' (configuration
** r->choice): sets r->res[ci] (verdict, lasso trace or note) for each
** constraint of kind BC_CK_EVENTUALLY. The limits of 'o' apply
** (max_states, max_memory, time_limit; a limit leaves the verdicts
** unknown with a note); 'native' is used when set; 'symmetry' chooses
** the symmetry-reduced pass (live_sym.h: unless a member is strongly fair,
** or no lasso of a violation could be built there, which the unreduced
** pass then decides); workers, por and fingerprint_only are ignored.
*/
void bc_live_check(const struct bc_program *p, const struct bc_explore_opts *o,
                   struct bc_run *r);

/* How many times a violation found on the symmetry-reduced graph could
** not be shown by a concrete lasso, so that the unreduced pass decided
** (tests/test_live.c expects none). */
extern _Atomic unsigned long bc_live_sym_fallbacks;

#endif /* BOOTCHECK_LIVE_H */
