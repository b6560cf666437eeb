# Found by tests/difftest (seed long3, spec 474; minimised by hand).
# With several workers, the distinct and generated counts reported when
# a runtime error stops the search depend on thread timing: a worker that
# meets the error halts the others in the middle of the level
# (checker/explore/explore.c, worker_error() -> halt()). The error, its
# trace (1 step) and the exit status (2) are the same; the counts are
# not, although `--workers` promises the same results for every N.
# bootcheck 4cbd83a, 13 runs: --workers 1: 5 states (12 generated);
# --workers 2: 5 or 8; --workers 3: 5 or 7. Expected once fixed: one
# count for every N (say, the states of every level up to the error's,
# with the level finished), and a rule for which error is shown when one
# level has several.
# bootcheck-test: --workers 1 => exit=2
spec workers_error_count;
var x : 0..2;
process p { a: skip; }
process q { b: skip; }
process f[i in 1..2] { c: skip; d: x := 3; }
