spec s;
const N = 3;
var x : 0..N = N + 1;
process p {
  a: skip;
}
