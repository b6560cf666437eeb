# x := x + 1 past 0..2 is a runtime error: exit 2 with the trace.
# bootcheck-test: => exit=2
spec runtime_range_error;
var x : 0..2;
process p { a: x := x + 1; goto a; }
