# A hook inside a 'for' over members runs the placement bound to it once
# per iteration, on what the earlier iterations left.
spec s;
const N = 2;
var x[c in 1..N] : bool;
var n : 0..N;
process w[i in 1..N] symmetric { a: x[i] := true; }
process o {
  b: for k in 1..N { x[k] := true; hook H; }
}
placement P at H { n := n + 1; }
