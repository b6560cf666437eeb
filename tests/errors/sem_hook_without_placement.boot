spec s;
var x : bool;
process p {
  a: x := true;
     hook after_a;
}
