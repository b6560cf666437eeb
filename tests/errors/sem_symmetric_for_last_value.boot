# A 'for' over members that writes a shared variable with values that
# differ between iterations: the last member decides what 'last' holds.
spec s;
const N = 3;
var x[c in 1..N] : bool;
var last : 0..2;
process w[i in 1..N] symmetric { a: x[i] := true; }
process o {
  b: for k in 1..N { if x[k] then last := 1; else last := 2; }
}
