/*
 * boot.pml - SPIN version of bench/models/boot.boot (the benchmark model:
 * a BSP that runs ten steps alone, the tenth kicking N APs; each AP then
 * runs four steps; 10 + 5^N distinct states).
 *
 *   spin -o1 -o2 -o3 -DN=10 -a boot.pml
 *   cc -O2 -DSAFETY [-DNOREDUCE] -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m1000 -w25
 *
 * Step for step equal to boot.boot, with the conventions of
 * tests/peers/README.md:
 *  - one `d_step { guard -> effects }` per bootcheck step, labelled like the
 *    step, in step order: the step is one pan transition and pan stores no
 *    state inside it. (tests/peers uses `atomic`, which gives the same
 *    states and edges but runs each statement of the step as a separate,
 *    unstored "atomic step"; d_step is the cheaper form and the natural one
 *    for a step that never blocks after its guard.) The guard is the step's
 *    `await` (only start_secondary has one);
 *  - a process that runs off its last step ("ended" in bootcheck) blocks
 *    for ever at `end_*: false` instead of reaching its closing brace, so
 *    SPIN never removes it from the state vector (tests/peers correction
 *    S1: 0); "invalid end state" is exactly bootcheck's deadlock;
 *  - `at ap.cr4_init: pinned` (C3) is an assert first in cr4_init's d_step
 *    (the pre-state); `always ...` (C4) is asserted at the end of every step
 *    (it holds in the initial state: no CPU is online);
 *  - `set of Cr4` is a bitmask byte;
 *  - `active proctype`s, no init/run (they would add a process and states);
 *    bsp is declared first, so it has pid 0 and AP i has pid i.
 * pan is built from `spin -o1 -o2 -o3` so that no variable is dropped or
 * reset and no statements are merged: the state vector holds exactly the
 * model's variables, the pcs and pan's per-process bookkeeping.
 *
 * C4's forall is unrolled by the macro ALL_OK for N <= 16 (spin has no
 * quantifier; a `for` loop would need a stored or hidden index and run as
 * separate statements).
 */
#ifndef N
#define N 4
#endif
#if N < 1 || N > 16
#error "boot.pml: N must be 1..16 (ALL_OK unrolls C4 for 16 CPUs)"
#endif

#define SMEP 1
#define SMAP 2
#define UMIP 4
#define LASS 8
#define ALL_BITS 15

byte cr4[N + 1];        /* set of Cr4, cpu 0..N */
bool pinned;
bool kicked;
bool online[N + 1];     /* cpu 1..N; [0] unused, always false */

/* C3 "CR pinning before AP bring-up": at ap.cr4_init: pinned */
#define C3 assert(pinned)
/* C4 "every online CPU has every security bit":
 *   always forall c in 1..N: online[c] => {SMEP, SMAP, UMIP, LASS} <= cr4[c]
 * (c > N is a compile-time constant: cc -O2 drops those terms) */
#define OK(c) (c > N || !online[c] || (cr4[c] & ALL_BITS) == ALL_BITS)
#define ALL_OK (OK(1) && OK(2) && OK(3) && OK(4) && OK(5) && OK(6) && \
                OK(7) && OK(8) && OK(9) && OK(10) && OK(11) && OK(12) && \
                OK(13) && OK(14) && OK(15) && OK(16))
#define C4 assert(ALL_OK)

active proctype bsp() {
start_kernel:         d_step { skip; C4 };
setup_arch:           d_step { skip; C4 };
trap_init:            d_step { skip; C4 };
identify_boot_cpu:    d_step { cr4[0] = SMEP | SMAP | UMIP; C4 };
setup_cr_pinning:     d_step { pinned = true; C4 };
setup_lass:           d_step { cr4[0] = cr4[0] | LASS; C4 };
rest_init:            d_step { skip; C4 };
kernel_init:          d_step { skip; C4 };
do_pre_smp_initcalls: d_step { skip; C4 };
smp_init:             d_step { kicked = true; C4 };
end_bsp:              false          /* ended */
}

active [N] proctype ap() {
start_secondary:      d_step { kicked -> C4 };
cr4_init:             d_step { C3;
                               if
                               :: pinned -> cr4[_pid] = cr4[0]
                               :: else
                               fi;
                               C4 };
ap_starting:          d_step { cr4[_pid] = cr4[_pid] | ALL_BITS; C4 };
set_cpu_online:       d_step { online[_pid] = true; C4 };
end_ap:               false          /* ended */
}
