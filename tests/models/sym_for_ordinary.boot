# A `for` over 1..N whose iterations do see each other (through `next`):
# its variable is an ordinary integer, which is fine here because it
# indexes only `order`, which no member index touches; the family stays
# symmetric. Counted by hand: 2^3 flag combinations times o before or
# after its step, 16 states; up to renaming 4 x 2 = 8.
# bootcheck-test: => exit=0 states=8
# bootcheck-test: --no-symmetry => exit=0 states=16
spec sym_for_ordinary;
const N = 3;
var flag[c in 1..N] : bool;
var order[c in 1..N] : 0..N;
var next : 0..N;
process w[i in 1..N] symmetric { a: flag[i] := true; }
process o { number: for k in 1..N { next := next + 1; order[k] := next; } }
constraint R "numbered in order": always at_label(o.number) or order[N] == N;
