# A twin's reads need not be its leader's renamed (tests/run_sym_random.py
# seed 10103 with --por found it; debug builds asserted they were). Both
# members stand at `wait` with equal fields: twins, the first leading the
# run. `forall j` visits the members in index order and stops at the first
# that decides it: w[1] stops at j = 1 (1 != 1 is false) without reading b,
# w[2] reads b at j = 1 and stops at j = 2. The await is false for both in
# every state, so neither depends on b; the reduction takes the twin's
# footprint from the leader's (docs/reductions.md, "A twin's reads").
# Without reduction: each member at mark or wait (a[i] follows its label),
# p before or after go: 2 * 2 * 2 = 8 states, 6 with the members as a
# multiset (3 * 2). Deadlock: both members wait, p has ended.
# With --por: nobody reads a[i], so the members' marks go first, one
# state each (the twin's mark is its leader's renamed), then p alone
# (the waiting members read b): 1 + 1 + 1 + 1 = 4 states, and the search
# stops there with every verdict known.
# bootcheck-test: => exit=0 states=6
# bootcheck-test: --no-symmetry => exit=0 states=8
# bootcheck-test: --por => exit=0 states=4
# bootcheck-test: --por --no-symmetry => exit=0 states=4
spec sym_twin_reads;
var b : bool = false;
var a[c in 1..2] : 0..1 = 0;
process w[i in 1..2] symmetric {
  mark: a[i] := 1;
  wait: await forall j in 1..2: j != i and not b;
}
process p {
  go: b := true;
}
expect: violates deadlock;
