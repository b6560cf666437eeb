# A `for` over the members of a symmetric family whose iterations cannot
# see each other (docs/reductions.md, "for over members"): iteration k
# reads and writes req[k] and ack[k] (through the procedure's parameter
# too) and sets `served` to a constant it never reads; 0, outside the
# family, is served as well. So k is a member index and the family stays
# symmetric.
# Counted by hand, N = 3: before the sweep each worker is at ask or wait
# (2^3 = 8 states); after it, a worker that had asked is at wait (acked)
# or has ended, one that had not is at ask or at wait for ever: 4 local
# states, 4^3 = 64. 72 states; up to renaming, 4 multisets before and
# C(6,3) = 20 after, 24. N = 2: 4 + 16 = 20 and 3 + C(5,2) = 13. A worker
# that asks after the sweep waits for ever: deadlock in 4 steps (3 for
# N = 2) either way.
# bootcheck-test: => exit=0 states=24
# bootcheck-test: --no-symmetry => exit=0 states=72
# bootcheck-test: -D N=2 => exit=0 states=13
# bootcheck-test: -D N=2 --no-symmetry => exit=0 states=20
spec sym_for_members;
const N = 3;
var req[c in 0..N] : bool = (c == 0);
var ack[c in 0..N] : bool;
var served : bool;
procedure serve(c) { ack[c] := true; served := true; }
process w[i in 1..N] symmetric {
  ask:  req[i] := true;
  wait: await ack[i];
}
process s {
  scan: for k in 0..N { if req[k] and not ack[k] then serve(k); }
}
constraint C "acks answer requests":
  always (forall c in 0..N: ack[c] => req[c]) and (ack[0] <=> served);
expect: violates deadlock;
