# A boot with a leads-to that fails, one that holds and an exposure window,
# from the graph the search's batch path records (explore.c: no
# symmetric family), with more states to a level than one batch holds.
#
# States: the BSP's three steps alone (3 states: at a, b, kick; the APs
# wait for 'kicked'), then each of the N = 4 APs at one of its 5 places
# (start, s2, s3, up, ended) on its own: 3 + 5^4 = 628 states; the depth
# is 3 + 4 * 4 = 19.
#   L1 eventually every AP online   holds: no cycle, and every run ends
#                                   (no process can move) with all online
#   L2 online[1] ~> not online[2]   violated by a run that ends: 11 steps
#                                   to the first state with AP 1 and AP 2
#                                   online (3 of the BSP, 4 of each of
#                                   them), then the 8 of APs 3 and 4
#                                   (19 steps)
#   W1 some AP online, not all      exposure 12: entered when the first AP
#                                   comes online (that step not counted)
#                                   before the others have moved, then
#                                   their 4 * 3 steps, the last of which
#                                   leaves the window and counts
# bootcheck-test: => exit=0 states=628
# bootcheck-test: --workers {2,3} => exit=0 states=628
# bootcheck-test: --engine interp --workers {1,2} => exit=0 states=628
# bootcheck-test: --no-windows => exit=0 states=628
spec live_window_boot;
const N = 4;
var kicked : bool;
var online[cpu in 1..N] : bool;
process bsp {
  a:    skip;
  b:    skip;
  kick: kicked := true;
}
process ap[i in 1..N] {
  start: await kicked;
  s2:    skip;
  s3:    skip;
  up:    online[i] := true;
}
constraint L1 "every AP comes online": eventually forall i in 1..N: online[i];
constraint L2 "AP 1 online leads to AP 2 offline": online[1] ~> not online[2];
window W1 "some AP online, not all":
  (exists i in 1..N: online[i]) and (exists j in 1..N: not online[j]);
expect: violates L2;
