spec syntax_errors
const N := 2;
enum E { }
var x : set E;
process p {
  x := 1;
  a: x = 2; either { skip; }
  b: goto a; skip;
  c: if x y := 1;
     { d: skip; }
procedure f() { a: skip; }
constraint C: sometimes x;
expect p at h;
