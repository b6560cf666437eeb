# A liveness graph without a single edge: the one process waits from the
# start for what never happens, so the search records one state and no
# transition. Found by fuzz_check (UBSan: arithmetic on the graph's null
# edge array, checker/explore/live.c). The taker is stuck at g: a
# deadlock, and E1 and A1 are violated by the run that stays there (a
# lasso of 0 steps); L1 holds (x is never 1).
# bootcheck-test: => exit=0 states=1
# bootcheck-test: --workers {2,3} => exit=0 states=1
# bootcheck-test: --no-symmetry --fingerprint => exit=0 states=1
# bootcheck-test: --por => exit=0 states=1
spec live_no_edge;
var x : 0..1 = 0;
var got : bool = false;
fair process taker { g: await x == 1; got := true; }
constraint E1 "the taker eventually takes": eventually got;
constraint L1 "x = 1 leads to got": x == 1 ~> got;
constraint A1 "x is 1 infinitely often": always eventually x == 1;
expect: violates E1, A1, deadlock;
