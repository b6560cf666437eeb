spec missing_brace
var x : bool;
process p {
  a: x := true;
  b: x := false;

constraint C "x is set": always x;
