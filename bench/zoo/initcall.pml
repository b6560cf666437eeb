/*
 * initcall.pml - SPIN version of bench/zoo/initcall.boot (kernel_init
 * runs L initcall levels of D drivers each; each driver probes at its
 * level, initialises, and runs an asynchronous tail at any later time;
 * 4^D (2^(DL) - 1) / (2^D - 1) + 2 * 2^(DL) states).
 *
 *   spin -o1 -o2 -o3 -DL=6 -a initcall.pml
 *   cc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m10000 -w22
 *
 * Step for step equal to initcall.boot, with bench/models/boot.pml's
 * conventions: one pan transition per bootcheck step, labelled like the
 * step; a process that has run its last step blocks at `end_*: false`;
 * I1 and I2 are asserted at the end of every step (they hold initially).
 * kinit is declared first (pid 0); driver i of the .boot (0..ND - 1) is
 * _pid i + 1 here: I below.
 *  - level_sync (an `await` over every driver, then `level := level + 1;
 *    goto level_sync` below the last level) is a `do` of two `atomic`s
 *    with the await as their guard: raise the level and stay at
 *    level_sync, or, at the last level, leave for boot_done. kinit's
 *    three steps are `atomic`, not d_step: spin rejects a jump (the
 *    loop's, the break's) into a d_step. atomic gives the same states
 *    and transitions (pan stores no state inside it; it runs and counts
 *    the statements after the guard as "atomic steps"). The await
 *    `forall d in 0..ND - 1: d / D != level or done[d]` is written over
 *    the D drivers of the current level (the same condition; unrolled,
 *    D <= 4);
 *  - register(i) is an `inline`; `set of Class` is a bitmask byte;
 *  - the step `init` is labelled `init_` (`init` is a Promela keyword).
 */
#ifndef L
#define L 6
#endif
#ifndef D
#define D 3
#endif
#define ND (L * D)
#if L < 1 || D < 1 || D > 4 || ND > 32
#error "initcall.pml: D must be 1..4 and L * D <= 32 (unrolled below)"
#endif
#define I (_pid - 1)

#define BUS 1
#define CLK 2
#define NET 4
#define BLK 8

byte level;             /* 0..L - 1 */
bool done[ND];
byte irq[ND];           /* 0..15 */
byte registered;        /* set of Class */
bool deferred[ND];
bool booted;

inline register(d) {
  if
  :: d % 4 == 0 -> registered = registered | BUS
  :: d % 4 == 1 -> registered = registered | CLK
  :: d % 4 == 2 -> registered = registered | NET
  :: else -> registered = registered | BLK
  fi
}

/* every driver of the current level has initialised */
#define LDONE(j) (j >= D || done[level * D + j])
#define LEVEL_DONE (LDONE(0) && LDONE(1) && LDONE(2) && LDONE(3))

/* I1 "a driver initialises only at its level or later":
 *   always forall d in 0..ND - 1: done[d] => level >= d / D
 * I2 "boot only after every level":
 *   always booted => forall d in 0..ND - 1: done[d]
 * (terms with d >= ND are constant true: cc drops them) */
#define OK(d) ((d) >= ND || ((!done[d] || level >= (d) / D) && \
                             (!booted || done[d])))
#define OK8(d) (OK(d) && OK(d + 1) && OK(d + 2) && OK(d + 3) && \
                OK(d + 4) && OK(d + 5) && OK(d + 6) && OK(d + 7))
#define INV assert(OK8(0) && OK8(8) && OK8(16) && OK8(24))

active proctype kinit() {
level_sync:
  do
  :: atomic { LEVEL_DONE && level < L - 1 -> level++; INV }
  :: atomic { LEVEL_DONE && level == L - 1 -> INV }; break
  od;
boot_done:
  atomic { booted = true; INV };
end_kinit: false        /* ended */
}

active [ND] proctype drv() {
probe: d_step { level == I / D -> irq[I] = (I * 7 + 3) % 16; INV };
init_:  d_step { register(I); done[I] = true; INV };
tail:  d_step { deferred[I] = true; INV };
end_drv: false          /* ended */
}
