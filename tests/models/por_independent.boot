# Partial-order reduction on independent steps: process a (two steps) and
# three one-step processes touch nothing but their own program counters.
# Without reduction every interleaving: 3 * 2^3 = 24 states. With --por one
# order is enough (a's steps, then b[1], b[2], b[3]): 1 + 2 + 3 = 6 states.
# bootcheck-test: => exit=0 states=24
# bootcheck-test: --por => exit=0 states=6
# bootcheck-test: --por --workers 2 => exit=0 states=6
spec por_independent;
const N = 3;
process a { s1: skip; s2: skip; }
process b[i in 1..N] { t: skip; }
