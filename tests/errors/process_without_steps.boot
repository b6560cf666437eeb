spec process_without_steps
process idle {
  var x : bool;
}
