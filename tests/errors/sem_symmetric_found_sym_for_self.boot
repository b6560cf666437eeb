# Found by tests/difftest (seed long, spec 347, the first long run;
# minimised by hand).
# Issue 11 part 2, variant: a `for` over member indices inside a
# symmetric family, with `self`; no ordinary variable carries the order,
# the member array itself does. Member i's step leaves every flag set but
# its own, unless i = N (the last iteration sets m[N] after clearing it).
# Without reduction 13 states (hand count: 1 + 3 + 6 + 3); the reachable
# states fall into 7 orbits under renaming; bootcheck 4cbd83a reports 4
# states, R "violated" (it holds: member N moves first) and A "holds"
# (violated: after member N's step every flag is set while members 1 and
# 2 have not moved), exit 0 with no hint. --no-symmetry gives the right
# verdicts. Expected once fixed: a located error (the family is not
# symmetric), or 7 states and the --no-symmetry verdicts.
# bootcheck-test: --no-symmetry => exit=0 states=13
spec sym_for_self;
const N = 3;
var m[c in 1..N] : bool;
process f[i in 1..N] symmetric {
  a: for k in 1..N { m[i] := false; m[k] := true; }
}
constraint R "every flag set at some point": reachable forall k in 1..N: m[k];
constraint A "while a member has not moved, some flag is clear":
  always (exists k in 1..N: at_label(f.a[k])) => (exists k in 1..N: not m[k]);
expect: violates A;
