spec missing_then
var x : bool;
process p {
  a: if x x := false;
  b: if x then x := false else x := true;
}
