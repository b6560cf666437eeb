# The liveness graph recorded by the search's batch path (explore.c: no
# symmetric family), on a graph with cycles and more states to a level
# than one batch holds; the verdicts and lassos are those of the pass of
# its own (tests/test_live.c compares them state by state).
#
# States: N = 5 counters modulo 4, t[i] increments c[i] (3 goes back to
# 0) forever: every combination is reachable, 4^5 = 1024 states, each
# with N = 5 edges (5,120 edges); the depth is 15 (every counter at 3).
# No process is fair, so a run may move one counter only, forever.
#   E1 eventually every counter is 3     violated: t[1] alone forever
#                                        (a lasso of 0 steps, then a
#                                        cycle of 4 steps)
#   E2 eventually some counter is not 0  holds: the first step makes one
#                                        so (no state ends the run)
#   L1 c[1] == 1 ~> c[1] == 2            violated: after t[1]'s first
#                                        step, t[2] alone forever
#   A1 always eventually c[1] == 0       violated: the same way
# bootcheck-test: => exit=0 states=1024
# bootcheck-test: --workers {2,3} => exit=0 states=1024
# bootcheck-test: --engine interp --workers {1,2} => exit=0 states=1024
spec live_counters;
const N = 5;
var c[i in 1..N] : 0..3;
process t[i in 1..N] {
  up: if c[i] == 3 then c[i] := 0; else c[i] := c[i] + 1;
      goto up;
}
constraint E1 "every counter at 3 at once": eventually forall i in 1..N: c[i] == 3;
constraint E2 "some counter moves": eventually exists i in 1..N: c[i] != 0;
constraint L1 "counter 1 goes on from 1": c[1] == 1 ~> c[1] == 2;
constraint A1 "counter 1 back at 0 infinitely often": always eventually c[1] == 0;
expect: violates E1, L1, A1;
