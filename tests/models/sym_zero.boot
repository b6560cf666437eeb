# A symmetric family numbered from 0, with `self` in a placement, an `at`
# check on `self`, and a `for` over its members (independent iterations).
# The BSP's self (0) is inside the family's range, which is fine since it
# reaches no hook of P.
# Counted by hand, N = 3. Each AP is at boot (up or not), look (up) or
# ended (up). BSP before its sweep: an AP is up iff past boot, and can end
# only once all are up: 2^3 + (2^3 - 1) = 15; after the sweep all are up:
# 3^3 = 27; 42 states. Up to renaming: 4 + 3 and C(5,3) = 10, 17.
# N = 2: 4 + 3 + 9 = 16 and 3 + 2 + 6 = 11. E is violated once every AP
# has booted: 3 steps (2).
# bootcheck-test: => exit=0 states=17
# bootcheck-test: --no-symmetry => exit=0 states=42
# bootcheck-test: -D N=2 => exit=0 states=11
# bootcheck-test: -D N=2 --no-symmetry => exit=0 states=16
spec sym_zero;
const N = 3;
var up[c in 0..N-1] : bool;
process ap[i in 0..N-1] symmetric {
  boot: hook H;
  look: await forall j in 0..N-1: up[j];
}
process bsp { go: for c in 0..N-1 { up[c] := true; } }
placement P at H { up[self] := true; }
constraint A "an AP looks only once it is up": at ap.look: up[self];
constraint E "the APs are not all up before the BSP's sweep":
  always not (at_label(bsp.go) and forall c in 0..N-1: up[c]);
expect: violates E;
