# Two placements, each with two candidate hooks: 4 configurations (the
# cartesian product); P1 runs before P2 at a shared hook (declaration
# order). 3 states in each: init, after a, after b.
# bootcheck-test: => exit=0 states=3
# bootcheck-test: --placement P1@h1 => exit=0 states=3
spec two_placements;
var x : 0..3;
var y : 0..3;
process p { a: hook h1; b: hook h2; }
placement P1 at h1, h2 { x := x + 1; }
placement P2 at h1, h2 { y := x; }
constraint Y "P2 copies x after P1 only when bound later or together":
  always at_label(p.a) or y <= x;
