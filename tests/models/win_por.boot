# The exposure window under --por (docs/reductions.md, "Windows under
# --por"; checker/explore/window.c). boot arms (the window opens), the two
# APs each set their own flag, boot pins (the window closes).
# Without reduction: boot at arm, pin or ended, times the four sets of
# flags: 12 states. The longest run inside: from boot at pin with no flag
# set, ap[1], ap[2], pin: 3 steps.
# The reduced window pass: before the window opens (boot at arm) every
# step, since `armed` may still become true: 4 states with boot at arm,
# and boot at pin with each of them: 4 more. Inside the window a stubborn
# set of one AP (boot's pin writes `pinned`, which the window reads, so
# it is in no set until it is the only step left): no new states. After
# pin, `not pinned` is false for good (`pinned` is only ever set): the
# state is not expanded. 4 + 4 + 1 = 9, and still 3 steps: the flags'
# order inside the window is one of two, the run's length is the same.
# The search itself (--por) has no constraint that reads anything: it
# keeps one order of the four steps, 5 states.
# bootcheck-test: => wstates=12 window=W:3
# bootcheck-test: --por => states=5 wstates=9 window=W:3
# bootcheck-test: --por --workers 2 => wstates=9 window=W:3
# bootcheck-test: --fingerprint => wstates=12 window=W:3
spec win_por;
const N = 2;
var armed : bool = false;
var pinned : bool = false;
var done[c in 1..N] : bool = false;
process ap[i in 1..N] {
  flag: done[i] := true;
}
process boot {
  arm: armed := true;
  pin: pinned := true;
}
window W "armed, not pinned": armed and not pinned;
