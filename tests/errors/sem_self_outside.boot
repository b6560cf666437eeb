spec s;
var x : 0..3;
process p {
  a: x := 1;
}
constraint C1 "self has no meaning here": always self = 0;
