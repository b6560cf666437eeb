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

#include <stdbool.h>
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
  /* incremental canonicalisation (bc_sym_parent): the parent state, the
  ** keys of its packed families (families one after another; pok:
  ** the family's keys are packed, i.e. usable), and which instances are
  ** twins of the instance before them (per global instance) */
  const uint8_t *parent;
  uint64_t *pk;         /* read when needed: valid where pkst == pstamp */
  uint32_t *pkst, pstamp;
  bool *pok;
  /* families small enough to read whole (BC_SYM_EAGER): the runs of
  ** equal keys, per family: rsm, bit j set where a run starts (words of
  ** each family one after another), pre, per word the runs started in
  ** the family's words before it, rsl, the runs' starts (and the number of
  ** members after the last; families one after another, n + 1 entries
  ** each), rkl, the runs' keys. hib, rcp: per permuted field, the top bit
  ** of every element in a word and 2^32 / width rounded up (a division by
  ** the width as a product) */
  bool *eager;
  uint64_t *rsm, *hib;
  uint32_t *pre, *rsl;
  uint64_t *rkl;
  uint64_t *rcp;
  void *incs;           /* per family, symmetry.c's struct inc */
  size_t eager_max;     /* BC_SYM_EAGER; the tests set it to try both ways */
  uint8_t *twins;
  /* per successor: the words that differ from the parent, the changed
  ** members (cm, their new keys nk), per member a stamp and an index */
  uint32_t *dw;
  uint64_t *dx;         /* ... and their XOR */
  /* per permuted field, the end of its last member's element; per family
  ** and state word w, the family's fields (k) with bits in the word:
  ** wfk[wfo[w]] .. wfk[wfo[w + 1] - 1], wfo per family nwords + 1 long */
  uint32_t *c1, *wfo, *wfk;
  uint8_t *ksh;         /* per permuted field: the widths after it in a key */
  uint16_t *kf;         /* per family, 64 entries: the field at a key's bit */
  uint32_t *cm;
  uint64_t *nk, *nks;
  uint32_t *mark, *cidx, stamp, maxn;
  uint32_t *ups;
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

/*
** Incremental canonicalisation. bc_sym_parent records 'parent' (a canonical
** state, which must stay unchanged until bc_sym_parent(p, sc, NULL)) and
** its members' sorted keys, and the twins of every instance (sc->twins: 1
** when the instance's permuted fields equal those of the instance before
** it in the same symmetric family), once per expanded state: for a family
** read whole (BC_SYM_EAGER), as its runs of equal keys, in time that
** depends on the words of its fields and on the runs, plus one byte per
** member for the twins. bc_sym_canon_succ then canonicalises a successor
** of it in place, byte-identical to bc_sym_canon(p, st, sc, NULL), in time
** that depends on how many members the step changed and how many runs the
** new key crosses, not on how many members there are (a step that changes
** many falls back to bc_sym_canon's sort).
*/
void bc_sym_parent(const struct bc_program *p, struct bc_sym_scratch *sc,
                   const uint8_t *parent);
void bc_sym_canon_succ(const struct bc_program *p, uint8_t *st,
                       struct bc_sym_scratch *sc);

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
