spec s;
process p {
  a: skip;
  b: skip;
  a: skip;
}
