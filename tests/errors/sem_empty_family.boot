spec s;
const NAP = 0;
process ap[i in 1..NAP] {
  a: skip;
}
