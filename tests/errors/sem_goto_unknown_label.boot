spec s;
process p {
  a: goto nowhere;
}
