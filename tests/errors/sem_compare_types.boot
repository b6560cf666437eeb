spec s;
enum E { E1, E2 }
var e : E;
var n : 0..3;
process p {
  a: await e = n;
}
