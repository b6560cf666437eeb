spec empty_statement
var x : bool;
process p {
  a: if x { x := false; };
}
