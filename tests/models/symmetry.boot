# Symmetry reduction: three interchangeable workers, each a: skip then
# b: flag[i] := true. Without reduction 3^3 = 27 states; with it, states
# that differ only by renaming workers count once: the multisets of 3 local
# states out of 3, C(5,3) = 10. The verdict and the counterexample length
# (6 steps) are the same either way, and the trace is concrete.
# bootcheck-test: => exit=0 states=10
# bootcheck-test: --no-symmetry => exit=0 states=27
# bootcheck-test: -D N=4 => exit=0 states=15
# bootcheck-test: -D N=4 --no-symmetry => exit=0 states=81
spec symmetry;
const N = 3;
var flag[i in 1..N] : bool;
var seen : bool;
process w[i in 1..N] symmetric {
  a: skip;
  b: flag[i] := true;
     if exists j in 1..N: j != i and flag[j] then seen := true;
}
constraint C "not every flag is set": always not (forall i in 1..N: flag[i]);
constraint S "a worker that moves second sees the first":
  at w.b: (exists j in 1..N: flag[j]) => true;
expect: violates C;
