/*
 * prodcons.pml - SPIN peer of prodcons.boot (bounded buffer as a counter,
 * N producers and N consumers, ITEMS items each).
 *
 * Kept step-for-step equal to prodcons.boot (see README.md):
 *  - one `atomic { guard -> effects }` per bootcheck step, labelled like the
 *    step; the guard is the step's `await`; nothing after it can block;
 *  - `if made < ITEMS then goto produce;` is an `if` inside the step's
 *    atomic, whose `goto` leaves the atomic: no extra state;
 *  - a process that runs off its last step (bootcheck: "ended") blocks for
 *    ever at `end_*: false` instead of reaching its closing brace, so SPIN
 *    never removes it from the state vector (see README.md, correction S1);
 *    the `end_` prefix makes that a valid end state, so "invalid end state"
 *    is exactly bootcheck's deadlock (some process stuck at an await);
 *  - `active [N] proctype`, no init/run; locals are per-instance state, as
 *    bootcheck's family-local `var`s.
 *
 * spin -DN=3 -DCAP=2 -DITEMS=2 -DEXTRA=1 -a prodcons.pml
 */
#ifndef N
#define N 2
#endif
#ifndef CAP
#define CAP 2
#endif
#ifndef ITEMS
#define ITEMS 2
#endif
#ifndef EXTRA           /* 1: each consumer wants one item more (deadlock) */
#define EXTRA 0
#endif

byte count;

active [N] proctype prod() {
  byte made;
produce: atomic { made++ };
put:     atomic { count < CAP ->
                  count++;
                  if
                  :: made < ITEMS -> goto produce
                  :: else
                  fi };
end_p:   false          /* ended */
}

active [N] proctype cons() {
  byte got;
get:     atomic { count > 0 -> count--; got++ };
consume: atomic { if
                  :: got < ITEMS + EXTRA -> goto get
                  :: else
                  fi };
end_c:   false          /* ended */
}
