spec s;
var x : bool;
var y : 0..3;
process p {
  a: x := 1;
     y := true;
     await z;
}
