# Process-local set variables, card() and a procedure: each of the 2
# members has 3 states of its own: 3 * 3 = 9 states.
# bootcheck-test: => exit=0 states=9
spec locals_sets;
enum F { A, B, C }
procedure grow(extra) {
  mine := mine + extra;
}
process q[i in 1..2] {
  var mine : set of F;
  add:  grow({A});
  more: if card(mine) = 1 then grow({B, C} - {C});
        await mine = {A, B} and B \in mine and C \notin mine;
}
