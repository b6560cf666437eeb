spec s;
var x : bool;
process p {
  a: x := 3;
}
