spec stmt_before_label
var x : bool;
process p {
  x := true;            # every statement belongs to a labelled step
  start: skip;
}
