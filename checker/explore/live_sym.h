/*
** live_sym.h - liveness under fairness on the symmetry-reduced graph
** (checker/explore/live_sym.c; docs/liveness.md, "Symmetry").
**
** live.c's own pass explores the quotient (canonical states, twins' moves
** left out) when the spec has a symmetric family and the provisos hold;
** its decomposition is the same, with two hooks here: which fairness units
** of members a component satisfies (through the permutations its edges
** apply), and the concrete lasso of a violation (built and replayed here;
** when it cannot be, live.c falls back to its unreduced pass).
*/
#ifndef BOOTCHECK_LIVE_SYM_H
#define BOOTCHECK_LIVE_SYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

/* A fairness unit: the steps of one instance (step -1: all of them; else
** the process's step number, 0-based). */
struct bc_live_unit {
  unsigned inst;
  int step;
  bool strong;
};

struct bc_live_graph;
struct bc_store;
struct bc_native;
struct bc_live_sym;

/*
** May the liveness constraints of 'p' be decided on the quotient? NULL
** when they may, else why not (a strongly fair unit of a member of a
** symmetric family). The other conditions are the compiler's: every
** member is renamed by every permutation, liveness predicates included.
*/
const char *bc_live_sym_refusal(const struct bc_program *p);

/* The state of the hooks for one configuration: 'src' gives the
** canonical states by id (ids as in 'g') and finds them (live.h). */
struct bc_live_src;
struct bc_live_sym *bc_live_sym_new(const struct bc_program *p,
                                    const unsigned *choice,
                                    const struct bc_native *native,
                                    const struct bc_live_src *src,
                                    const struct bc_live_graph *g,
                                    const struct bc_live_unit *units,
                                    size_t nunits);
void bc_live_sym_free(struct bc_live_sym *S);

/*
** Component C (nc canonical ids; t is in it when mark[t] == stamp) of the
** quotient has a cycle. For every unit of a member of a symmetric family,
** set taken[u] and dis_some[u] for D, the concrete strongly connected
** component that holds the state C[0] itself: is u taken by an edge of D,
** is it disabled in some state of D. (The other units are fixed by every
** permutation: the caller's counts on the quotient are theirs.) False
** when the moves of C's states cannot be generated again as the search
** did (cannot happen; the caller then decides unreduced).
*/
bool bc_live_sym_units(struct bc_live_sym *S, const uint32_t *C, size_t nc,
                       const uint32_t *mark, uint32_t stamp, uint8_t *taken,
                       uint8_t *dis_some);

/*
** The concrete counterexample of constraint 'k': 'hows' (n) are the
** quotient's transition numbers from the initial state to canonical state
** a, the trigger after 'trigger' of them. With 'ends', the run ends at a;
** else a is in fair set 'fid' (fset[t] == fid) and a fair cycle is built
** in the concrete states over it. The whole lasso is replayed and checked
** (moves, goal, trigger, fairness of every unit); NULL when it cannot be
** built or does not check.
*/
struct bc_trace *bc_live_sym_lasso(struct bc_live_sym *S,
                                   const struct bc_constraint *k,
                                   const uint32_t *hows, size_t n,
                                   size_t trigger, bool ends,
                                   const uint32_t *fset, uint32_t fid);

#endif /* BOOTCHECK_LIVE_SYM_H */
