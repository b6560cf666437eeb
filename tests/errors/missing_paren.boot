spec missing_paren
var x : 0..9;
process p {
  a: x := (x + 1;
}
