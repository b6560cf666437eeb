#!/usr/bin/env python3
"""run_output_golden.py - golden tests of `bootcheck check` reports.

usage: run_output_golden.py [--update] BOOTCHECK SRCROOT [GOLDEN...]

Reads SRCROOT/tests/golden/cases (format in its header), runs each case
from SRCROOT as `BOOTCHECK check ARGS --no-timing --workers 2` with LC_ALL=C.UTF-8,
NO_COLOR and TERM unset, and compares its exit status and standard output
with SRCROOT/tests/golden/GOLDEN. The "bootcheck" version and the spec's
"sha256" in JSON output are masked, so a version bump or an edited comment
does not touch the goldens.

Besides the byte comparison, every golden is checked for what its format
promises: text lines fit in 72 columns, JSON parses and has the documented
top-level fields, Markdown code fences are balanced and each Mermaid
diagram starts with sequenceDiagram.

The goldens pin behaviour, not engine counters: the search statistics
(states, generated, depth, queue, POR counts and the collision bound) are
masked as "#" in both the golden and the output, since an optimisation of
the search changes them without changing a verdict (the hand-counted
tests/models/*.boot oracles pin the counts).

With --update, rewrites each golden from the actual output instead (the
exit status and the format checks still apply). GOLDEN names (sketch.txt
...) limit the run, or the update, to those cases.
"""
import difflib
import json
import os
import re
import shlex
import subprocess
import sys

VERSION_RE = re.compile(r'^(\s*"bootcheck":\s*)"[^"]*"', re.M)
SHA_RE = re.compile(r'^(\s*"sha256":\s*)"[0-9a-f]{64}"', re.M)


STATS_JSON_RE = re.compile(
    r'^(\s*"(?:generated|distinct|diameter|queue|por_reduced|por_full|'
    r'collision_bound)":\s*)[0-9.eE+-]+', re.M)
STATS_HEAD_RE = re.compile(r"^\s+states\s+generated\s+depth")


def mask_counters(golden, text):
    """The output with the engine's counters replaced by '#'."""
    if golden.endswith(".json"):
        return STATS_JSON_RE.sub(r'\1"#"', text)
    lines = text.split("\n")
    if golden.endswith(".txt"):
        in_stats = False
        for i, line in enumerate(lines):
            if STATS_HEAD_RE.match(line):
                in_stats = True
            elif in_stats and re.search(r"\s\d+$", line):
                # each number right-aligned as '#' in its column
                lines[i] = re.sub(
                    r"( +)(\d+)(?=( +\d+)*$)",
                    lambda m: " " * (len(m.group(0)) - 1) + "#", line)
            else:
                in_stats = False
    elif golden.endswith(".md"):
        cols = None
        for i, line in enumerate(lines):
            cells = line.split("|")
            if "states" in [c.strip() for c in cells]:
                cols = [j for j, c in enumerate(cells)
                        if c.strip() in ("states", "depth")]
            elif cols and line.startswith("|") and len(cells) > max(cols):
                for j in cols:
                    if cells[j].strip().isdigit():
                        cells[j] = " # "
                lines[i] = "|".join(cells)
            elif not line.startswith("|"):
                cols = None
    return "\n".join(lines)


def read_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = shlex.split(line)
            if len(words) < 3:
                raise SystemExit("%s:%d: expected GOLDEN EXIT ARGS..."
                                 % (path, lineno))
            golden, status, rest = words[0], int(words[1]), words[2:]
            env = {}
            while rest and re.match(r"^[A-Z_][A-Z0-9_]*=", rest[0]):
                k, _, v = rest.pop(0).partition("=")
                env[k] = v
            cases.append((golden, status, env, rest))
    return cases


def format_problems(golden, text):
    """What the format of 'golden' promises, checked on 'text'."""
    problems = []
    if golden.endswith(".txt"):
        for n, line in enumerate(text.splitlines(), 1):
            plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
            if len(plain) > 72:
                problems.append("line %d has %d columns (more than 72): %s"
                                % (n, len(plain), plain))
    elif golden.endswith(".json"):
        try:
            doc = json.loads(text)
        except ValueError as e:
            return ["not JSON: %s" % e]
        for key in ("format_version", "spec", "constraints", "windows",
                    "configurations"):
            if key not in doc:
                problems.append("no top-level field %r" % key)
    elif golden.endswith(".md"):
        fences = [l for l in text.splitlines() if l.startswith("```")]
        if len(fences) % 2:
            problems.append("unbalanced ``` fences")
        for i, l in enumerate(text.splitlines()):
            if l == "```mermaid":
                nxt = text.splitlines()[i + 1] if i + 1 < len(
                    text.splitlines()) else ""
                if nxt != "sequenceDiagram":
                    problems.append("a mermaid block that is not a "
                                    "sequenceDiagram")
    return problems


def run_case(bootcheck, root, case, update):
    golden, status, env_over, args = case
    env = dict(os.environ)
    for k in ("NO_COLOR", "TERM", "LANG", "LANGUAGE", "LC_CTYPE"):
        env.pop(k, None)
    env["LC_ALL"] = "C.UTF-8"
    env.update(env_over)
    # --workers 2: a counterexample is the shortest with any number of
    # workers, but which of several equally short ones depends on it
    cmd = [bootcheck, "check", *args, "--no-timing", "--quiet",
           "--workers", "2"]
    try:
        proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True,
                              timeout=300)
    except subprocess.TimeoutExpired:
        return ["timed out"]
    actual = proc.stdout.decode("utf-8", "replace")
    if golden.endswith(".json"):
        actual = VERSION_RE.sub(r'\1"VERSION"', actual)
        actual = SHA_RE.sub(r'\1"SHA256"', actual)
    actual = mask_counters(golden, actual)
    problems = []
    if proc.returncode != status:
        problems.append("exit status %d, expected %d; stderr:\n%s"
                        % (proc.returncode, status,
                           proc.stderr.decode("utf-8", "replace")))
    problems += format_problems(golden, actual)
    path = os.path.join(root, "tests", "golden", golden)
    if update:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(actual)
        return problems
    try:
        with open(path, encoding="utf-8", newline="") as f:
            expected = f.read()
    except OSError:
        return problems + ["no %s (run with --update to create it)" % golden]
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True), fromfile=golden,
            tofile="bootcheck check " + " ".join(args))
        problems.append("output differs:\n" + "".join(diff).rstrip("\n"))
    return problems


def main(argv):
    args = argv[1:]
    update = "--update" in args
    args = [a for a in args if a != "--update"]
    if len(args) < 2:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    bootcheck = os.path.abspath(args[0])
    root = os.path.abspath(args[1])
    cases = read_cases(os.path.join(root, "tests", "golden", "cases"))
    if args[2:]:
        unknown = set(args[2:]) - {c[0] for c in cases}
        if unknown:
            sys.stderr.write("no such case: %s\n" % " ".join(sorted(unknown)))
            return 2
        cases = [c for c in cases if c[0] in args[2:]]
    failed = 0
    for case in cases:
        problems = run_case(bootcheck, root, case, update)
        if problems:
            failed += 1
            print("FAIL %s" % case[0])
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            print("ok   %s%s" % (case[0], " (updated)" if update else ""))
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
