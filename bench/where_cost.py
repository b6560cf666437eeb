#!/usr/bin/env python3
"""bench/where_cost.py - the cost of `bootcheck where` (docs/where.md, "Cost").

Usage: bench/where_cost.py [--rounds N] [--loop N] [--where-loop N]
                           BOOTCHECK NAP [OPTION...]

On specs/x86/cr_pinning.boot with -D REV=3 -D NAP=NAP --quiet and the
options given, times one placement's check
(setup_cr_pinning@arch_cpu_finalize_init), `where` over every candidate in
one shared search (the default) and `where --no-share` (one search per
candidate), interleaved: one check, shared, one by one, then again, for
--rounds rounds (default three). Each sample runs its command --loop times
(default 1; --where-loop for the two `where` commands, default --loop) and
takes the user CPU time of those runs (the children's rusage, as
/usr/bin/time -f %U reports it) per run. Prints every sample, the median
of each command and its ratio to one check's, and whether both `where`
give the same verdicts. Run from the top of the repository; note `uptime`
with the figures (the machine is shared).
"""
import json
import resource
import statistics
import subprocess
import sys
import time

SPEC = "specs/x86/cr_pinning.boot"


def sample(cmd, loop):
    """User CPU and wall seconds per run of 'loop' runs of 'cmd'; the
    last run's completed process."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    for _ in range(loop):
        proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime - r0.ru_utime) / loop, wall / loop, proc


def main():
    args, rounds, loop, wloop = sys.argv[1:], 3, 1, None
    while args and args[0].startswith("--"):
        if args[0] in ("--rounds", "--loop", "--where-loop") and len(args) > 1:
            n = int(args[1])
            if args[0] == "--rounds":
                rounds = n
            elif args[0] == "--loop":
                loop = n
            else:
                wloop = n
            args = args[2:]
        else:
            sys.exit(__doc__)
    if len(args) < 2:
        sys.exit(__doc__)
    bc, nap, extra = args[0], args[1], args[2:]
    wloop = wloop or loop
    base = ["-D", "REV=3", "-D", "NAP=" + nap, "--quiet"] + extra
    cmds = [
        ("one check", [bc, "check", SPEC, "--placement",
                       "setup_cr_pinning@arch_cpu_finalize_init"] + base,
         loop),
        ("where", [bc, "where", SPEC, "setup_cr_pinning", "--format",
                   "json", "--no-timing"] + base, wloop),
        ("where --no-share", [bc, "where", SPEC, "setup_cr_pinning",
                              "--format", "json", "--no-timing",
                              "--no-share"] + base, wloop),
    ]
    print(subprocess.run(["uptime"], capture_output=True,
                         text=True).stdout.strip())
    got = {name: [] for name, _, _ in cmds}
    out = {}
    for _ in range(rounds):
        for name, cmd, n in cmds:
            u, w, proc = sample(cmd, n)
            got[name].append((u, w))
            out[name] = proc.stdout
    print(subprocess.run(["uptime"], capture_output=True,
                         text=True).stdout.strip())
    one = statistics.median(u for u, _ in got["one check"])
    for name, _, _ in cmds:
        u = statistics.median(x for x, _ in got[name])
        w = statistics.median(x for _, x in got[name])
        print(f"NAP={nap} {' '.join(extra)}: {name}: user "
              f"{u:.4f} s ({u / one if one else 0:.1f}x one check), wall "
              f"{w:.3f} s; samples "
              + " ".join(f"{x:.4f}" for x, _ in got[name]))
    doc, doc1 = json.loads(out["where"]), json.loads(out["where --no-share"])
    same = [(p["status"], p["violated"]) for p in doc["points"]] == \
        [(p["status"], p["violated"]) for p in doc1["points"]]
    print("same verdicts" if same else "VERDICTS DIFFER")


if __name__ == "__main__":
    main()
