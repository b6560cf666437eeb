/*
 * boot.pml - SPIN peer of boot.boot (a BSP and N APs: a simplified x86 boot
 * with CR4 pinning, after the language sketch, specs/sketch.boot).
 *
 * Kept step-for-step equal to boot.boot (see README.md):
 *  - one `atomic { guard -> effects }` per bootcheck step, labelled like the
 *    step; the guard is the step's `await`; nothing after it can block;
 *  - `either` is an `if` whose options are whole atomics (each option is
 *    the step with that branch); the second one ends in `goto rest_init`;
 *  - a process that runs off its last step (bootcheck: "ended") blocks for
 *    ever at `end_*: false` instead of reaching its closing brace, so SPIN
 *    never removes it from the state vector (README.md, correction S1);
 *    "invalid end state" is then exactly bootcheck's deadlock;
 *  - `at E: P` is an assert at the start of E's atomic (the pre-state);
 *    `always P` is asserted at the end of every step (it holds initially);
 *    `A before B` is the history bit h_C5, set by A and asserted by B;
 *  - `set of Cr4` is a bitmask byte; the loop index k is `hidden` (not part
 *    of the state vector);
 *  - `active proctype`s, no init/run; bsp is declared first, so it has pid 0
 *    and ap instance i has pid i (checked by an assert).
 *
 * spin -DN=3 -DLATE_PIN=1 -a boot.pml       (N <= 8)
 */
#ifndef N
#define N 2
#endif
#ifndef LATE_PIN        /* 1: pin CR4 after smp_wait (violates C3) */
#define LATE_PIN 0
#endif

#define SMEP 1
#define SMAP 2
#define UMIP 4
#define LASS 8

mtype = { PHYS, SVAM, VIRT, OFF };     /* enum Efi */

byte cr4[N + 1];        /* set of Cr4, cpu 0..N */
bool pinned;
byte pin_bits;
mtype efi = PHYS;
bool kicked[N + 1];     /* cpu 1..N; [0] unused, always false */
bool online[N + 1];     /* cpu 1..N; [0] unused, always false */
bool user;
bool h_C5;              /* history bit of C5: bsp.smp_init has happened */
hidden byte k;          /* loop index, not part of the state */

/* CHECK(c, e): constraint number c must hold; pan prints "((c<0)||...)" */
#define CHECK(c, e) assert(c < 0 || (e))
#define C2 CHECK(2, !pinned)           /* at bsp.efi_svam_enter: not pinned */
#define C3 CHECK(3, pinned)            /* at ap.cr4_init: pinned */
#define C4 CHECK(4, !user || pinned)   /* always user => pinned */
#define C5 CHECK(5, h_C5)              /* bsp.smp_init before ap.cr4_init */

/* forall c in 1..N: online[c], for N <= 8 */
#define ON(c) (c > N || online[c])
#define ALL_ONLINE (ON(1) && ON(2) && ON(3) && ON(4) && \
                    ON(5) && ON(6) && ON(7) && ON(8))

active proctype bsp() {
identify_boot_cpu: atomic { cr4[0] = cr4[0] | SMEP | SMAP | UMIP; C4 };
setup_lass:        atomic { cr4[0] = cr4[0] | LASS; C4 };
efi_svam_enter:    if
                   :: atomic { C2; cr4[0] = cr4[0] & ~LASS; efi = SVAM; C4 }
                   :: atomic { C2; efi = OFF; C4; goto rest_init }
                   fi;
efi_svam_exit:     atomic { cr4[0] = cr4[0] | LASS; efi = VIRT; C4 };
rest_init:         atomic { if
                            :: !LATE_PIN -> pin_bits = cr4[0]; pinned = true
                            :: else
                            fi;
                            C4 };
smp_init:          atomic { for (k : 1 .. N) { kicked[k] = true };
                            k = 0;
                            h_C5 = true;
                            C4 };
smp_wait:          atomic { ALL_ONLINE ->
                            if
                            :: LATE_PIN -> pin_bits = cr4[0]; pinned = true
                            :: else
                            fi;
                            C4 };
run_init_process:  atomic { user = true; C4 };
end_bsp:           false          /* ended */
}

active [N] proctype ap() {
start_secondary:   atomic { kicked[_pid] -> assert(_pid >= 1 && _pid <= N); C4 };
cr4_init:          atomic { C3; C5;
                            cr4[_pid] = cr4[_pid] | SMEP | SMAP | UMIP;
                            if
                            :: pinned -> cr4[_pid] = cr4[_pid] | pin_bits
                            :: else
                            fi;
                            C4 };
ap_online:         atomic { online[_pid] = true; C4 };   /* step "online" */
end_ap:            false          /* ended */
}
