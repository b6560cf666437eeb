# A range error on an element a step keeps in a C local (native.c,
# "Promoting state elements"): h[i] goes 0, 3, 6, then 9 is outside
# 0..7 on the loop's third store, in the first state: exit 2, the same
# error and location with both engines (run_workers.py).
# bootcheck-test: => exit=2
# bootcheck-test: --engine native => exit=2
spec native_promote_range;
var h[c in 1..2] : 0..7;
process p[i in 1..2] {
  a: for k in 1..3 { h[i] := h[i] + 3; }
}
