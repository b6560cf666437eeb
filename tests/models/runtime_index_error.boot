# a[i] with i outside 1..2 is a runtime error: exit 2.
# bootcheck-test: => exit=2
spec runtime_index_error;
var a[i in 1..2] : bool;
var k : 0..3 = 1;
process p { s: a[k] := true; k := k + 1; goto s; }
