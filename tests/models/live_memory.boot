# --max-memory bounds the liveness graph (docs/liveness.md, Limits): the
# states fit, the graph does not, so the safety search completes and its
# verdicts stand while the liveness verdict is unknown (exit 3).
#
# States: N = 10 independent bits, each process sets, clears or keeps its
# own bit forever: 2^10 = 1024 states, 30 edges each (30,720 edges, over
# 120 KB for the graph against about 40 KB for the stored states).
#   A1 always true               holds
#   E1 eventually all bits set   violated: a process may clear its bit
#                                forever (no fairness)
# bootcheck-test: => exit=0 states=1024
# bootcheck-test: --workers {2,3} => exit=0 states=1024
# bootcheck-test: --max-memory 100K --workers {1,2,3} => exit=3 states=1024
spec live_memory;
const N = 10;
var b[i in 1..N] : bool;
process t[i in 1..N] {
  f: either { b[i] := true; } or { b[i] := false; } or { skip; }
     goto f;
}
constraint A1 "nothing bad": always true;
constraint E1 "all bits set": eventually forall i in 1..N: b[i];
expect: violates E1;
