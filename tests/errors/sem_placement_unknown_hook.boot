spec s;
var x : bool;
process p {
  a: hook h1;
}
placement pl at h1, h2 {
  x := true;
}
