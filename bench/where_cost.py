#!/usr/bin/env python3
"""bench/where_cost.py - the cost of `bootcheck where` (docs/where.md).

Usage: bench/where_cost.py BOOTCHECK NAP [OPTION...]

On specs/x86/cr_pinning.boot with -D REV=3 -D NAP=NAP and the options
given, prints the wall time (best of three) of one placement's check
(setup_cr_pinning@arch_cpu_finalize_init), of `where` over every
candidate, and of one `where --placement setup_cr_pinning@CANDIDATE`
process per candidate (once each). Run from the top of the repository.
"""
import json
import subprocess
import sys
import time

SPEC = "specs/x86/cr_pinning.boot"


def timed(bc, args, reps):
    best, proc = None, None
    for _ in range(reps):
        t0 = time.perf_counter()
        proc = subprocess.run([bc] + args, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    return best, proc


def main():
    bc, nap, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    base = ["-D", "REV=3", "-D", "NAP=" + nap, "--quiet"] + extra
    one, _ = timed(bc, ["check", SPEC, "--placement",
                        "setup_cr_pinning@arch_cpu_finalize_init"] + base, 3)
    where, proc = timed(bc, ["where", SPEC, "setup_cr_pinning",
                             "--format", "json"] + base, 3)
    doc = json.loads(proc.stdout)
    hooks = [p["hook"] for p in doc["points"]]
    each = 0.0
    for h in hooks:
        dt, _ = timed(bc, ["where", SPEC, "setup_cr_pinning", "--placement",
                           "setup_cr_pinning@" + h] + base, 1)
        each += dt
    states = sum(p["states"] for p in doc["points"])
    print(f"NAP={nap} {' '.join(extra)}: one check {one:.3f} s; where "
          f"{where:.3f} s ({len(hooks)} candidates, {states} states, "
          f"{where / one:.1f}x one check); one process per candidate "
          f"{each:.3f} s")


if __name__ == "__main__":
    main()
