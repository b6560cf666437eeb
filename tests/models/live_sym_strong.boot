# Liveness on the symmetry-reduced graph (docs/liveness.md, "Symmetry"):
# strong fairness of a process outside the family, next to members that
# permute one another forever.
#
# A weakly fair toggler flips `flag` forever; the strongly fair k waits
# for flag = 1 and sets `got`; two weakly fair members flip their own
# `done` forever. States: flag 2 x got 2 x members 2^2 = 16 without
# symmetry, 2 x 2 x 3 = 12 with (none, one or both done).
#
# E: every cycle without `got` has the toggler moving, so flag = 1
# infinitely often: k is enabled infinitely often and never taken, which
# strong fairness rules out (the removal of the states where k is enabled
# leaves no cycle with the toggler in it, which weak fairness needs). So E
# holds. With k only weakly fair (tests/test_live.c) it is disabled at
# flag = 0 infinitely often and E is violated.
# bootcheck-test: => exit=0 states=12
# bootcheck-test: --no-symmetry => exit=0 states=16
# bootcheck-test: --fingerprint => exit=0 states=12
spec live_sym_strong;
const N = 2;
var flag : 0..1 = 0;
var got : bool = false;
var done[i in 1..N] : bool;
fair process toggler { t: flag := 1 - flag; goto t; }
fair+ process k { g: await flag == 1; got := true; }
fair process w[i in 1..N] symmetric { s: done[i] := not done[i]; goto s; }
constraint E "k gets through": eventually got;
expect: holds;
