spec label_in_procedure
var x : bool;
procedure f() {
  a: x := true;
}
