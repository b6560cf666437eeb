/*
 * arith.pml - SPIN version of bench/zoo/arith.boot (N ALUs: multiply,
 * divide, remainder and a hash loop over large ranges; 22^N states).
 *
 *   spin -o1 -o2 -o3 -DN=5 -a arith.pml
 *   cc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m10000 -w23
 *
 * Step for step equal to arith.boot, with bench/models/boot.pml's
 * conventions: one pan transition per bootcheck step, labelled like the
 * step; an ALU that has run its last step blocks at `end_alu: false`; A1
 * and A2 are asserted at the end of every step (they hold initially).
 * ALU i of the .boot (1..N) is _pid i - 1 here: I below.
 *  - load and mix (`with d in 0..2 { ... }`) are an `if` of three
 *    d_steps, one per d;
 *  - fold's `for k in 1..8` runs inside its d_step on `k`, a `hidden`
 *    variable (not in the state vector; set before use).
 * Every value fits in a 32-bit int (arith.boot's header), and C's `/` and
 * `%` are bootcheck's on these operands (acc >= 0; h * 31 + k * q +
 * 100000 > 0), so `int` computes the same.
 */
#ifndef N
#define N 5
#endif
#if N < 1 || N > 16
#error "arith.pml: N must be 1..16 (A_ALL unrolls A1 and A2 for 16 ALUs)"
#endif
#define I (_pid + 1)

int acc[N];             /* 0..2,000,000,000 */
int h[N];               /* 0..65520 */
int q[N];               /* -100,000..100,000 */
hidden byte k;          /* fold's loop index */

/* A1 "the hash stays in range": always forall c in 1..N: h[c] <= 65520;
 * A2 "a folded value is small": always forall c in 1..N: q[c] < 1000
 * (terms with c >= N are constant true: cc drops them) */
#define OK(c) (c >= N || (h[c] <= 65520 && q[c] < 1000))
#define A_ALL (OK(0) && OK(1) && OK(2) && OK(3) && OK(4) && OK(5) && \
               OK(6) && OK(7) && OK(8) && OK(9) && OK(10) && OK(11) && \
               OK(12) && OK(13) && OK(14) && OK(15))
#define A assert(A_ALL)

#define LOAD(d) d_step { acc[_pid] = acc[_pid] * 1000 + d * 7919 + I; A }
#define MIX(d)  d_step { acc[_pid] = acc[_pid] * 31 + d * 104729; \
                         h[_pid] = (acc[_pid] % 46337) * \
                                   (acc[_pid] % 46337) % 65521; A }

active [N] proctype alu() {
load:
  if
  :: LOAD(0)
  :: LOAD(1)
  :: LOAD(2)
  fi;
mix:
  if
  :: MIX(0)
  :: MIX(1)
  :: MIX(2)
  fi;
fold:
  d_step {
    q[_pid] = acc[_pid] / 7 % 1000 - acc[_pid] % 13 * 17;
    k = 1;
    do
    :: k <= 8 -> h[_pid] = (h[_pid] * 31 + k * q[_pid] + 100000) % 65521; k++
    :: else -> break
    od;
    A
  };
end_alu: false          /* ended */
}
