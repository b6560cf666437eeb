spec s;
process p symmetric {
  a: skip;
}
