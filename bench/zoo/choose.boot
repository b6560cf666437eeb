# bench/zoo/choose.boot - heavy nondeterminism: N tasks grab free slots.
#
# Each of N tasks picks any free slot out of R (a `with` over 0..R-1 whose
# taken slots fail an `await`), then takes one of two modes (`either`) and
# ends. A state is which tasks hold which slots (an injection of the k
# grabbing tasks into the R slots) and, per grabbing task, one of 3
# positions (before the mode, or ended in either mode):
#   sum over k of C(N, k) * R! / (R - k)! * 3^k states
# (N = 5: R = 7: 1,013,146; R = 8: 2,409,241; R = 9: 5,041,576).
#
# bootcheck-test: -D N=2 -D R=3 => exit=0 states=73
# bootcheck-test: -D N=3 -D R=4 => exit=0 states=1009
spec zoo_choose "N tasks choosing among R slots";

const N = 5;
const R = 8;

var used[s in 0..R - 1] : bool;
var slot[t in 1..N] : 0..R - 1;
var fast[t in 1..N] : bool;

process task[i in 1..N] {
  grab: with s in 0..R - 1 {
          await not used[s];
          used[s] := true;
          slot[i] := s;
        }
  mode: either { fast[i] := true; } or { skip; }
}

constraint C1 "no slot held twice":
  always forall a in 1..N: forall b in 1..N:
    a == b or at_label(task.grab[a]) or at_label(task.grab[b])
      or slot[a] != slot[b];
