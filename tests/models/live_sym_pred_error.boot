# A runtime error in a liveness predicate of a symmetric spec: the
# symmetry-reduced liveness pass (live.c, pass_error) stops the run with
# it, exit 2 and a shortest run to a state where it fails, with or
# without --por.
# States: N = 3 counters modulo 4, each member increments its own
# forever; x[c[k]] is out of range (0..2) once some counter is 3, 3 steps
# from the start. The orbits: multisets of 3 values in 0..3, C(6, 3) =
# 20; without symmetry 4^3 = 64. The safety search has no constraint to
# stop it and explores them all.
# bootcheck-test: => exit=2 states=20
# bootcheck-test: --por => exit=2 states=20
# bootcheck-test: --por --no-symmetry => exit=2 states=64
# bootcheck-test: --no-symmetry => exit=2
# bootcheck-test: --no-liveness => exit=0 states=20
spec live_sym_pred_error;
const N = 3;
var c[i in 1..N] : 0..3;
var x[j in 0..2] : bool;
process t[i in 1..N] symmetric {
  up: if c[i] == 3 then c[i] := 0; else c[i] := c[i] + 1;
      goto up;
}
constraint E1 "x at a counter's value":
  eventually (exists k in 1..N: x[c[k]]);
