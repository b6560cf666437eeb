spec s;
var x : Colour;
process p {
  a: skip;
}
