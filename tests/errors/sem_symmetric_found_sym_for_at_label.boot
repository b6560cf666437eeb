# Found by tests/difftest (seed 8, spec 84; minimised by run.py).
# Issue 11 part 2, variant: a `for` over member indices in a single
# process copies at_label(f.fs1[k1]) into g0; the last iteration wins, so
# g0 says where member N is. Configurations h1 and h2: without reduction
# 34 states; 23 orbits; bootcheck 4cbd83a reports 21.
spec sym_for_at_label;
const N = 2;
const K = 1;
const FLAG = true;
const M = (K + 1);
enum E { A, B, C }
enum F { X, Y }
var g0 : bool;
var m1[c in 1..N] : bool;
process p0 {
  p0s0:
    hook h0;
    for k1 in 1..N {
      g0 := at_label(f.fs1[k1]);
    }
}
process f[i in 1..N] symmetric {
  fs0:
    with w2 in 1..N {
      m1[w2] := (C \notin {A, B, C});
    }
    hook h1;
    hook h2;
  fs1:
    m1[self] := true;
}
placement P0 at h0, h1, h2 {
  g0 := (1 > 3);
}
