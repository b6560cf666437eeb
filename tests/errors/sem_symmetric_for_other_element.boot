# A 'for' over members whose iteration writes its own element x[k] but also
# reads the others' (x[j]): the later iterations see what the earlier ones
# wrote.
spec s;
const N = 3;
var x[c in 1..N] : bool;
process w[i in 1..N] symmetric { a: x[i] := true; }
process o {
  b: for k in 1..N { if not (exists j in 1..N: x[j]) then x[k] := true; }
}
