spec s;
var n : 0..3;
process p {
  a: await n + 1;
}
