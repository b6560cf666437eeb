spec s;
var m[i in 0..1][j in 0..1] : bool;
process p {
  a: m[0] := true;
}
