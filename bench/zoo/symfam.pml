/*
 * symfam.pml - SPIN version of bench/zoo/symfam.boot (N CPUs, each taking
 * one lock twice; 3^N + 4 N 3^(N-1) states without symmetry reduction).
 *
 *   spin -o1 -o2 -o3 -DN=11 -a symfam.pml
 *   cc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m10000 -w22
 *
 * Step for step equal to symfam.boot, with bench/models/boot.pml's
 * conventions: one `d_step` per bootcheck step, labelled like the step;
 * a step's `await` is its d_step's guard; a CPU that has run its last step
 * blocks at `end_cpu: false`; the invariant is asserted at the end of
 * every step (it holds initially). CPU i of the .boot (1..N) is _pid i-1.
 *
 * M1 (no two CPUs at crit0, release0, crit1 or release1 at once) reads
 * program counters, which pan does not allow inside a d_step (nor a
 * process's own labels as remote references), so it is written the
 * textbook SPIN way: `ncrit` counts the CPUs there (acquire adds one,
 * release takes one away) and every step asserts ncrit <= 1. ncrit is a
 * function of the program counters, so it adds a byte to the state
 * vector but no state.
 */
#ifndef N
#define N 11
#endif
#if N < 1 || N > 255
#error "symfam.pml: N must be 1..255"
#endif

bool locked;
byte ncrit;             /* CPUs between an acquire and its release */
byte rounds[N];         /* 0..2 */

#define M1 assert(ncrit <= 1)

active [N] proctype cpu() {
acquire0: d_step { !locked -> locked = true; ncrit++; M1 };
crit0:    d_step { rounds[_pid]++; M1 };
release0: d_step { locked = false; ncrit--; M1 };
acquire1: d_step { !locked -> locked = true; ncrit++; M1 };
crit1:    d_step { rounds[_pid]++; M1 };
release1: d_step { locked = false; ncrit--; M1 };
end_cpu:  false         /* ended */
}
