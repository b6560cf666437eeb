# A runtime error in a liveness predicate is the search's, found in the
# new states of a level as an `always` constraint's (explore.c, on the
# batch path: no symmetric family): exit 2, with the shortest run to it.
#
# States: N = 4 counters modulo 4, t[i] increments c[i] forever. The
# predicate x[c[1] + c[2]] is out of range (0..5) where c[1] = c[2] = 3,
# 6 steps from the start at least. The search stops after the level that
# found it: the states of depth 6 and less, the number of (c[1], ...,
# c[4]) in 0..3 with a sum of 6 or less, 1 + 4 + 10 + 20 + 31 + 40 + 44 =
# 150; the error's run has 6 steps. Without liveness: 4^4 = 256 states.
# bootcheck-test: => exit=2 states=150
# bootcheck-test: --workers {2,3} => exit=2 states=150
# bootcheck-test: --engine interp => exit=2 states=150
# bootcheck-test: --no-liveness => exit=0 states=256
# With --por the safety search does not record the graph (it runs whole:
# 256 states, no constraint to reduce against) and the liveness pass
# meets the error: the same exit 2 and a shortest run to it (that pass
# is breadth first), not an unknown verdict.
# bootcheck-test: --por => exit=2 states=256
# bootcheck-test: --por --workers 2 => exit=2 states=256
spec live_pred_error;
const N = 4;
var c[i in 1..N] : 0..3;
var x[j in 0..5] : bool;
process t[i in 1..N] {
  up: if c[i] == 3 then c[i] := 0; else c[i] := c[i] + 1;
      goto up;
}
constraint E1 "x at the sum of counters 1 and 2": eventually x[c[1] + c[2]];
