/*
 * boot_por.pml - bench/models/boot.pml rewritten so that SPIN's
 * partial-order reduction has something to reduce.
 *
 * In boot.pml (the step-for-step equivalent of boot.boot) every AP step
 * reads or writes global variables (cr4[_pid], online[_pid], kicked,
 * pinned) and asserts C4 over all CPUs, so SPIN's static POR finds no
 * "safe" transition and pan with and without -DNOREDUCE stores the same
 * 10 + 5^N states. Here each AP's cr4 and online are proctype locals
 * (AP i is the only process that touches them in boot.boot too), and C4
 * is asserted by AP i for CPU i only, after each of its steps that changes
 * cr4 or online. That is the same property: C4 holds in the initial state,
 * and conjunct i can only change when AP i moves. The state space is the
 * same (with -DNOREDUCE pan stores 10 + 5^N states, as for boot.pml); with
 * POR, ap_starting and set_cpu_online (local only) are safe and pan
 * stores fewer states. start_secondary (reads kicked) and cr4_init (reads
 * pinned and cr4_0) stay unsafe.
 *
 * bench/run runs it as the row "spin-por-local". Same build as boot.pml:
 *   spin -o1 -o2 -o3 -DN=10 -a boot_por.pml; cc -O2 -DSAFETY -o pan pan.c
 */
#ifndef N
#define N 4
#endif

#define SMEP 1
#define SMAP 2
#define UMIP 4
#define LASS 8
#define ALL_BITS 15

byte cr4_0;             /* cr4[0], the BSP's */
bool pinned;
bool kicked;

active proctype bsp() {
start_kernel:         d_step { skip };
setup_arch:           d_step { skip };
trap_init:            d_step { skip };
identify_boot_cpu:    d_step { cr4_0 = SMEP | SMAP | UMIP };
setup_cr_pinning:     d_step { pinned = true };
setup_lass:           d_step { cr4_0 = cr4_0 | LASS };
rest_init:            d_step { skip };
kernel_init:          d_step { skip };
do_pre_smp_initcalls: d_step { skip };
smp_init:             d_step { kicked = true };
end_bsp:              false          /* ended */
}

active [N] proctype ap() {
byte cr4;               /* cr4[_pid] */
bool online;            /* online[_pid] */
start_secondary:      d_step { kicked -> skip };
cr4_init:             d_step { assert(pinned);                  /* C3 */
                               if
                               :: pinned -> cr4 = cr4_0
                               :: else
                               fi;
                               assert(!online || cr4 == ALL_BITS) };   /* C4 */
ap_starting:          d_step { cr4 = cr4 | ALL_BITS;
                               assert(!online || cr4 == ALL_BITS) };
set_cpu_online:       d_step { online = true;
                               assert(!online || cr4 == ALL_BITS) };
end_ap:               false          /* ended */
}
