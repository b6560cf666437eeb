spec s;
enum E { E1, E2 }
var n : 0..3;
process p {
  a: await E1 in n;
}
