spec dim_not_a_range
const N = 2;
var a[i in N] : bool;
process q[k 1..N] { a: skip; }
