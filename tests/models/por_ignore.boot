# The cycle proviso: p counts x round forever (x is read by nobody else),
# q sets the flag that `reachable` looks for. p's step alone is independent
# and invisible, but it jumps back to itself: were it taken alone from
# every state, q would be ignored forever and R reported unreachable.
# Backward steps are never a reduced set (checker/por.c): 4 * 2 = 8 states
# either way, and R holds.
# bootcheck-test: => exit=0 states=8
# bootcheck-test: --por => exit=0 states=8
spec por_ignore;
var x : 0..3 = 0;
var flag : bool = false;
process p { a: x := (x + 1) % 4; goto a; }
process q { b: flag := true; }
constraint R "q runs": reachable flag;
