#!/usr/bin/env python3
"""run_golden.py - golden tests of bootcheck's diagnostics.

usage: run_golden.py [--update] BOOTCHECK DIR

For every DIR/NAME.boot, runs `BOOTCHECK list NAME.boot` from inside DIR (so
messages read `NAME.boot:LINE:COL: error: ...`), then compares its stderr
with DIR/NAME.err and its exit status with 2 (a spec error). Prints a
unified diff for each mismatch and exits 1 if any case failed. With
--update, rewrites each NAME.err from the actual stderr instead (the exit
status is still checked).
"""
import difflib
import os
import subprocess
import sys

EXPECTED_STATUS = 2


def run_case(bootcheck, directory, name, update):
    """Run one NAME.boot; return a list of failure lines (empty: passed)."""
    try:
        proc = subprocess.run([bootcheck, "list", name], cwd=directory,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return ["timed out after 60 s"]
    except OSError as e:
        return ["cannot run %s: %s" % (bootcheck, e)]
    actual = proc.stderr.decode("utf-8", "replace")
    problems = []
    if proc.returncode != EXPECTED_STATUS:
        problems.append("exit status %d, expected %d"
                        % (proc.returncode, EXPECTED_STATUS))
    err_path = os.path.join(directory, name[:-len(".boot")] + ".err")
    if update:
        with open(err_path, "w", encoding="utf-8", newline="") as f:
            f.write(actual)
        return problems
    try:
        with open(err_path, encoding="utf-8", newline="") as f:
            expected = f.read()
    except OSError:
        problems.append("no %s (run with --update to create it)"
                        % os.path.basename(err_path))
        return problems
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=os.path.basename(err_path),
            tofile="stderr of bootcheck list " + name)
        problems.append("stderr differs:\n" + "".join(diff).rstrip("\n"))
    return problems


def main(argv):
    args = argv[1:]
    update = "--update" in args
    args = [a for a in args if a != "--update"]
    if len(args) != 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    bootcheck = os.path.abspath(args[0])
    directory = args[1]
    names = sorted(n for n in os.listdir(directory) if n.endswith(".boot"))
    if not names:
        print("no .boot files in %s" % directory)
        return 1
    failed = 0
    for name in names:
        problems = run_case(bootcheck, directory, name, update)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            print("ok   %s%s" % (name, " (updated)" if update else ""))
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
