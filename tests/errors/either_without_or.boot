spec either_without_or
var x : bool;
process p {
  a: either { x := true; }
  b: skip;
}
