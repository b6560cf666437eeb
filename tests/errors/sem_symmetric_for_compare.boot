# A member's own 'for' over its family whose iterations share 'found': 'k'
# is an ordinary integer, and cannot be compared with the member index i.
spec s;
const N = 3;
var found : bool;
process w[i in 1..N] symmetric {
  a: for k in 1..N { if k != i and not found then found := true; }
}
