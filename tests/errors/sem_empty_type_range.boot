spec s;
var x : 5..2;
process p {
  a: skip;
}
