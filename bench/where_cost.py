#!/usr/bin/env python3
"""bench/where_cost.py - the cost of `bootcheck where` (docs/where.md).

Usage: bench/where_cost.py [--reps N] [--no-each] BOOTCHECK NAP [OPTION...]

On specs/x86/cr_pinning.boot with -D REV=3 -D NAP=NAP and the options
given, prints the wall time (best of --reps, default three; with the CPU
time of that run) of one placement's check
(setup_cr_pinning@arch_cpu_finalize_init), of `where` over every
candidate in one shared search (the default), of `where --no-share` (one
search per candidate, in one process), and of one `where --placement
setup_cr_pinning@CANDIDATE` process per candidate (once each; not with
--no-each). Run from the top of the repository.
"""
import json
import resource
import subprocess
import sys
import time

SPEC = "specs/x86/cr_pinning.boot"


CPU = {}


def timed(bc, args, reps):
    """Best wall time of 'reps' runs; the CPU time (user + system) of the
    same run in CPU[the wall time]."""
    best, proc = None, None
    for _ in range(reps):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([bc] + args, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
        if best is None or dt < best:
            best = dt
            CPU[dt] = cpu
    return best, proc


def main():
    args, reps, each_too = sys.argv[1:], 3, True
    while args and args[0].startswith("--"):
        if args[0] == "--reps":
            reps, args = int(args[1]), args[2:]
        elif args[0] == "--no-each":
            each_too, args = False, args[1:]
        else:
            sys.exit(__doc__)
    bc, nap, extra = args[0], args[1], args[2:]
    base = ["-D", "REV=3", "-D", "NAP=" + nap, "--quiet"] + extra
    one, _ = timed(bc, ["check", SPEC, "--placement",
                        "setup_cr_pinning@arch_cpu_finalize_init"] + base,
                   reps)
    where, proc = timed(bc, ["where", SPEC, "setup_cr_pinning",
                             "--format", "json"] + base, reps)
    alone, proc1 = timed(bc, ["where", SPEC, "setup_cr_pinning",
                              "--format", "json", "--no-share"] + base, reps)
    doc, doc1 = json.loads(proc.stdout), json.loads(proc1.stdout)
    hooks = [p["hook"] for p in doc["points"]]
    same = [(p["status"], p["violated"]) for p in doc["points"]] == \
        [(p["status"], p["violated"]) for p in doc1["points"]]
    each = 0.0
    for h in hooks if each_too else []:
        dt, _ = timed(bc, ["where", SPEC, "setup_cr_pinning", "--placement",
                           "setup_cr_pinning@" + h] + base, 1)
        each += dt
    states = sum(p["states"] for p in doc1["points"])
    print(f"NAP={nap} {' '.join(extra)}: one check {one:.3f} s "
          f"(CPU {CPU[one]:.3f} s); where (shared) {where:.3f} s "
          f"({where / one:.1f}x one check; CPU {CPU[where]:.3f} s, "
          f"{CPU[where] / CPU[one]:.1f}x); where --no-share {alone:.3f} s "
          f"({alone / one:.1f}x; CPU {CPU[alone]:.3f} s, "
          f"{CPU[alone] / CPU[one]:.1f}x; {len(hooks)} candidates, "
          f"{states} states); "
          + (f"one process per candidate {each:.3f} s; " if each_too else "")
          + ("same verdicts" if same else "VERDICTS DIFFER"))


if __name__ == "__main__":
    main()
