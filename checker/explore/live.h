/*
** live.h - liveness under fairness (`eventually P`, `P ~> Q`, `always
** eventually P`; `fair`/`fair+` processes and steps): docs/liveness.md.
**
** After the safety search of a configuration, on the graph that search
** recorded (exact, any number of workers; unreduced, or the symmetry-
** reduced quotient, renumbered then: bc_live_decide_quotient), or else on
** one a pass of its own explores again (one thread, exact states, no
** partial-order reduction, symmetry-reduced when the spec has a
** symmetric family (live_sym.h) and unreduced otherwise). Per property,
** an iterative Tarjan decomposition of the states where the goal does not
** hold finds the runs that avoid it forever (a fair strongly connected
** component, or a state where the run ends), and the shortest way to one
** of them is shown as a lasso.
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
** explore.c, exact mode without --por, any number of workers; with
** symmetry, the quotient): per worker, a part with its states by local id (global id =
** local * nw + worker), their successor ids in transition order, and the
** liveness predicates' bits. A part is written by its worker alone:
** worker w alone calls _state, _expand, _reserve, _done, _drop and _edge
** for parents it owns (parent % nw == w), its own states in increasing
** local order. An edge to a state another worker owns is filled in by
** the parent's worker once the owner has said the target's id (the
** explorer's records, after the level's exchange: explore.c).
**
** Memory: with _budget, a part and its worker's store share that
** worker's part of --max-memory: the part lowers the store's limit as it
** grows. A part that would not fit (or would pass 2^32 - 2 edges) is
** dropped, and every other part drops itself at its next _expand: the
** safety search goes on without the graph, and the liveness verdicts are
** unknown (bc_live_decide says why).
*/
struct bc_live_graph;
struct bc_vm;
struct bc_store;
struct bc_live_graph *bc_live_graph_new(const struct bc_program *p,
                                        unsigned nw);
void bc_live_graph_free(struct bc_live_graph *g);
/*
** The graph for the exposure windows too (window.h, bc_window_from_graph),
** called before any state is recorded: each state's bits include which
** window predicates hold; with 'only', those alone (the liveness
** constraints are not evaluated, the graph is not for bc_live_decide).
** A runtime error in a window predicate is not the search's: the part
** notes it (bc_live_graph_window_failed) and the windows are computed by
** their own pass instead.
*/
void bc_live_graph_windows(struct bc_live_graph *g, bool only);
bool bc_live_graph_window_failed(const struct bc_live_graph *g);
/* Does window w's predicate hold in global state 'id'? */
bool bc_live_graph_in_window(const struct bc_live_graph *g, uint32_t id,
                             size_t w);
/* One past the highest global id recorded (ids in between may be gaps:
** no state), and the initial state's id. */
size_t bc_live_graph_size(const struct bc_live_graph *g);
uint32_t bc_live_graph_init(const struct bc_live_graph *g);
/*
** The graph is the symmetry-reduced quotient (the search stores canonical
** states) and is for bc_live_decide_quotient: a runtime error in a
** liveness predicate is then that pass's to report, noted, not returned.
*/
void bc_live_graph_quotient(struct bc_live_graph *g);
/*
** The graph keeps some of each state's moves only (the liveness pass
** under --por): each edge records its transition number (_reserve_how
** instead of _reserve), and the decision reads enabledness from every
** move, not from the edges. Called before any state is recorded.
*/
void bc_live_graph_hows(struct bc_live_graph *g);
void bc_live_graph_reserve_how(struct bc_live_graph *g, unsigned w,
                               uint32_t how);
/* Was bc_live_graph_hows called? */
bool bc_live_graph_reduced(const struct bc_live_graph *g);
/* The transition numbers of global state 'id''s edges (as many as
** bc_live_graph_succ's), or NULL when every move is an edge, in order. */
const uint32_t *bc_live_graph_edge_hows(const struct bc_live_graph *g,
                                        uint32_t id);
/* Part w and 'store' share 'share' bytes (0: no limit). */
void bc_live_graph_budget(struct bc_live_graph *g, unsigned w,
                          struct bc_store *store, size_t share);
/* A new state (worker w, local id; readable up to its size rounded up to
** 8 bytes: bc_vm_eval_padded): 0, or -1 after a runtime error in a
** predicate (vm->err says which). */
int bc_live_graph_state(struct bc_live_graph *g, unsigned w, uint32_t local,
                        struct bc_vm *vm, const uint8_t *state);
void bc_live_graph_expand(struct bc_live_graph *g, unsigned w,
                          uint32_t local);
/* One more successor of the state being expanded. */
void bc_live_graph_reserve(struct bc_live_graph *g, unsigned w);
void bc_live_graph_done(struct bc_live_graph *g, unsigned w, uint32_t local);
/*
** The explorer's fast path (no symmetry) records a state's edges in one
** call instead of _expand, n times _reserve and _done: worker w's local
** state 'local' was expanded, with 'n' successors. Their targets are
** written later, into _tail, by the store's batch insert (one worker) or
** by the parent's worker (several: as _edge, fill_edges in explore.c).
*/
void bc_live_graph_expanded(struct bc_live_graph *g, unsigned w,
                            uint32_t local, uint32_t n);
/* The last 'n' edges of part w (those of the successors generated since
** the explorer's last batch, in order), for their targets (global ids),
** or NULL when the part was dropped. Valid until the next _expanded or
** _state of part w, or a _drop. */
uint32_t *bc_live_graph_tail(struct bc_live_graph *g, unsigned w, size_t n);
/* The initial state's global id (0 unless the explorer says otherwise). */
void bc_live_graph_initial(struct bc_live_graph *g, uint32_t id);
/* Successor number 'how' of global state 'parent' is global state 't';
** called by the parent's worker. */
void bc_live_graph_edge(struct bc_live_graph *g, uint32_t parent,
                        uint32_t how, uint32_t t);
/* Worker w's store ran out of its share: drop part w (and so the graph),
** giving the store its whole share back. False when part w held nothing
** (it was dropped already, or has no budget): the store is really full. */
bool bc_live_graph_drop(struct bc_live_graph *g, unsigned w);
/* Why the graph cannot be used (a part was dropped), or NULL. */
const char *bc_live_graph_lost(const struct bc_live_graph *g);

/* Where the recorded states and their BFS links are, and what the pass
** may still use. */
struct bc_live_src {
  void *ctx;
  void (*link)(void *ctx, uint32_t id, uint32_t *parent, uint32_t *how);
  const void *(*state)(void *ctx, uint32_t id); /* its bytes */
  /* the id of a canonical state, or BC_NO_STATE (not a state: cannot
  ** happen); for the symmetry-reduced graph (live_sym.c), else NULL */
  uint32_t (*find)(void *ctx, const uint8_t *state);
  size_t held;     /* bytes the caller keeps meanwhile (the stores), of
                   ** --max-memory */
  double deadline; /* CLOCK_MONOTONIC seconds the pass must stop at, or 0 */
};

/* The successors of global state 'id' in the graph: *ret_n ids. */
const uint32_t *bc_live_graph_succ(const struct bc_live_graph *g, uint32_t id,
                                   uint32_t *ret_n);

/*
** Decide the liveness constraints of 'r' on a complete recorded quotient
** as bc_live_check's symmetry-reduced pass does, with the same verdicts,
** lassos and fallback to the unreduced pass, without exploring it again:
** the graph is renumbered in that pass's order (g's parts are freed),
** the states are read from 'src' (src->find required) through that
** numbering. Before a fallback to the unreduced pass, release(src->ctx)
** frees the search's stores. False (nothing done) when the graph cannot
** serve: then bc_live_check decides.
*/
bool bc_live_decide_quotient(struct bc_live_graph *g,
                             const struct bc_live_src *src,
                             void (*release)(void *ctx),
                             const struct bc_explore_opts *o,
                             struct bc_run *r);
/* Decide the liveness constraints of 'r' on a complete recorded graph.
** --max-memory bounds the graph, src->held and the decomposition's
** arrays together; --time-limit (src->deadline) and SIGINT/SIGTERM
** (bc_explore_signal) stop it too. A stop leaves the verdicts not yet
** decided unknown with a note and r->complete false. */
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
