# A two-dimensional integer array (found by the difftest long run, seed 12,
# spec 691): the Murphi export wrote the array's shape after the field
# outside a comment, so Rumur refused the model. Each of the two f members
# sets its row's first element once: initial state 1, one member done 2,
# both 1: 4 states.
# bootcheck-test: => exit=0 states=4
spec export_int_matrix;
var arr[c in 1..2][d in 0..1] : 1..2 = 2;
process f[i in 1..2] {
  a: arr[i][0] := 1;
}
constraint R "both rows set": reachable arr[1][0] = 1 and arr[2][0] = 1;
expect: holds;
