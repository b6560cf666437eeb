# Fairness per step: only the setter's second step is fair.
#
# States (pc(setter), flag, pc(waiter), seen), by hand: setter at a or s
# or ended, the waiter at w (spinning) until the flag is up, then d, then
# ended with seen. With the flag down: (a, w), (s, w); then (end, w),
# (end, d), (end, end): 5 states.
#
# The waiter can spin at w while the setter sits at a: step a is not
# fair, so the run is fair (step s is disabled there). E1 violated, a
# lasso of 0 steps and the cycle w. Once the setter is at s, the spin is
# unfair (s enabled throughout, never taken): so from (s, w) every fair
# run raises the flag, and L1 (at s ~> seen) holds.
# bootcheck-test: => exit=0 states=5
spec live_step_fair;
var flag : bool = false;
var seen : bool = false;
process setter { a: skip; fair s: flag := true; }
process waiter {
  w: if flag then goto d; else goto w;
  d: seen := true;
}
constraint E1 "the waiter eventually sees the flag": eventually seen;
constraint L1 "the setter at s leads to seen": at_label(setter.s) ~> seen;
expect: violates E1;
