/*
 * choose.pml - SPIN version of bench/zoo/choose.boot (N tasks each
 * grabbing any free slot out of R, then taking one of two modes;
 * sum over k of C(N, k) R!/(R - k)! 3^k states).
 *
 *   spin -o1 -o2 -o3 -DN=5 -DR=7 -a choose.pml
 *   cc -O2 -DSAFETY -DNOREDUCE -DMEMLIM=16384 -o pan pan.c
 *   ./pan -m10000 -w20
 *
 * Step for step equal to choose.boot, with bench/models/boot.pml's
 * conventions: a task that has run its last step blocks at
 * `end_task: false`; C1 is asserted at the end of every step (it holds
 * initially). Task i of the .boot (1..N) is _pid i - 1 here.
 *  - grab (`with s in 0..R - 1 { await not used[s]; ... }`) is an `if`
 *    with one `d_step` per slot, guarded by the `await`: a choice whose
 *    await fails is not executable, as in bootcheck; each option is one
 *    pan transition (the options are unrolled by the preprocessor, R <=
 *    10);
 *  - mode (`either ... or ...`) is an `if` of two d_steps; both lead to
 *    end_task, so the two ends differ by fast[] only, as in bootcheck.
 * C1 reads program counters (at_label(task.grab[a])), which pan does
 * not allow in a d_step, so slot[] holds the slot plus one, 0 while the
 * task is at grab: the same states (0 stands for "at grab, slot 0" of
 * the .boot) and C1 reads data only (pairs unrolled for N <= 6).
 */
#ifndef N
#define N 5
#endif
#ifndef R
#define R 7
#endif
#if N < 1 || N > 6 || R < 1 || R > 10
#error "choose.pml: N must be 1..6 and R 1..10"
#endif

bool used[R];
byte slot[N];           /* 0: at grab; else the slot taken, plus one */
bool fast[N];

/* C1 "no slot held twice": always forall a, b in 1..N: a == b or
 * at_label(task.grab[a]) or at_label(task.grab[b]) or slot[a] != slot[b]
 * (pairs with b >= N are constant true: cc drops them) */
#define P(a, b) (b >= N || slot[a] == 0 || slot[a] != slot[b])
#define C1_ALL (P(0, 1) && P(0, 2) && P(0, 3) && P(0, 4) && P(0, 5) && \
                P(1, 2) && P(1, 3) && P(1, 4) && P(1, 5) && P(2, 3) && \
                P(2, 4) && P(2, 5) && P(3, 4) && P(3, 5) && P(4, 5))
#define C1 assert(C1_ALL)

active [N] proctype task() {
grab:
  if
  :: d_step { !used[0] -> used[0] = true; slot[_pid] = 1; C1 }
#if R > 1
  :: d_step { !used[1] -> used[1] = true; slot[_pid] = 2; C1 }
#endif
#if R > 2
  :: d_step { !used[2] -> used[2] = true; slot[_pid] = 3; C1 }
#endif
#if R > 3
  :: d_step { !used[3] -> used[3] = true; slot[_pid] = 4; C1 }
#endif
#if R > 4
  :: d_step { !used[4] -> used[4] = true; slot[_pid] = 5; C1 }
#endif
#if R > 5
  :: d_step { !used[5] -> used[5] = true; slot[_pid] = 6; C1 }
#endif
#if R > 6
  :: d_step { !used[6] -> used[6] = true; slot[_pid] = 7; C1 }
#endif
#if R > 7
  :: d_step { !used[7] -> used[7] = true; slot[_pid] = 8; C1 }
#endif
#if R > 8
  :: d_step { !used[8] -> used[8] = true; slot[_pid] = 9; C1 }
#endif
#if R > 9
  :: d_step { !used[9] -> used[9] = true; slot[_pid] = 10; C1 }
#endif
  fi;
mode:
  if
  :: d_step { fast[_pid] = true; C1 }
  :: d_step { skip; C1 }
  fi;
end_task: false         /* ended */
}
