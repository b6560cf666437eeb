# prodcons.boot - peer cross-check model 2: a bounded buffer (a counter),
# N producers and N consumers; each producer puts ITEMS items, each consumer
# takes ITEMS + EXTRA items.
#
# Its SPIN and Rumur twins are prodcons.pml and prodcons.m; run_peers.py
# compares the three tools' distinct-state counts and verdicts (README.md).
#
#   bootcheck check prodcons.boot -D N=2               # every constraint holds
#   bootcheck check prodcons.boot -D N=2 -D EXTRA=1    # ND is violated
#
# Hand count for CAP = ITEMS = 2 (README.md): 13 (N=1), 248 (N=2),
# 5036 (N=3) distinct states.

spec peers_prodcons "Peer cross-check: bounded buffer, N producers, N consumers"

const N = 2;            # producers, and consumers
const CAP = 2;          # buffer capacity
const ITEMS = 2;        # items each producer makes
const EXTRA = 0;        # 1: each consumer wants one item more (deadlock)

var count : 0..CAP = 0; # items in the buffer

process prod[i in 1..N] {
  var made : 0..ITEMS = 0;
  produce:  made := made + 1;
  put:      await count < CAP;
            count := count + 1;
            if made < ITEMS then goto produce;
}

process cons[i in 1..N] {
  var got : 0..ITEMS + EXTRA = 0;
  get:      await count > 0;
            count := count - 1;
            got := got + 1;
  consume:  if got < ITEMS + EXTRA then goto get;
}

constraint ND "no deadlock": no deadlock;
