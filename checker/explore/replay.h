/*
** replay.h - a counterexample rebuilt from its transition numbers, shared
** by the explorer (explore.c) and the candidates' shared search
** (shared.c), and how the end of one is chosen. Private to
** checker/explore.
*/
#ifndef BOOTCHECK_EXPLORE_REPLAY_H
#define BOOTCHECK_EXPLORE_REPLAY_H

#include "bootcheck/explore.h"
#include "model/vm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a counterexample ends: a state, or a step taken from a state. */
struct cx {
  bool found;
  bc_state_id state; /* a state id */
  uint32_t how;      /* UINT32_MAX: the state itself */
};

/* Of two ends at the same depth, the one shown: the smaller state, then
** the smaller transition number (so the choice does not depend on
** timing). */
static inline bool cx_less(const struct cx *a, const struct cx *b) {
  if (!b->found)
    return true;
  if (a->state != b->state)
    return a->state < b->state;
  return a->how < b->how;
}

/*
** The successor numbers from the initial state to state 'id' along the
** breadth-first links (link(ctx, s, &parent, &how); the root's parent is
** BC_NO_STATE), root first, in a new array with room for 'extra' more
** entries and one for bc_explore_replay; *depth is their count.
*/
typedef void (*bc_link_fn)(void *ctx, uint32_t s, uint32_t *parent,
                           uint32_t *how);
uint32_t *bc_explore_path(bc_link_fn link, void *ctx, uint32_t id,
                          size_t extra, size_t *depth);

/*
** Replay hows[0..depth) (successor numbers, root first) from p's initial
** state with 'vm' (configured by the caller), then successor 'extra' of the
** last state unless it is UINT32_MAX. 'hows' must have room for depth + 1
** entries (hows[depth] is overwritten). With 'sym' the numbers are those
** of the canonical states and the execution is mapped back to a concrete
** one; then 'pi' (NULL or room for the members + 1) receives the renaming
** of the last state. Returns the trace; the caller frees it with
** bc_trace_free.
*/
struct bc_trace *bc_explore_replay(const struct bc_program *p,
                                   struct bc_vm *vm, bool sym,
                                   uint32_t *hows, size_t depth,
                                   uint32_t extra, uint32_t *pi);

#endif /* BOOTCHECK_EXPLORE_REPLAY_H */
