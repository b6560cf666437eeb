# Liveness without fairness: a waiter spins on a flag that a setter raises.
#
# States (flag, pc(setter), pc(waiter), seen), counted by hand: the
# initial state (false, s, w, false); the waiter's spin w -> w is a
# self-loop there; the setter gives (true, end, w, false); the waiter then
# moves to d (true, end, d, false) and sets seen (true, end, end, true).
# 4 states.
#
# Runs are maximal (docs/liveness.md): without fairness the run that spins
# at w forever while the setter, enabled all along, never moves is a run.
#   E1 eventually seen          violated: a lasso of 0 steps, then the
#                               cycle w (1 step) forever
#   A1 always eventually seen   violated: the same lasso
#   L1 flag ~> seen             holds: once the flag is up the setter has
#                               ended and only the waiter can move, which
#                               it must until seen
# tests/models/live_spin_fair.boot is the same with a fair setter.
# bootcheck-test: => exit=0 states=4
# bootcheck-test: --workers 2 => exit=0 states=4
# bootcheck-test: --no-liveness => exit=0 states=4
# bootcheck-test: --por => exit=0
spec live_spin;
var flag : bool = false;
var seen : bool = false;
process setter { s: flag := true; }
process waiter {
  w: if flag then goto d; else goto w;
  d: seen := true;
}
constraint E1 "the waiter eventually sees the flag": eventually seen;
constraint A1 "seen holds infinitely often": always eventually seen;
constraint L1 "the flag leads to seen": flag ~> seen;
expect: violates E1, A1;
