# Arrays starting at negative values, exported to Promela (SPIN's array
# initialiser list takes no negative number: the export writes `= v` when
# every element starts equal). Each of the two processes moves its own
# element twice: 3 * 3 = 9 states.
# bootcheck-test: => exit=0 states=9
spec export_promela_negative_init;
var q[c in 1..2] : -5..5 = -3;
var r[c in 1..2] : -5..5;
process p[i in 1..2] {
  a: q[i] := q[i] - 2;
  b: r[i] := q[i] + 10;
}
constraint N1 "negative": always forall c in 1..2: q[c] < 0;
