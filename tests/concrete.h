/*
** concrete.h - is a trace a real execution? For unit tests of the
** reductions, which must keep counterexamples concrete.
*/
#ifndef BOOTCHECK_TESTS_CONCRETE_H
#define BOOTCHECK_TESTS_CONCRETE_H

#include <stdbool.h>
#include <string.h>

#include "bootcheck/explore.h"
#include "model/vm.h"

struct find_ctx {
  const uint8_t *want;
  size_t nbytes;
  unsigned inst;
  int ci;          /* a constraint the move must violate, or -1 */
  bool found;
};

static int find_succ(void *ctx, const uint8_t *succ, unsigned inst,
                     unsigned step, const uint64_t *viol) {
  struct find_ctx *f = ctx;
  (void)step;
  if (inst == f->inst && !memcmp(succ, f->want, f->nbytes) &&
      (f->ci < 0 || (viol && ((viol[f->ci / 64] >> (f->ci % 64)) & 1))))
    f->found = true;
  return f->found;
}

/*
** The first step of 't' (from the initial state, in configuration
** 'choice') that is not a move of the instance it names, as its index
** (0-based), or -1 when every step is one. With 'ci' >= 0 the last step
** must also violate constraint 'ci'.
*/
static inline long first_unreal_step(const struct bc_program *p,
                                     const unsigned *choice,
                                     const struct bc_trace *t, int ci) {
  struct bc_vm vm;
  long bad = -1;
  size_t nb = p->state_bytes;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  if (memcmp(t->states, p->init, nb) != 0)
    bad = 0;
  for (size_t i = 0; i < t->len && bad < 0; i++) {
    struct find_ctx f = {t->states + (i + 1) * nb, nb, t->steps[i].inst,
                         i + 1 == t->len ? ci : -1, false};
    bc_vm_successors(&vm, t->states + i * nb, find_succ, &f);
    if (!f.found)
      bad = (long)i;
  }
  bc_vm_release(&vm);
  return bad;
}

#endif /* BOOTCHECK_TESTS_CONCRETE_H */
