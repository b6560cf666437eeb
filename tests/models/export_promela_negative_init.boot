# Arrays starting at negative values, exported to Promela. SPIN's array
# initialiser list takes no negative number: the export writes `= v`
# when every element starts equal (q), and otherwise stores the array
# from its type's low end up (u, w: value - lo, every read and write
# shifted back). Each of the two processes moves its own elements twice:
# 3 * 3 = 9 states; V is violated once p[2] has doubled u[2] to -4.
# bootcheck-test: => exit=0 states=9
# bootcheck-test: --no-symmetry --workers 2 => exit=0 states=9
spec export_promela_negative_init;
var q[c in 1..2] : -5..5 = -3;
var r[c in 1..2] : -5..5;
var u[c in 1..2] : -5..5 = -c;
var w[a in 1..2][b in 0..1] : -40000..3 = a - 3 * b - 39990;
process p[i in 1..2] {
  a: q[i] := q[i] - 2;
     u[i] := u[i] * 2;
     w[i][1] := w[i][0] + u[i];
  b: r[i] := q[i] + 10;
     if u[i] < -3 then { w[i][0] := -40000; }
}
constraint N1 "negative": always forall c in 1..2: q[c] < 0;
constraint N2 "u keeps its sign": always forall c in 1..2: u[c] < 0;
constraint V "u[2] above -4": always u[2] > -4;
constraint W "w[2][0] moves last": always w[2][0] = -39988 or r[2] = 5;
expect: violates V;
