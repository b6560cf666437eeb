/*
** symmetry.h - canonical states for symmetric process families, and the
** permutations that map a canonical trace back to a concrete one.
**
** A permutation is stored per family, families one after another
** (bc_sym_members entries in all): perm[m] is the canonical position of
** concrete member m.
*/
#ifndef BOOTCHECK_SYMMETRY_H
#define BOOTCHECK_SYMMETRY_H

#include <stddef.h>
#include <stdint.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

struct bc_vm;

/* Scratch space for canonicalising (allocated once per worker). */
struct bc_sym_scratch {
  uint64_t *keys;
  uint64_t *orig;       /* packed families: each member's key as found */
  uint32_t *ord;
  /* per permuted field of every family (families one after another): the
  ** bit offset of its first member's element, its stride and width */
  uint32_t *off0;
  uint8_t *stride, *width;
};

void bc_sym_scratch_init(struct bc_sym_scratch *sc,
                         const struct bc_program *p);
void bc_sym_scratch_release(struct bc_sym_scratch *sc);

/* Members of all symmetric families (the length of a permutation). */
size_t bc_sym_members(const struct bc_program *p);

/* Sort the members of every symmetric family of 'st' in place; when perm
** is not NULL, store the permutation applied. Allocates nothing. */
void bc_sym_canon(const struct bc_program *p, uint8_t *st,
                  struct bc_sym_scratch *sc, uint32_t *perm);

/* dst := the state whose canonical form under 'perm' is src: member m of
** dst is member perm[m] of src. */
void bc_sym_uncanon(const struct bc_program *p, const uint8_t *src,
                    uint8_t *dst, const uint32_t *perm);

/* pi := sigma after pi (pi[m] = sigma[pi[m]]). */
void bc_sym_compose(const struct bc_program *p, uint32_t *pi,
                    const uint32_t *sigma);

/* The concrete instance of canonical instance 'inst' under 'perm'. */
unsigned bc_sym_inst(const struct bc_program *p, unsigned inst,
                     const uint32_t *perm);

/*
** Replay transition numbers as a symmetry-reduced search numbered them:
** hows[i] is successor number hows[i] of the canonical form of the state
** before step i. Writes the concrete execution from p->init, mapped back
** through the permutations met on the way: states (len + 1 states of
** state_bytes; states[0] := p->init) and steps (len). 'vm' is the caller's,
** configured for the configuration. When ret_pi is not NULL (room for
** bc_sym_members entries) it receives the permutation of the last state
** (concrete member -> canonical position). Returns the steps replayed: len,
** or fewer if a transition number does not exist.
*/
size_t bc_sym_replay(const struct bc_program *p, struct bc_vm *vm,
                     const uint32_t *hows, size_t len, uint8_t *states,
                     struct bc_trace_step *steps, uint32_t *ret_pi);

#endif /* BOOTCHECK_SYMMETRY_H */
