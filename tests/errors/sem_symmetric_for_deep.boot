# 'for' loops over members nest at most 4 deep before their variables are
# ordinary integers (the check compiles a body again when the order
# matters, so deeper nests are not analysed).
spec s;
const N = 2;
var x[c in 1..N] : bool;
process w[i in 1..N] symmetric { a: x[i] := true; }
process o {
  b: for k1 in 1..N { for k2 in 1..N { for k3 in 1..N { for k4 in 1..N {
       for k5 in 1..N { x[k5] := true; } } } } }
}
