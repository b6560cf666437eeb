# Finite runs: a run that ends (every process has ended) counts, as in
# SPIN, as its last state repeated forever.
#
# States: x = 0 at a; then x = 1 or x = 2, ended. 3 states.
#   E1 eventually x = 1      violated: the run that picks 2 ends (1 step)
#   A1 always eventually x > 0   holds: every run ends with x > 0
#   L1 x = 2 ~> x = 1        violated: the same run (x = 2 from step 1)
#   L2 x = 0 ~> x > 0        holds: the one step is taken (the run is
#                            maximal)
# bootcheck-test: => exit=0 states=3
# bootcheck-test: --workers {2,3} => exit=0 states=3
spec live_ends;
var x : 0..2 = 0;
process p { a: either { x := 1; } or { x := 2; } }
constraint E1 "x eventually 1": eventually x == 1;
constraint A1 "x positive infinitely often": always eventually x > 0;
constraint L1 "2 leads to 1": x == 2 ~> x == 1;
constraint L2 "0 leads to positive": x == 0 ~> x > 0;
expect: violates E1, L1;
