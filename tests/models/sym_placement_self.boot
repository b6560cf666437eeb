# `self` in a placement of a spec with a symmetric family: the instance
# whose step reaches the hook, a member index of `ap` (the BSP reaching G
# has self = 0, outside 1..N, which no renaming moves).
# Counted by hand, N = 3. P at H: each AP at boot, online (up) or ended,
# the BSP at b or ended: 3^3 x 2 = 54; up to renaming C(5,3) x 2 = 20.
# P at G: no AP comes up, each at boot or online: 2^3 x 2 = 16, up to
# renaming 4 x 2 = 8; C is never reached and the APs deadlock.
# bootcheck-test: => exit=0 states=H:20,G:8
# bootcheck-test: --no-symmetry => exit=0 states=H:54,G:16
spec sym_placement_self;
const N = 3;
var up[c in 0..N] : bool;
process ap[i in 1..N] symmetric { boot: hook H; online: await up[i]; }
process bsp { b: hook G; }
placement P at H, G { up[self] := true; }
constraint C "every AP can come up": reachable forall c in 1..N: up[c];
expect P at H: holds;
expect P at G: violates C, deadlock;
