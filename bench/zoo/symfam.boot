# bench/zoo/symfam.boot - a symmetric family, checked with --no-symmetry.
#
# N CPUs, each taking one lock twice (acquire, two critical steps,
# release). A CPU outside the lock is at one of 3 places (before its
# first or second acquire, or ended); at most one CPU holds the lock, at
# one of 4 places: 3^N + 4 * N * 3^(N-1) states without symmetry reduction
# (N = 11: 2,775,303; N = 12: 9,034,497). With it: the multisets,
# C(N+2, 2) + 4 * C(N+1, 2).
#
# bootcheck-test: -D N=2 --no-symmetry => exit=0 states=33
# bootcheck-test: -D N=3 --no-symmetry => exit=0 states=135
# bootcheck-test: -D N=3 => exit=0 states=34
spec zoo_symfam "N interchangeable CPUs taking one lock";

const N = 11;

var locked : bool;
var rounds[c in 1..N] : 0..2;

process cpu[i in 1..N] symmetric {
  acquire0: await not locked;
            locked := true;
  crit0:    rounds[i] := rounds[i] + 1;
  release0: locked := false;
  acquire1: await not locked;
            locked := true;
  crit1:    rounds[i] := rounds[i] + 1;
  release1: locked := false;
}

constraint M1 "mutual exclusion":
  always forall a in 1..N: forall b in 1..N:
    a == b or not ((at_label(cpu.crit0[a]) or at_label(cpu.release0[a])
                    or at_label(cpu.crit1[a]) or at_label(cpu.release1[a]))
               and (at_label(cpu.crit0[b]) or at_label(cpu.release0[b])
                    or at_label(cpu.crit1[b]) or at_label(cpu.release1[b])));
