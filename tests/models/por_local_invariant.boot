# Per-instance invariants under partial-order reduction. Each AP moves its
# own x[i] through 1, 2, 0; the invariant `forall c: x[c] != 2` is a
# conjunction of properties of one AP's own state each, so writing x[i] does
# not make an AP's steps visible (checker/por.c): with --por the APs run one
# after the other, 1 + 3 * 3 = 10 states instead of 4^3 = 64, and the
# violation (an AP between b and c) is still found, in either mode.
# The second invariant relates two APs (x[c] and x[c + 1]): its steps stay
# visible, so it is checked on every interleaving (-D PAIR=true: 64 states
# with --por too, and both violations found).
# bootcheck-test: => exit=1 states=64
# bootcheck-test: --por => exit=1 states=10
# bootcheck-test: -D PAIR=true => exit=1 states=64
# bootcheck-test: -D PAIR=true --por => exit=1 states=64
spec por_local_invariant;
const N = 3;
const PAIR = false;
var x[c in 1..N] : 0..2;
process ap[i in 1..N] { a: x[i] := 1; b: x[i] := 2; c: x[i] := 0; }
constraint Own "no AP's x is 2": always forall c in 1..N: x[c] != 2;
constraint Pair "no two neighbours at 2 together":
  always forall c in 1..N - 1: not (PAIR and x[c] == 2 and x[c + 1] == 2);
