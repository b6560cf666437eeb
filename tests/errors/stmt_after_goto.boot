spec stmt_after_goto
var x : bool;
process p {
  a: goto c;
     x := true;         # never runs
  b: skip;
  c: skip;
}
