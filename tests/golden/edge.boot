# Golden test of the less common report lines: a deadlock (with the stuck
# processes), an invariant false in the initial state, an unbounded window
# (a cycle inside it), a window that still holds when the run ends, and a
# spec without placements or expect lines (exit 1: violations).
spec edge_cases

var x : 0..2 = 0;
var go : bool = false;
var ready : bool = false;

process spinner {
  spin:   either { x := 1; goto spin; } or { x := 2; }
  wait:   await go;
}

process waiter[i in 1..2] {
  start:  await ready;
}

constraint INIT "x starts at 1": always x != 0;
constraint NOSTUCK "every process ends": no deadlock;

window LOOP "x is 0 or 1": x < 2;
window STUCK "x is 2": x = 2;
