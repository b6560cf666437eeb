# Found by tests/difftest (seed long2, spec 409; minimised by run.py).
# Issue 11 part 2, variant: `self # k3` (a comparison of member indices,
# allowed) is stored in an ordinary array element; the `for` makes the
# last iteration win, so the value is "self != N". Without reduction 64
# states; 32 orbits; bootcheck 4cbd83a reports 24, and its deadlock trace
# is not an execution of the spec (step 8, f[3].fs1, is not a move).
spec sym_for_compare;
const N = 3;
const K = 2;
const FLAG = true;
const M = (K + 1);
enum E { A, B, C }
enum F { X, Y }
var arr[c in 1..K] : bool;
process p0 {
  p0s2:
    hook h0;
}
process f[i in 1..N] symmetric {
  fs0:
    hook h1;
  fs1:
    for k3 in 1..N {
      arr[(1 + (3 % K))] := (self # k3);
    }
}
placement P0 at h0, h1 { }
