# tests/models/por_edge_fact.boot with the APs a symmetric family: a fact
# is read at the index of the run's leader, the same for every twin of
# the run (por.c, mask_shut). Without reduction the 33 states of that
# file are 19 orbits: 4 -> 3 (B B, B W, W W) at bringup; 16 -> 8 with one
# AP released; 4 -> 2 back at bringup; 7 -> 4 with both released; 2.
# With --por the two branches are one: 3 + 6 + 3 = 12.
# bootcheck-test: => exit=1 states=19
# bootcheck-test: --por => exit=1 states=12
# bootcheck-test: --por --workers 2 => exit=1 states=12
spec por_edge_fact_sym;
const N = 2;
var released[c in 1..N] : bool = false;
var online[c in 1..N] : bool = false;
var key : bool = false;
process ap[i in 1..N] symmetric {
  boot: if not key then violate V "an AP read the key before it was set";
  wait: await released[i];
  up: online[i] := true;
}
process init {
  bringup: with a in 1..N { await not released[a]; released[a] := true; }
  wait_online:
    await forall a in 1..N: released[a] => online[a];
    if exists a in 1..N: not released[a] then goto bringup;
  pin: key := true;
}
constraint V "no violate": violations;
