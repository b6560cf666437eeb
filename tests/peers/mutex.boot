# mutex.boot - peer cross-check model 1: a test-and-set lock, N processes.
#
# Its SPIN and Rumur twins are mutex.pml and mutex.m; run_peers.py compares
# the three tools' distinct-state counts and verdicts (README.md).
#
#   bootcheck check mutex.boot -D N=3                 # every constraint holds
#   bootcheck check mutex.boot -D N=3 -D RACY=true    # MUTEX is violated
#
# Hand count (README.md): (N+1) * 2^N distinct states -- 4, 12, 32, 80.

spec peers_mutex "Peer cross-check: test-and-set lock, N processes"

const N = 2;            # number of processes
const RACY = false;     # true: test, then set in the next step (a race)

var lock  : bool = false;
var in_cs : 0..N = 0;   # processes in their critical section

process p[i in 1..N] {
  ncs:      skip;                       # non-critical work
  test:     await not lock;             # test-and-set, atomic unless RACY
            if not RACY then lock := true;
  enter:    lock := true;
            in_cs := in_cs + 1;
  release:  lock := false;
            in_cs := in_cs - 1;
            either { goto ncs; } or { goto test; }
}

constraint MUTEX "at most one process in its critical section":
  always in_cs <= 1;
constraint ND "no deadlock": no deadlock;
