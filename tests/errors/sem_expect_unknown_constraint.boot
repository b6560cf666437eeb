spec s;
var x : bool;
process p {
  a: x := true;
}
expect: violates C7;
