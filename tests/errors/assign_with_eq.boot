spec assign_with_eq
var x : bool;
process p {
  a: x = true;       # '=' is equality: an assignment is ':='
  b: x == false;
  c: x;
}
