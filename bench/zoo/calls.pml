/*
 * calls.pml - SPIN version of bench/zoo/calls.boot (N drivers taking and
 * dropping references on D shared devices through nested procedure
 * calls; 7^N states).
 *
 *   spin -o1 -o2 -o3 -DN=8 -a calls.pml
 *   cc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m10000 -w23
 *
 * Step for step equal to calls.boot, with bench/models/boot.pml's
 * conventions: one `d_step` per bootcheck step, labelled like the step; a
 * driver that has run its last step blocks at `end_drv: false`; R2 is
 * asserted at the end of every step. The procedures are `inline`s (the
 * .boot inlines them into the step too). `violate R1` in put is an
 * assert(false) on the path that would drop a reference not taken.
 * Driver i of the .boot (1..N) is _pid i - 1 here: I below.
 */
#ifndef N
#define N 8
#endif
#ifndef D
#define D 3
#endif
#if N < 1 || N > 63 || D < 1 || D > 8
#error "calls.pml: N must be 1..63 and D 1..8 (R2_ALL unrolls R2 for 8)"
#endif
#define MAXREF (2 * N)
#define I (_pid + 1)

byte refs[D];           /* 0..MAXREF */
byte logged[D];         /* 0..4N */
bool bound[N];

inline get(d) {
  refs[d]++
}
inline put(d) {
  if
  :: refs[d] == 0 -> assert(false)   /* R1 "put without get" */
  :: else -> refs[d]--
  fi
}
inline note(d) {
  logged[d]++
}
inline attach(c, d) {
  get(d);
  note(d);
  bound[c - 1] = true
}
inline detach(c, d) {
  put(d);
  note(d);
  bound[c - 1] = false
}

/* R2 "references bounded": always forall d in 0..D - 1: refs[d] <= MAXREF
 * (terms with d >= D are constant true: cc drops them) */
#define OK(d) (d >= D || refs[d] <= MAXREF)
#define R2 assert(OK(0) && OK(1) && OK(2) && OK(3) && OK(4) && OK(5) && \
                  OK(6) && OK(7))

active [N] proctype drv() {
probe:   d_step { attach(I, I % D); R2 };
claim:   d_step { get((I + 1) % D); R2 };
work:    d_step { note((I + 1) % D); R2 };
release: d_step { put((I + 1) % D); R2 };
unbind:  d_step { detach(I, I % D); R2 };
rebind:  d_step { attach(I, (I + 2) % D); R2 };
end_drv: false          /* ended */
}
