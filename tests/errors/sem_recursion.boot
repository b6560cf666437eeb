spec s;
var x : 0..3;
procedure f(v) {
  x := v;
  f(v);
}
process p {
  a: f(1);
}
