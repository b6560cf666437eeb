# Two independent processes: a (3 program counters) and a family of 3
# one-step processes (2^3): 3 * 8 = 24 states, in every engine mode.
# bootcheck-test: => exit=0 states=24
# bootcheck-test: --fingerprint => exit=0 states=24
# bootcheck-test: -D N=4 => exit=0 states=48
spec interleave;
const N = 3;
process a { s1: skip; s2: skip; }
process b[i in 1..N] { t: skip; }
