#!/usr/bin/env python3
"""`bootcheck where`: the shared search (checker/explore/shared.c) against
one search per candidate (--no-share).

Usage: test_where_share.py BOOTCHECK SRCROOT

For every placement of every spec in specs/, tests/models and tests/cli
that has one (where the placement has a process with two steps), and for
the x86 spec (specs/x86/cr_pinning.boot) at every revision (-D REV=0..9) at
NAP=2, both methods must give the same verdict matrix: per point the status,
the constraints violated, the first violation and the length of its
shortest counterexample; without --por also the states each candidate
reaches (the shared search visits each candidate's states at their depth
in its own search). With --por (LASS v9 and mainline 2026; also at NAP=3,
parallel and serial bring-up, where the bring-up loop's candidates choose
their own stubborn sets), --stop-at-first and --workers 1, the statuses and
violations. Runs in about 10 s (3 s of CPU).
"""
import glob
import json
import os
import re
import subprocess
import sys
import unittest

BC = SRC = None


def where(spec, placement, *args):
    p = subprocess.run([BC, "where", spec, placement, "--format", "json",
                        "--no-timing", "--quiet", "--no-windows", *args],
                       capture_output=True, text=True, cwd=SRC,
                       env=dict(os.environ, LC_ALL="C"))
    if p.returncode == 2 or (not p.stdout and "error:" in p.stderr):
        # a spec or usage error (no step boundary to try, ...): under
        # AddressSanitizer where's exit 2 path leaks its candidate list
        # (checker/cli/where.c, before this test), which changes the status
        return 2, None, p.stderr
    return p.returncode, json.loads(p.stdout), p.stderr


def matrix(j, states):
    rows = []
    for pt in j["points"]:
        fv = pt["first_violation"]
        row = (pt["index"], pt["hook"], pt["status"], tuple(pt["violated"]),
               fv and (fv["constraint"], fv["steps"]))
        if states:
            row += (pt["states"],)
        rows.append(row)
    return rows


def placements(path):
    with open(os.path.join(SRC, path), encoding="utf-8") as f:
        text = re.sub(r"#.*", "", f.read())
    return re.findall(r"^\s*placement\s+([A-Za-z_][A-Za-z0-9_]*)", text,
                      re.M)


class Share(unittest.TestCase):
    def same(self, spec, placement, *args, states=True):
        a = where(spec, placement, *args)
        b = where(spec, placement, *args, "--no-share")
        what = f"{spec} {placement} {' '.join(args)}"
        self.assertEqual(a[0], b[0], what + ": exit status\n" + a[2] + b[2])
        if a[0] == 2:
            return False
        self.assertNotIn("one by one", a[2], what)
        self.assertEqual(matrix(a[1], states), matrix(b[1], states), what)
        return True

    def test_every_spec_with_a_placement(self):
        checked = 0
        for pattern in ("specs/*.boot", "specs/*/*.boot", "tests/models/*.boot",
                        "tests/cli/*.boot"):
            for spec in sorted(glob.glob(pattern, root_dir=SRC)):
                for pl in placements(spec):
                    with self.subTest(spec=spec, placement=pl):
                        checked += self.same(spec, pl)
        self.assertGreaterEqual(checked, 6)

    def test_x86_every_revision(self):
        for rev in range(10):
            with self.subTest(rev=rev):
                self.assertTrue(self.same("specs/x86/cr_pinning.boot",
                                          "setup_cr_pinning", "-D", f"REV={rev}"))

    def test_x86_reductions_and_options(self):
        x86 = "specs/x86/cr_pinning.boot"
        for rev in (3, 9):
            for args in (["--por"], ["--por", "--stop-at-first"],
                         ["--stop-at-first"], ["--no-symmetry"],
                         ["--workers", "1"],
                         # the bring-up loop's candidates under --por, at
                         # their step with their own stubborn set (three
                         # APs: sets that differ from U's)
                         ["--por", "-D", "NAP=3", "--no-liveness"],
                         ["--por", "-D", "NAP=3", "-D", "PARALLEL=false",
                          "--no-liveness"]):
                with self.subTest(rev=rev, args=args):
                    self.same(x86, "setup_cr_pinning", "-D", f"REV={rev}",
                              *args, states="--por" not in args)

    def test_fallback_is_said(self):
        # --fingerprint: a state is expanded again for candidates that
        # reach it later, so the candidates are checked one by one
        rc, j, err = where("specs/x86/cr_pinning.boot", "setup_cr_pinning",
                           "-D", "REV=3", "--fingerprint")
        self.assertIn("checked one by one", err)
        self.assertEqual(rc, 1)


if __name__ == "__main__":
    BC, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=1)
