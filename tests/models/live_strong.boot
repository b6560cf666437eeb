# tests/models/live_weak_strong.boot with a strongly fair taker.
#
# The same 4 states. The cycle (0, g, false) <-> (1, g, false) has the
# taker enabled at x = 1 and never taken: strong fairness rules it out
# (once those states are removed, what is left of the component has no
# cycle). Every fair run takes: E1, L1 hold; A1 holds as before (the
# toggler runs forever and is the only process left).
# bootcheck-test: => exit=0 states=4
spec live_strong;
var x : 0..1 = 0;
var got : bool = false;
process toggler { t: x := 1 - x; goto t; }
fair+ process taker { g: await x == 1; got := true; }
constraint E1 "the taker eventually takes": eventually got;
constraint L1 "x = 1 leads to got": x == 1 ~> got;
constraint A1 "x is 1 infinitely often": always eventually x == 1;
expect: holds;
