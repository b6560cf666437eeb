spec s;
process p {
  a: violate C9 "no such constraint";
}
