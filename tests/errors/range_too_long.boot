spec range_too_long
# issue 12: a step or a constraint that loops over a range this long ran
# (nearly) forever; 16777216 values are allowed, 16777217 are not
var y : 0..3;
process p {
  l: for x in 0..1099511627776 { y := 1; }
  m: with x in -9223372036854775807-1..9223372036854775807 { y := 2; }
  n: for x in 1..16777216 { y := 3; }
}
constraint C "c": always forall x in 0..16777216: x >= 0;
