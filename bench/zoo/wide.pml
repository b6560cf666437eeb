/*
 * wide.pml - SPIN version of bench/zoo/wide.boot (N CPUs, each filling
 * its own row of W one-byte page-table entries in four steps; 5^N
 * states, a state of N * W + N bytes of data).
 *
 *   spin -o1 -o2 -o3 -DN=9 -a wide.pml
 *   cc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m10000 -w21
 *
 * Step for step equal to wide.boot, with bench/models/boot.pml's
 * conventions: one `d_step` per bootcheck step, labelled like the step
 * (pan stores no state inside it); a CPU that has run its last step
 * blocks at `end_cpu: false`; W1 is asserted at the end of every step,
 * for every CPU (it holds initially). CPU i of the .boot (1..N) is
 * _pid i - 1 here, and pte[i][e] is pte[(i - 1) * W + e].
 *
 * The `for` loops of a step run inside its d_step on `e`, a `hidden`
 * variable (not in the state vector; every loop sets it before use).
 * `set of Flag` is a bitmask byte.
 */
#ifndef N
#define N 9
#endif
#ifndef W
#define W 16
#endif
#if N < 1 || N > 16
#error "wide.pml: N must be 1..16 (W1_ALL unrolls W1 for 16 CPUs)"
#endif

#define PRESENT 1
#define NX 2

byte pte[N * W];
byte flags[N];          /* set of Flag */
hidden byte e;          /* the loops' index */

/* W1 "a CPU goes online with its table filled":
 *   always forall c in 1..N: PRESENT in flags[c] => pte[c][W - 1] != 0
 * (terms with c >= N are constant false: cc drops them) */
#define OK(c) (c >= N || !(flags[c] & PRESENT) || pte[c * W + W - 1] != 0)
#define W1_ALL (OK(0) && OK(1) && OK(2) && OK(3) && OK(4) && OK(5) && \
                OK(6) && OK(7) && OK(8) && OK(9) && OK(10) && OK(11) && \
                OK(12) && OK(13) && OK(14) && OK(15))
#define W1 assert(W1_ALL)

active [N] proctype cpu() {
map_low:  d_step {
            e = 0;
            do
            :: e < W / 2 ->
               pte[_pid * W + e] = ((_pid + 1) * 16 + e + 1) % 256; e++
            :: else -> break
            od;
            W1
          };
map_high: d_step {
            e = W / 2;
            do
            :: e < W ->
               pte[_pid * W + e] = (pte[_pid * W + e - W / 2] + e * 3) % 256;
               e++
            :: else -> break
            od;
            W1
          };
protect:  d_step {
            e = 0;
            do
            :: e < W ->
               if
               :: e % 3 == 0 -> pte[_pid * W + e] = pte[_pid * W + e] / 2 + 1
               :: else
               fi;
               e++
            :: else -> break
            od;
            flags[_pid] = NX;
            W1
          };
online:   d_step { flags[_pid] = flags[_pid] | PRESENT; W1 };
end_cpu:  false         /* ended */
}
