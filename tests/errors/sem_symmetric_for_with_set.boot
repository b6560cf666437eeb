# A 'with' over a set inside a 'for' over members: an empty set disables
# the step in that iteration and stops the later ones.
spec s;
enum E { A, B };
const N = 2;
var x[c in 1..N] : bool;
var left : set of E = {A, B};
process w[i in 1..N] symmetric { a: x[i] := true; }
process o {
  b: for k in 1..N { with e in left { x[k] := true; } }
}
