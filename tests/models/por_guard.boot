# Guarded reads (checker/explore/por.c, struct acc; docs/reductions.md,
# "Guarded accesses"). The worker reads lass[c] only where in_call[c], and
# sets in_call[c] only where online[c], which only AP c sets: so while
# AP c is not online, AP c's write of lass[c] cannot conflict with
# anything the worker does before AP c moves again. The x86 spec's EFI
# worker and its `cr4[c]` is this shape.
# Without reduction: the worker at enter with each AP at setup, up or
# ended (9 states), then at call or ended with in_call[c] set for an AP c
# that is online (ended) and the other AP anywhere (2 x 2 x 3 = 12): 21.
# With --por: from the initial state AP 1's setup alone; then AP 2's
# setup alone (AP 1's next step sets online[1], which the worker waits
# for: that set would hold everyone); then every live instance (3 states:
# both up; AP 1 or AP 2 ended, where the worker may enter); both ended,
# the worker enters (2 choices); with AP 2 still up and the worker in the
# call on CPU 1, AP 2's step runs alone (it sets online[2], which the
# worker no longer reads), and the same mirrored; the calls, and their
# ends: 1 + 1 + 1 + 2 + 1 + 2 + 2 + 2 = 12. The violation is found either
# way; under --por its trace is 5 steps long instead of 4.
# bootcheck-test: => exit=1 states=21
# bootcheck-test: --por => exit=1 states=12
spec por_guard;
const N = 2;
var online[c in 1..N] : bool = false;
var in_call[c in 1..N] : bool = false;
var lass[c in 1..N] : bool = false;
process ap[i in 1..N] {
  setup: lass[i] := true;
  up: online[i] := true;
}
process worker {
  enter: with c in 1..N { await online[c]; in_call[c] := true; }
  call: if exists c in 1..N: in_call[c] and lass[c] then
          violate V "the call runs with LASS set";
}
constraint V "no violate": violations;
