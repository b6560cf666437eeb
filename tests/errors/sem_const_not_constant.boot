spec s;
var x : 0..3;
const N = x + 1;
process p {
  a: skip;
}
