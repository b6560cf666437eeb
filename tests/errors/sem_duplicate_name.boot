spec s;
const x = 1;
var x : bool;
process p {
  a: skip;
}
