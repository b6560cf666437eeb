spec s;
const N = 2;
process p {
  a: N := 3;
}
