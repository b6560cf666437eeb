/*
 * mutex.pml - SPIN peer of mutex.boot (test-and-set lock, N processes).
 *
 * Kept step-for-step equal to mutex.boot (see README.md):
 *  - one `atomic { guard -> effects }` per bootcheck step, labelled like the
 *    step; the guard is the step's `await`, and nothing after the guard can
 *    block, so each atomic runs to its end in one transition (pan stores no
 *    state inside an atomic sequence);
 *  - SPIN's own program counter is bootcheck's: the label the process runs
 *    next; `either` is an `if` inside the atomic (both options explored);
 *  - `always P` is asserted at the end of every step (the initial state
 *    satisfies it: in_cs = 0);
 *  - `active [N] proctype`, no init/run.
 *
 * spin -DN=3 -DRACY=1 -a mutex.pml
 */
#ifndef N
#define N 2
#endif
#ifndef RACY            /* 1: test and set in two steps (violates MUTEX) */
#define RACY 0
#endif

/* CHECK(k, e): constraint number k must hold; pan prints "((k<0)||...)" */
#define CHECK(k, e) assert(k < 0 || (e))
#define MUTEX CHECK(1, in_cs <= 1)   /* constraint MUTEX: always in_cs <= 1 */

bool lock;
byte in_cs;

active [N] proctype p() {
ncs:     atomic { skip; MUTEX };
test:    atomic { !lock ->
                  if
                  :: !RACY -> lock = true
                  :: else
                  fi;
                  MUTEX };
enter:   atomic { lock = true; in_cs++; MUTEX };
release: atomic { lock = false; in_cs--; MUTEX;
                  if                      /* either { goto ncs } or { goto test } */
                  :: goto ncs
                  :: goto test
                  fi }
}
