# An 'await' inside a 'for' over members: a false one stops the iterations
# after it, so whether a later one fails (here: y[k] + 1 past 0..1) would
# depend on the order. Wait for all of them first instead:
#   await forall k in 1..N: x[k];
spec s;
const N = 2;
var x[c in 1..N] : bool;
var y[c in 1..N] : 0..1;
process w[i in 1..N] symmetric { a: x[i] := true; }
process o {
  b: for k in 1..N { await x[k]; y[k] := y[k] + 1; }
}
