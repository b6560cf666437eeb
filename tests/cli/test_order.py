#!/usr/bin/env python3
"""`bootcheck order` (checker/cli/order.c, checker/explore/order.c,
docs/order.md) and the goldens of `order` and `where` output.

Usage: test_order.py BOOTCHECK SRCROOT [--update]

- tests/cli/order_small.boot: the order derived by hand in its header
  (parallel processes with no order between them, an await that orders
  two processes, a step that runs in some executions only);
  tests/cli/order_nontransitive.boot: an order that is not transitive
  (a step between two others runs on one path only);
- the x86 spec: orders docs/order.md explains from docs/specs.md (EFI's
  SetVirtualAddressMap before the AP kick, the kick before every AP, the
  APs online before the initcalls, REV 8's EFI-first path);
- a limit gives exit 3 and no diagram; usage errors exit 2;
- `where` explains a window's ends with the order (x86 LASS v9 without
  runtime calls: after SetVirtualAddressMap, before smp_init ends, which
  precedes every AP); a spec with no legal point exits 1;
- regress --where: the legal points recorded, a narrowed and an emptied
  window reported as flips (exit 1), a schema-2 database migrated;
- goldens (tests/cli/golden/, --update rewrites them): order in text at
  72 columns, JSON, Markdown, Mermaid, dot; where in text, JSON and
  Markdown (a window, no legal point, x86 LASS v9).
Runs in about 2 s.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import sys
import unittest
import xml.etree.ElementTree as ET

BC = SRC = None
UPDATE = False
X86 = "specs/x86/cr_pinning.boot"

# golden file, expected exit, arguments (run from the source root with
# --no-timing --quiet and LC_ALL=C)
GOLDENS = [
    ("order_small.txt", 0, ["order", "tests/cli/order_small.boot"]),
    ("order_small.json", 0, ["order", "tests/cli/order_small.boot",
                             "--format", "json"]),
    ("order_small.md", 0, ["order", "tests/cli/order_small.boot",
                           "--format", "markdown"]),
    ("order_small.mmd", 0, ["order", "tests/cli/order_small.boot",
                            "--format", "mermaid"]),
    ("order_small.dot", 0, ["order", "tests/cli/order_small.boot",
                            "--format", "dot"]),
    ("order_x86_rev3.txt", 0, ["order", X86, "-D", "REV=3"]),
    ("order_nontransitive.txt", 0, ["order",
                                    "tests/cli/order_nontransitive.boot"]),
    # where: every format, a window and no legal point
    ("where_window.txt", 0, ["where", "tests/cli/where_window.boot", "pin"]),
    ("where_window.json", 0, ["where", "tests/cli/where_window.boot", "pin",
                              "--format", "json"]),
    ("where_window.md", 0, ["where", "tests/cli/where_window.boot", "pin",
                            "--format", "markdown"]),
    ("where_none.txt", 1, ["where", "tests/cli/where_none.boot", "pin"]),
    ("where_none.json", 1, ["where", "tests/cli/where_none.boot", "pin",
                            "--format", "json"]),
    ("where_none.md", 1, ["where", "tests/cli/where_none.boot", "pin",
                          "--format", "markdown"]),
    ("where_x86_rev3.txt", 0, ["where", X86, "setup_cr_pinning", "-D",
                               "REV=3", "-D", "EFI_RT=false",
                               "--no-windows"]),
]


def run(*args):
    p = subprocess.run([BC, *args], capture_output=True, text=True,
                       cwd=SRC, env=dict(os.environ, LC_ALL="C"))
    return p.returncode, p.stdout, p.stderr


def order_json(*args):
    rc, out, err = run("order", *args, "--format", "json", "--no-timing")
    return rc, json.loads(out)


class Order(unittest.TestCase):
    def test_small_by_hand(self):
        rc, d = order_json("tests/cli/order_small.boot")
        self.assertEqual(rc, 0)
        self.assertTrue(d["complete"])
        prec = {tuple(e) for e in d["precedes"]}
        m = lambda s: "main." + s
        w = lambda s: "worker." + s
        o = lambda s: "other." + s
        want = {
            (m("m1"), m("m2")), (m("m1"), m("m3")), (m("m1"), m("m4")),
            (m("m1"), w("w1")), (m("m1"), w("w2")), (m("m1"), o("o2")),
            (m("m2"), m("m3")), (m("m2"), m("m4")), (m("m2"), w("w1")),
            (m("m2"), w("w2")), (m("m2"), o("o2")),
            (m("m3"), m("m4")), (m("m3"), o("o2")),
            (w("w1"), w("w2")), (w("w1"), m("m4")), (w("w2"), m("m4")),
            (o("o1"), o("o2")),
        }
        self.assertEqual(prec, want)
        self.assertEqual(d["unordered_pairs"], 11)
        self.assertEqual({tuple(e) for e in d["hasse"]}, {
            (m("m1"), m("m2")), (m("m2"), m("m3")), (m("m2"), w("w1")),
            (w("w1"), w("w2")), (m("m3"), m("m4")), (w("w2"), m("m4")),
            (m("m3"), o("o2")), (o("o1"), o("o2"))})
        self.assertEqual(d["not_transitive_pairs"], 0)
        self.assertTrue(all(s["runs"] for s in d["steps"]))

    def test_not_transitive_by_hand(self):
        rc, d = order_json("tests/cli/order_nontransitive.boot")
        self.assertEqual(rc, 0)
        m = lambda s: "main." + s
        self.assertEqual({tuple(e) for e in d["precedes"]}, {
            (m("s"), m("a")), (m("s"), m("b")), (m("s"), m("c")),
            (m("a"), m("b")), (m("b"), m("c"))})
        self.assertEqual(d["hasse"], [[m("s"), m("a")], [m("a"), m("b")],
                                      [m("b"), m("c")]])
        self.assertEqual(d["not_transitive_pairs"], 1)
        self.assertEqual(d["unordered_pairs"], 1)
        rc, out, err = run("order", "tests/cli/order_nontransitive.boot",
                           "--no-timing")
        self.assertIn("Caution: 1 pair is joined by a path", out)
        self.assertIn("main.a and\n  main.c", out)

    def test_where_explains_with_the_order(self):
        # LASS v9 without runtime calls after boot: the window 5..13 opens
        # after SetVirtualAddressMap (C1 C2 before it) and closes with
        # smp_init, the parallel bring-up's kick (C3 H3 after it)
        rc, out, err = run("where", X86, "setup_cr_pinning", "-D", "REV=3",
                           "-D", "EFI_RT=false", "--no-windows", "--quiet",
                           "--format", "json", "--no-timing")
        self.assertEqual(rc, 0)
        w = json.loads(out)["windows"]
        self.assertEqual(len(w), 1)
        w = w[0]
        self.assertEqual((w["first"], w["last"]), (5, 13))
        self.assertEqual(w["opens_after"], "bsp.efi_set_virtual_address_map")
        self.assertEqual(w["closes_with"], "kernel_init.smp_init")
        self.assertEqual(w["precedes"], ["ap.start_secondary"])
        self.assertTrue(w["opens_in_boot_order"])
        self.assertEqual(
            w["explanation"],
            "legal after bsp.efi_set_virtual_address_map (C1 C2), before "
            "kernel_init.smp_init ends (C3 H3), which always precedes "
            "ap.start_secondary")
        self.assertTrue(w["closes_in_boot_order"])
        # REV 8 (EFI first): the text's two windows 2..2 and 5..13 are one
        # in the boot (fpu__init_cpu runs right before
        # arch_cpu_finalize_init), and the explanations say so
        rc, out, err = run("where", X86, "setup_cr_pinning", "-D", "REV=8",
                           "--no-windows", "--quiet", "--format", "json",
                           "--no-timing")
        self.assertEqual(rc, 0)
        w = json.loads(out)["windows"]
        self.assertEqual([(x["first"], x["last"]) for x in w],
                         [(2, 2), (5, 13)])
        self.assertFalse(w[0]["closes_in_boot_order"])
        self.assertIn("(in the text; in the boot bsp.arch_cpu_finalize_init "
                      "runs right after it)", w[0]["explanation"])
        self.assertFalse(w[1]["opens_in_boot_order"])
        self.assertIn("(in the text; in the boot bsp.fpu__init_cpu runs "
                      "right before bsp.arch_cpu_finalize_init)",
                      w[1]["explanation"])
        # no legal point: exit 1, the constraints from each side
        rc, out, err = run("where", "tests/cli/where_none.boot", "pin",
                           "--quiet", "--no-timing")
        self.assertEqual(rc, 1)
        self.assertIn("No legal point.", out)
        self.assertIn("from the left (violated at the earliest point, 1): F",
                      out)
        self.assertIn("from the right (violated at the latest point, 3): K",
                      out)

    def test_x86(self):
        rc, d = order_json(X86, "-D", "REV=3")
        self.assertEqual(rc, 0)
        prec = {tuple(e) for e in d["precedes"]}
        # EFI's SetVirtualAddressMap is done before the AP kick
        # (smp_init, parallel bring-up) and before any AP runs
        for a, b in [
                ("bsp.efi_set_virtual_address_map", "kernel_init.smp_init"),
                ("bsp.efi_set_virtual_address_map", "ap.start_secondary"),
                ("bsp.efi_set_virtual_address_map", "ap.cr4_init"),
                ("kernel_init.smp_init", "ap.start_secondary"),
                ("bsp.alternative_instructions", "ap.cr4_init"),
                ("kernel_init.do_pre_smp_initcalls", "ap.cr4_init"),
                ("ap.set_cpu_online", "kernel_init.do_initcall_level_core"),
                ("bsp.rest_init", "kernel_init.kernel_init"),
                ("kernel_init.do_initcall_level_subsys",
                 "efi_rts_wq.efi_call_rts")]:
            self.assertIn((a, b), prec)
        # parallel bring-up: an AP may start before bringup_cpu runs, and
        # the EFI runtime calls are not ordered with the late initcalls
        for a, b in [("kernel_init.bringup_cpu", "ap.start_secondary"),
                     ("ap.start_secondary", "kernel_init.bringup_cpu"),
                     ("efi_rts_wq.efi_call_rts",
                      "kernel_init.do_initcall_level_late"),
                     ("kernel_init.do_initcall_level_late",
                      "efi_rts_wq.efi_call_rts")]:
            self.assertNotIn((a, b), prec)
        # serial bring-up: bringup_cpu kicks the AP
        rc, d = order_json(X86, "-D", "REV=3", "-D", "PARALLEL=false")
        prec = {tuple(e) for e in d["precedes"]}
        self.assertIn(("kernel_init.bringup_cpu", "ap.start_secondary"), prec)
        # REV 8 (v5.3..v6.4): EFI first, before identify_boot_cpu
        rc, d = order_json(X86, "-D", "REV=8", "--process", "bsp")
        self.assertIn(["bsp.efi_set_virtual_address_map",
                       "bsp.identify_boot_cpu"], d["hasse"])
        self.assertIn(["bsp.start_kernel", "bsp.efi_enter_virtual_mode"],
                      d["hasse"])
        # every configuration: the placement's awaits add orders only
        rc, d = order_json(X86, "-D", "REV=3", "--placement", "all")
        self.assertEqual(rc, 0)
        self.assertEqual(len(d["configurations"]), 5)
        self.assertIn(["bsp.efi_set_virtual_address_map",
                       "kernel_init.smp_init"], d["precedes"])

    def test_symmetry_changes_nothing(self):
        # the reduced search sees the same (step, steps run) pairs
        for args in (["-D", "REV=3"], ["-D", "REV=8", "-D", "NAP=3"],
                     ["-D", "REV=4", "-D", "PARALLEL=false"]):
            rc, a = order_json(X86, *args)
            rc2, b = order_json(X86, *args, "--no-symmetry")
            self.assertEqual((rc, rc2), (0, 0))
            self.assertEqual(a["precedes"], b["precedes"], args)
            self.assertLessEqual(a["states"], b["states"])

    def test_where_bounds_the_order(self):
        # the order's search gets at most 20,000 states more than the
        # candidates' searches stored: at NAP=16 with --stop-at-first
        # those stored 14,245 and the order needs 37,526, so the windows
        # are shown without the order, saying why (0.3 s); a user's
        # --max-states bounds it too
        rc, out, err = run("where", X86, "setup_cr_pinning", "-D", "REV=3",
                           "-D", "NAP=16", "--por", "--no-liveness",
                           "--no-windows", "--stop-at-first", "--quiet",
                           "--format", "json", "--no-timing")
        self.assertIn(rc, (0, 1))
        d = json.loads(out)
        self.assertIn("needs more than", d["order_note"])
        for w in d["windows"] + d["closest_windows"]:
            self.assertIsNone(w["explanation"])
        rc, out, err = run("where", X86, "setup_cr_pinning", "-D", "REV=3",
                           "-D", "NAP=4", "--max-states", "100", "--quiet",
                           "--no-timing")
        self.assertIn("its search stopped (--max-states reached)", out)
        rc, out, err = run("where", X86, "setup_cr_pinning", "-D", "REV=3",
                           "--quiet", "--format", "json", "--no-timing")
        self.assertIsNone(json.loads(out)["order_note"])

    def test_limit_and_usage(self):
        rc, d = order_json(X86, "--max-states", "10")
        self.assertEqual(rc, 3)
        self.assertFalse(d["complete"])
        self.assertEqual(d["hasse"], [])
        self.assertEqual(d["note"], "--max-states reached")
        for args in (["-D", "REV=1,2"], ["--process", "nope"],
                     ["--placement", "nope"], ["--format", "svg"],
                     ["--por"]):
            rc, out, err = run("order", X86, *args)
            self.assertEqual(rc, 2, args)
        rc, out, err = run("order", "tests/cli/nonexistent.boot")
        self.assertEqual(rc, 2)

    def test_goldens(self):
        gdir = os.path.join(SRC, "tests", "cli", "golden")
        for name, code, args in GOLDENS:
            rc, out, err = run(*args, "--no-timing", *(
                ["--quiet", "--workers", "2"] if args[0] == "where" else []))
            self.assertEqual(rc, code, (name, err))
            path = os.path.join(gdir, name)
            if UPDATE:
                with open(path, "w") as f:
                    f.write(out)
                continue
            with open(path) as f:
                self.assertEqual(out, f.read(), name)
            if name.endswith(".txt"):
                for line in out.splitlines():
                    self.assertLessEqual(len(line), 72, (name, line))
            if name.endswith(".json"):
                json.loads(out)
            if name.endswith(".md"):
                self.assertEqual(out.count("```") % 2, 0, name)


class RegressWhere(unittest.TestCase):
    """regress --where: the legal points recorded (schema 3), a window
    that narrows or empties is a flip (exit 1), a schema-2 database is
    migrated."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bc-where-")
        self.spec = os.path.join(self.dir, "s.boot")
        self.db = os.path.join(self.dir, "h.db")
        shutil.copy(os.path.join(SRC, "tests/cli/where_window.boot"),
                    self.spec)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def regress(self):
        p = subprocess.run([BC, "regress", self.spec, "--where", "pin",
                            "--db", self.db, "--quiet"],
                           capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C"))
        return p.returncode, p.stdout

    def edit(self, old, new):
        with open(self.spec) as f:
            text = f.read()
        self.assertIn(old, text)
        with open(self.spec, "w") as f:
            f.write(text.replace(old, new))

    def test_narrowed_and_emptied_windows_are_flips(self):
        rc, out = self.regress()
        self.assertEqual(rc, 0, out)
        self.assertIn("where pin: legal 2..3 (main.early..main.kick)", out)
        rc, out = self.regress()
        self.assertEqual(rc, 0, out)
        self.assertIn("the legal points are those of the baseline", out)
        # the kick moves into 'early': pinning at the top of 'kick' is late
        self.edit("  early:     hook early;",
                  "  early:     hook early; kicked := true;")
        rc, out = self.regress()
        self.assertEqual(rc, 1, out)
        self.assertIn("where pin: FLIP: the window narrowed: no longer "
                      "legal: main.kick (K)", out)
        self.assertIn("1 where flip;", out)
        # the failed run is no baseline: against run 2 again, and the
        # feature never set up empties the window
        self.edit("  feature:   ready := true;", "  feature:   skip;")
        rc, out = self.regress()
        self.assertEqual(rc, 1, out)
        self.assertIn("baseline: run 2 ", out)
        self.assertIn("where pin: no legal point", out)
        self.assertIn("FLIP: the window emptied: no longer legal: "
                      "main.early (F), main.kick", out)
        con = sqlite3.connect(self.db)
        rows = con.execute("SELECT run_id, legal, windows, exit_code FROM "
                           "where_result ORDER BY run_id").fetchall()
        con.close()
        self.assertEqual(rows[0], (1, '["main.early","main.kick"]',
                                   '[["main.early","main.kick"]]', 0))
        self.assertEqual(rows[3][1:], ("[]", "[]", 1))

    def test_junit_has_a_case_per_where(self):
        junit = os.path.join(self.dir, "j.xml")
        rc, out = self.regress()
        self.assertEqual(rc, 0, out)
        self.edit("  early:     hook early;",
                  "  early:     hook early; kicked := true;")
        p = subprocess.run([BC, "regress", self.spec, "--where", "pin",
                            "--db", self.db, "--quiet", "--junit", junit],
                           capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C"))
        self.assertEqual(p.returncode, 1, p.stdout)
        suite = ET.parse(junit).getroot().find("testsuite")
        cases = [c for c in suite.findall("testcase")
                 if c.get("classname").endswith(".where")]
        self.assertEqual([c.get("name") for c in cases], ["pin"])
        f = cases[0].find("failure")
        self.assertEqual(f.get("type"), "where-flip")
        self.assertEqual(f.get("message"), "the window narrowed: no longer "
                         "legal: main.kick (K)")
        self.assertIn("legal 2..2 (main.early..main.early)",
                      cases[0].find("system-out").text)
        # the failures count the where flip with the verdict flips
        self.assertEqual(int(suite.get("failures")),
                         1 + sum(c.find("failure") is not None
                                 for c in suite.findall("testcase")
                                 if c not in cases))
        float(cases[0].get("time"))
        # no baseline to compare with (the expect lines): the case passes
        subprocess.run([BC, "regress", self.spec, "--where", "pin",
                            "--db", self.db, "--quiet", "--junit", junit,
                            "--baseline", "expect"],
                           capture_output=True, text=True,
                           env=dict(os.environ, LC_ALL="C"))
        suite = ET.parse(junit).getroot().find("testsuite")
        case = [c for c in suite.findall("testcase")
                if c.get("classname").endswith(".where")][0]
        self.assertIsNone(case.find("failure"))
        self.assertIsNotNone(case.find("system-out"))

    def test_a_schema_2_database_is_migrated(self):
        rc, out = self.regress()
        self.assertEqual(rc, 0, out)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA user_version").fetchone()[0], 3)
        # what schema 2 was: no where_result table
        con.execute("DROP TABLE where_result")
        con.execute("PRAGMA user_version = 2")
        con.commit()
        con.close()
        rc, out = self.regress()
        self.assertEqual(rc, 0, out)
        self.assertIn("baseline: run 1 ", out)
        self.assertIn("where pin: no baseline (not recorded with the "
                      "baseline run)", out)
        con = sqlite3.connect(self.db)
        self.assertEqual(con.execute("PRAGMA user_version").fetchone()[0], 3)
        self.assertEqual(con.execute("SELECT run_id FROM where_result")
                         .fetchall(), [(2,)])
        con.close()


if __name__ == "__main__":
    BC, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
    UPDATE = "--update" in sys.argv[3:]
    unittest.main(argv=[sys.argv[0]])
