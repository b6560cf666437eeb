# Liveness under --por: the pass keeps a stubborn set's moves only
# (docs/reductions.md, "Liveness under --por").
#
# p and q, both weakly fair, each take two steps; E1 and L1 read only p's
# a. Unreduced: (a, b) in 0..2 x 0..2, 9 states. Reduced: q's steps write
# nothing a liveness predicate reads, so {q} is a stubborn set while q
# has a step: (0,0) -> (0,1) -> (0,2); then p alone, visible, every step:
# (1,2) -> (2,2). 5 states. E1 and L1 hold (no cycle; the run ends with
# a = 2); E3 (`always eventually a == 0`) is violated: every run ends
# with a = 2. A predicate on b would make q's steps visible too: no
# reduction.
# bootcheck-test: => exit=0 states=9
# bootcheck-test: --por => exit=0 lstates=5
# bootcheck-test: --por --fingerprint => exit=0 lstates=5
spec live_por_indep;
var a : 0..2 = 0;
var b : 0..2 = 0;
fair process p { p0: a := 1; p1: a := 2; }
fair process q { q0: b := 1; q1: b := 2; }
constraint E1 "p finishes": eventually a == 2;
constraint L1 "a = 1 leads to a = 2": a == 1 ~> a == 2;
constraint E3 "a is 0 infinitely often": always eventually a == 0;
expect: violates E3;
