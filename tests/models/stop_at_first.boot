# Two violated constraints; --stop-at-first stops at the first and leaves
# the other unknown, which is incomplete (exit 3).
# bootcheck-test: => exit=0
# bootcheck-test: --stop-at-first => exit=3
# bootcheck-test: -D NOPE=1 => exit=2
spec stop_at_first;
var x : 0..3;
process p { a: x := 1; b: x := 2; c: x := 3; }
constraint A "x never reaches 1": always x != 1;
constraint B "x never reaches 3": always x != 3;
expect: violates A, B;
