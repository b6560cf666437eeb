# A placement that uses bound names runs at a hook inside a `with`: its
# names must not overwrite the step's: x ends as 10 * v + 3 for v in 1..3
# (with the slots shared, v was overwritten and only x = 13 was reached).
# bootcheck-test: => exit=0 states=4
spec placement_locals;
var x : 0..99;
var y : 0..99;
process p {
  a: with v in 1..3 {
       hook h;
       x := 10 * v + y;
     }
}
placement P at h {
  with w in 1..1 { for k in 1..3 { y := k; } }
}
constraint X "x is 13, 23 or 33 once p has moved":
  always at_label(p.a) or x = 13 or x = 23 or x = 33;
