# either: one successor per enabled branch; a false await kills a branch.
# init + 2 after a + 2 after b = 5 states.
# bootcheck-test: => exit=0 states=5
spec either_counts;
var x : 0..3;
process p {
  a: either { x := 1; } or { x := 2; } or { await false; x := 3; }
  b: skip;
}
