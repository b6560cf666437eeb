spec s;
const N = 0;
var x[i in 1..N] : bool;
process p {
  a: skip;
}
