# The window pass under --por when a step writes what the window reads but
# cannot make it false (checker/explore/por.c, harmless; docs/reductions.md,
# "Windows under --por"): each AP sets its own flag, and the window holds
# while boot is armed, not pinned, and some flag is set.
# Without reduction: boot at arm, pin or ended, times the four sets of
# flags: 12 states. Inside the window: boot at pin with flags {1}, {2} or
# {1, 2}; the longest run from {1}: ap[2], then pin: 2 steps.
# The reduced window pass: outside the window every step while it may
# still open: boot at arm with each set of flags (4), at pin with each
# (4), ended with none set (reached from pin with none: `not pinned` is
# then false for good, so it is not expanded). Inside the window, at pin
# with {1}: ap[2]'s write of flag 2 is visible, but it can only make
# `exists c: flag[c]` true (flag[2] holds after it), so {ap[2]} is a
# stubborn set, and boot's pin (which falsifies `not pinned`) waits; the
# same at {2}. At {1, 2} only pin is left: ended with {1, 2}. 4 + 4 + 1 + 1
# = 10 (12 if an AP's write of its flag counted as visible: the states
# ended with {1} and {2} too). Still 2 steps.
# The search itself (--por, no constraint reads anything): 5 states.
# bootcheck-test: => wstates=12 window=W:2
# bootcheck-test: --por => states=5 wstates=10 window=W:2
# bootcheck-test: --por --workers 2 => wstates=10 window=W:2
spec win_por_own;
const N = 2;
var armed : bool = false;
var pinned : bool = false;
var flag[c in 1..N] : bool = false;
process boot {
  arm: armed := true;
  pin: pinned := true;
}
process ap[i in 1..N] {
  own: flag[i] := true;
}
window W "armed, a flag set, not pinned":
  armed and not pinned and (exists c in 1..N: flag[c]);
