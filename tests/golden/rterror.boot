# Golden test of a runtime error during the search (exit 2): the trace that
# reaches it and the step that fails.
spec runtime_error

var n : 0..2 = 0;

process counter {
  up:    n := n + 1;
  again: n := n + 1;
  more:  n := n + 1;
}
