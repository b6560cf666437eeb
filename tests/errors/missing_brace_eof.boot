spec missing_brace_eof
var x : bool;
procedure set_x(v) {
  if v {
    x := v;
  }
