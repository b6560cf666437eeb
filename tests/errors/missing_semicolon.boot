spec missing_semicolon
var x : bool
var y : 0..3;
process p {
  a: x := true
  b: y := 1 y := 2;
}
