# An index error where a step reads and writes its own element: x has one
# element, the second instance's x[i] is out of range in the first state
# (native.c, "Promoting state elements", loads such an element only when
# its index is in range): exit 2, the same error with both engines.
# bootcheck-test: => exit=2
# bootcheck-test: --engine native => exit=2
spec native_promote_index;
var x[c in 1..1] : 0..3;
process p[i in 1..2] {
  a: x[i] := x[i] + 1;
     x[i] := x[i] + 1;
}
