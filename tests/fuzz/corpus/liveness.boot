# Weak against strong fairness: a toggler flips x forever, a taker waits
# for x = 1 (a step that is enabled infinitely often, but not
# continuously).
#
# States (x, pc(taker), got), by hand: (0, g, false) -> toggle ->
# (1, g, false) -> toggle -> back; from (1, g, false) the taker gives
# (1, end, true), which toggles with (0, end, true). 4 states.
#
# The taker is weakly fair (STRONG false): the cycle of the two states
# with taker at g passes x = 0, where the taker is disabled, so the run
# that toggles forever is weakly fair and never takes: E1 violated (a
# lasso of 0 steps and a cycle of 2); L1 (x = 1 ~> got) too.
# tests/models/live_strong.boot makes it strongly fair.
# bootcheck-test: => exit=0 states=4
# bootcheck-test: --workers {2,3} => exit=0 states=4
# bootcheck-test: --no-symmetry --fingerprint => exit=0 states=4
spec live_weak_strong;
var x : 0..1 = 0;
var got : bool = false;
process toggler { t: x := 1 - x; goto t; }
fair process taker { g: await x == 1; got := true; }
constraint E1 "the taker eventually takes": eventually got;
constraint L1 "x = 1 leads to got": x == 1 ~> got;
constraint A1 "x is 1 infinitely often": always eventually x == 1;
expect: violates E1, L1;
