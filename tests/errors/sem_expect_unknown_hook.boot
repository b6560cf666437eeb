spec s;
var x : bool;
process p {
  a: hook h1;
  b: hook h2;
}
placement pl at h1 {
  x := true;
}
placement other at h2 {
  x := false;
}
expect pl at h2: holds;
