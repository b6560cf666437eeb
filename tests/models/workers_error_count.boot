# A runtime error stops the search after the level it is found in, so the
# counts do not depend on thread timing (found by tests/difftest, seed
# long3, spec 474: with several workers a worker that met the error used to
# halt the others in the middle of the level; --workers 2 gave 5 or 8
# states). Counted by hand: the initial state; 4 states after one step of
# p, q, f[1].c or f[2].c; the level after it is finished: 6 states of two
# such steps, 11 in all. Generated: 4 + 3 + 3 from p's and q's states, and
# from f[1] at d: p, q, then f[1].d leaves x's range (x := 3 in 0..2),
# which ends that state's successors (2); from f[2] at d: p, q, f[1].c,
# then the error (3): 15. The error shown is the one of the smallest state.
# bootcheck-test: --workers 1 => exit=2 states=11
# bootcheck-test: --workers 2 => exit=2 states=11
# bootcheck-test: --workers 3 => exit=2 states=11
spec workers_error_count;
var x : 0..2;
process p { a: skip; }
process q { b: skip; }
process f[i in 1..2] { c: skip; d: x := 3; }
