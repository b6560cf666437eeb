# Found by tests/difftest (seed long2, spec 526; minimised by run.py).
# Issue 11 part 2, variant: the `for` over member indices is in a
# placement body (no process of the family runs it), and it passes a fact
# from one iteration to the next through g0. Configurations P0@h2,P1@h1
# and P0@h0,P1@h1: without reduction 100 states; 44 orbits under
# renaming; bootcheck 4cbd83a reports 39 (reachable orbits missed).
spec sym_for_placement;
const N = 3;
const K = 1;
const FLAG = false;
const M = (K + 1);
enum E { A, B, C }
enum F { X, Y }
var g0 : bool = true;
var m0[c in 0..N] : set of E = {A, C};
process p0 {
  p0s0:
}
process f[i in 1..N] symmetric {
  fs0:
    hook h1;
  fs2:
    hook h0;
    hook h2;
}
placement P0 at h2, h0 { }
placement P1 at h1 {
  for k11 in 1..N {
    if g0 {
      m0[k11] := ({A, B, C} * {A, B});
    }
    g0 := at_label(p0.p0s0);
  }
}
