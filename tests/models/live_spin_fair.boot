# tests/models/live_spin.boot with weak fairness on the setter.
#
# The same 4 states. The only cycle is the waiter's spin at w with the
# flag down, and there the setter is enabled in every state of the cycle
# and never moves: weak fairness rules it out. Every fair run raises the
# flag, and then only the waiter can move: E1, A1 and L1 hold.
# bootcheck-test: => exit=0 states=4
# bootcheck-test: --fingerprint => exit=0 states=4
spec live_spin_fair;
var flag : bool = false;
var seen : bool = false;
fair process setter { s: flag := true; }
process waiter {
  w: if flag then goto d; else goto w;
  d: seen := true;
}
constraint E1 "the waiter eventually sees the flag": eventually seen;
constraint A1 "seen holds infinitely often": always eventually seen;
constraint L1 "the flag leads to seen": flag ~> seen;
expect: holds;
