# Quantifiers whose body has a literal free of the bound name (the
# compiler tests it once, before the loop: compile_expr.c, "Hoisting a
# quantifier's guard"), with the values and witnesses of the plain loop.
# N CPUs take one lock, once each: a CPU outside the lock is before its
# acquire or done (2 places), the holder is at one of 2 places:
# 2^N + 2 N 2^(N-1) states (N = 3: 8 + 24 = 32; N = 2: 4 + 8 = 12).
# bootcheck-test: => exit=0 states=32
# bootcheck-test: -D N=2 => exit=0 states=12
# bootcheck-test: --engine interp => exit=0 states=32
# bootcheck-test: --no-symmetry --workers 2 => exit=0 states=32
spec quant_guard;
const N = 3;
var locked : bool;
process cpu[i in 1..N] {
  acquire: await not locked;
           locked := true;
  crit:    skip;
  release: locked := false;
}
constraint M "mutual exclusion, forall over pairs":
  always forall a in 1..N: forall b in 1..N:
    a == b or not ((at_label(cpu.crit[a]) or at_label(cpu.release[a]))
               and (at_label(cpu.crit[b]) or at_label(cpu.release[b])));
constraint E "mutual exclusion, no exists pair":
  always not exists a in 1..N: exists b in 1..N:
    a != b and (at_label(cpu.crit[a]) or at_label(cpu.release[a]))
           and (at_label(cpu.crit[b]) or at_label(cpu.release[b]));
constraint I "the holder holds the lock, with =>":
  always forall a in 1..N: forall b in 1..N:
    at_label(cpu.crit[a]) => (locked and (b == a or not at_label(cpu.crit[b])));
constraint V "a CPU in crit is the only CPU (violated: a = 1, b = 2)":
  always forall a in 1..N: forall b in 1..N:
    not at_label(cpu.crit[a]) or b == a;
expect: violates V;
