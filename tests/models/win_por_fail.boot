# A window predicate that fails at run time in a state only reached after
# the window has closed for good: the pass must still reach it, with or
# without --por (checker/explore/window.c, pred_may_fail: a predicate that
# may fail leaves no state unexpanded under --por). `a[idx]` is out of
# range once `late` sets idx to 3, after pin; the predicate evaluates it
# first, so every pass meets the error and the window is unknown (`?`),
# where a pass that stopped at `not pinned` false for good would have
# reported 1 step.
# Without reduction: boot at arm, pin, late, ended: 4 states.
# bootcheck-test: => window=W:?
# bootcheck-test: --por => window=W:?
# bootcheck-test: --por --no-symmetry => window=W:?
spec win_por_fail;
var armed : bool = false;
var pinned : bool = false;
var idx : 0..3 = 0;
var a[c in 0..1] : bool = false;
process boot {
  arm: armed := true;
  pin: pinned := true;
  late: idx := 3;
}
window W "armed, not pinned": (a[idx] or armed) and not pinned;
