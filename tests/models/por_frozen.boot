# Frozen flags: every store to kicked[i] writes true, so once it is true no
# step can change it. The BSP kicks every AP, then sets every flag again
# (as a parallel bring-up re-sends the IPI); each AP awaits its flag, then
# sets its own[i].
# Without reduction: the initial state, then the BSP at resend or ended
# times each AP in one of 3 places: 1 + 2 * 3^2 = 19 states.
# With --por: the kick touches flags the APs wait for (a full expansion,
# with one step enabled); after it the resend writes only frozen flags and
# runs alone, then each AP reads only its frozen flag and writes only its
# own[i], so the APs run one after the other: 1 + 1 + 1 + 2 + 2 = 7 states.
# bootcheck-test: => exit=0 states=19
# bootcheck-test: --por => exit=0 states=7
spec por_frozen;
const N = 2;
var kicked[i in 1..N] : bool = false;
var own[i in 1..N] : bool = false;
process bsp {
  kick: for a in 1..N { kicked[a] := true; }
  resend: for a in 1..N { kicked[a] := true; }
}
process ap[i in 1..N] {
  start: await kicked[i];
  run: own[i] := true;
}
