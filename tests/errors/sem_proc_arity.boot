spec s;
var x : 0..3;
procedure put(v) {
  x := v;
}
process p {
  a: put(1, 2);
}
