spec local_var_after_label
process p {
  a: skip;
  var x : bool;
  b: x := true;
}
