# Facts on the edges between steps (checker/explore/por.c, cut_touch;
# docs/reductions.md, "Facts about every element"). init writes the key
# only after wait_online's fall-through, where `released[a] => online[a]`
# and `released[a]` held for every AP a (the second from `not exists`):
# together, online[a]. Only AP a sets online[a], so while AP a has not,
# init cannot reach the key's write, nor bringup's write of released[a]
# once released[a] holds (released is only ever set). The x86 spec's
# bring-up loop and its `cr_pinning` write at core_initcall are this
# shape.
# Without reduction (APs at boot B, wait W, up U, done D; U needs the AP
# released, D means online): init at bringup with nothing released, the
# APs in {B, W}: 4; init at wait_online with AP a released (2 ways), AP a
# in {B, W, U, D} and the other in {B, W}: 16; back at bringup with AP a
# done: 4; both released, AP a done, the other anywhere, the state with
# both done counted once: 7; init at pin, then ended: 2. 33 states.
# With --por: AP 1's boot alone (the key's write is behind the edge), then
# AP 2's; then init with both APs (its release writes what they wait
# for): 3 states. On each of the two branches (AP 1 or AP 2 released
# first): the released AP's wait alone (init cannot write its released
# element again: behind the edge), its up, init back at bringup, the
# second release, the second AP's wait and up: 6 each. Both online, init
# at pin and ended: 3. 3 + 6 + 6 + 3 = 18. Before these facts the set
# at each AP's boot held init: 33.
# bootcheck-test: => exit=1 states=33
# bootcheck-test: --por => exit=1 states=18
# bootcheck-test: --por --workers 2 => exit=1 states=18
spec por_edge_fact;
const N = 2;
var released[c in 1..N] : bool = false;
var online[c in 1..N] : bool = false;
var key : bool = false;
process ap[i in 1..N] {
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
