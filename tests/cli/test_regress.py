#!/usr/bin/env python3
"""CLI tests of the verdict history: `bootcheck regress`, `history`, `show`
and `check --db` (checker/cli/regress.c, checker/history/db.c, docs/db.md).

Usage: test_regress.py BOOTCHECK [unittest options]

Each test works in its own temporary directory (a git repository where it
matters). Needs python3 with the sqlite3 module; xmllint, when installed,
also validates the JUnit file against a schema of the usual JUnit shape.
"""
import json
import os
import re
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET

BOOTCHECK = None
HERE = os.path.dirname(os.path.abspath(__file__))

# Revision 1: pinning at early_hook holds, at late_hook C1 is violated.
SPEC_R1 = """\
spec pin "where may the pin go?";
const NAP = 1;
var pinned : bool = false;
var kicked : bool = false;
var seen[c in 1..NAP] : bool = false;  # an AP initialised unpinned
process bsp {
  early: skip;
         hook early_hook;
  kick:  kicked := true;
  late:  skip;
         hook late_hook;
}
process ap[i in 1..NAP] {
  start: await kicked;
  init:  seen[i] := not pinned;
}
placement pin at early_hook, late_hook { pinned := true; }
constraint C1 "pinned before AP init": at ap.init: pinned;
constraint C2 "no AP ran unpinned": always not seen[1];
expect pin at early_hook: holds;
expect pin at late_hook: violates C1, C2;
"""

# Revision 2: the APs are kicked first, so early_hook now violates C1 and
# C2 (its expect line still says holds).
SPEC_R2 = SPEC_R1.replace(
    "  early: skip;\n         hook early_hook;\n  kick:  kicked := true;\n",
    "  kick:  kicked := true;\n  early: skip;\n         hook early_hook;\n")

# Revision 3: revision 2 with its expect line updated.
SPEC_R3 = SPEC_R2.replace("expect pin at early_hook: holds;",
                          "expect pin at early_hook: violates C1, C2;")

# Does not compile.
SPEC_BAD = "spec bad;\nvar x : bool;\nprocess p { a: y := 1; }\n"

# Three counters 0..80 interleaving (half a million states) with an
# invariant that costs hundreds of steps per state: about ten seconds of
# search in little memory, for killing a run in the middle of it.
SPEC_SLOW = """\
spec slow "three counters interleaving, with a costly invariant";
const N = 80;
var c[k in 1..3] : 0..N = 0;
process p[i in 1..3] {
  step: if c[i] < N then { c[i] := c[i] + 1; goto step; }
}
constraint C1 "a sum that is never negative":
  always forall a in 0..300: c[1] + c[2] + c[3] + a >= 0;
"""

# The usual JUnit shape (as Jenkins, GitLab and GitHub read it):
# testsuites > testsuite > (properties, testcase > failure|error|skipped|
# system-out). Attributes the consumers rely on are required.
JUNIT_XSD = """\
<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="outcome" mixed="true">
    <xs:attribute name="type" type="xs:string"/>
    <xs:attribute name="message" type="xs:string"/>
  </xs:complexType>
  <xs:element name="testsuites">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="testsuite">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="properties" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:element name="property" minOccurs="0"
                          maxOccurs="unbounded">
                <xs:complexType>
                  <xs:attribute name="name" type="xs:string" use="required"/>
                  <xs:attribute name="value" type="xs:string"
                                use="required"/>
                </xs:complexType>
              </xs:element>
            </xs:sequence>
          </xs:complexType>
        </xs:element>
        <xs:element name="testcase" minOccurs="0" maxOccurs="unbounded">
          <xs:complexType>
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="failure" type="outcome"/>
              <xs:element name="error" type="outcome"/>
              <xs:element name="skipped" type="outcome"/>
              <xs:element name="system-out" type="xs:string"/>
              <xs:element name="system-err" type="xs:string"/>
            </xs:choice>
            <xs:attribute name="name" type="xs:string" use="required"/>
            <xs:attribute name="classname" type="xs:string" use="required"/>
            <xs:attribute name="time" type="xs:decimal"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="name" type="xs:string" use="required"/>
      <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
      <xs:attribute name="failures" type="xs:nonNegativeInteger"
                    use="required"/>
      <xs:attribute name="errors" type="xs:nonNegativeInteger"
                    use="required"/>
      <xs:attribute name="skipped" type="xs:nonNegativeInteger"/>
      <xs:attribute name="time" type="xs:decimal"/>
      <xs:attribute name="timestamp" type="xs:dateTime"/>
      <xs:attribute name="hostname" type="xs:string"/>
      <xs:attribute name="id" type="xs:string"/>
      <xs:attribute name="package" type="xs:string"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


def run(args, cwd, env=None, check_rc=None):
    e = dict(os.environ)
    e.pop('BOOTCHECK_DB', None)
    if env:
        e.update(env)
    p = subprocess.run([BOOTCHECK, *args], cwd=cwd, env=e,
                       capture_output=True, text=True, timeout=600)
    if check_rc is not None and p.returncode != check_rc:
        raise AssertionError(
            f'bootcheck {" ".join(args)}: exit {p.returncode}, expected '
            f'{check_rc}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}')
    return p


def git(cwd, *args):
    subprocess.run(['git', '-c', 'user.email=t@example.org',
                    '-c', 'user.name=t', *args], cwd=cwd, check=True,
                   capture_output=True)


def db_query(path, sql, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def integrity(path):
    return db_query(path, 'PRAGMA integrity_check')[0][0]


def file_bytes(path):
    with open(path, 'rb') as f:
        return f.read()


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='bc-regress-')
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def repo(self):
        git(self.dir, 'init', '-q')

    def commit(self, msg):
        git(self.dir, 'add', '-A')
        git(self.dir, 'commit', '-q', '-m', msg)

    @property
    def db(self):
        return os.path.join(self.dir, 'bootcheck.db')


class Regress(Base):
    def test_unchanged_spec_exits_0(self):
        self.repo()
        self.write('specs/pin.boot', SPEC_R1)
        self.commit('r1')
        p = run(['regress', 'specs/pin.boot'], self.dir, check_rc=0)
        self.assertIn('baseline: none', p.stdout)
        p = run(['regress', 'specs/pin.boot'], self.dir, check_rc=0)
        self.assertIn('baseline: run 1', p.stdout)
        self.assertIn('no verdict changed (6 cells)', p.stdout)
        self.assertIn('recorded as run 2', p.stdout)
        # the database is at the top of the git repository
        rows = db_query(self.db, 'SELECT spec_key, git_commit, git_dirty, '
                        'outcome, baseline_run FROM run ORDER BY id')
        head = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=self.dir,
                              capture_output=True, text=True).stdout.strip()
        self.assertEqual(rows, [('specs/pin.boot', head, 0, 'pass', None),
                                ('specs/pin.boot', head, 0, 'pass', 1)])

    def test_engines_and_reductions_agree_and_are_recorded(self):
        self.repo()
        spec = self.write('pin.boot', SPEC_R1)
        self.commit('r1')
        run(['regress', spec], self.dir, check_rc=0)
        for extra in (['--engine', 'native'], ['--por'], ['--no-symmetry']):
            p = run(['regress', spec, *extra], self.dir, check_rc=0)
            self.assertIn('no verdict changed', p.stdout)
        opts = [json.loads(o) for (o,) in db_query(
            self.db, 'SELECT options FROM run ORDER BY id')]
        self.assertEqual([o['por'] for o in opts], [False, False, True, False])
        self.assertEqual([o['symmetry'] for o in opts],
                         [True, True, True, False])
        p = run(['regress', spec, '--engine', 'jit'], self.dir, check_rc=2)
        self.assertIn('--engine must be auto, interp or native', p.stderr)

    def test_a_flip_into_violation_exits_1_with_the_new_trace(self):
        self.repo()
        spec = self.write('pin.boot', SPEC_R1)
        self.commit('r1')
        run(['regress', spec], self.dir, check_rc=0)
        self.write('pin.boot', SPEC_R2)
        self.commit('r2: kick the APs first')
        p = run(['regress', spec], self.dir, check_rc=1)
        self.assertIn('early_hook C1: holds -> VIOLATED', p.stdout)
        self.assertIn('early_hook C2: holds -> VIOLATED', p.stdout)
        self.assertIn('=> step 3 violates C1 (at ap.init: pinned; here pinned = false)', p.stdout)
        self.assertIn('ap[1]', p.stdout)
        self.assertIn('FAIL: 2 flips into violation', p.stdout)
        # the failing run is recorded, but is not the next baseline
        p = run(['regress', spec], self.dir, check_rc=1)
        self.assertIn('baseline: run 1 ', p.stdout)
        rows = db_query(self.db, 'SELECT config, constraint_id, status, '
                        'baseline_status, failed, trace IS NOT NULL FROM '
                        'result WHERE run_id = 2 AND failed')
        self.assertEqual(sorted(rows), [
            ('early_hook', 'C1', 'violated', 'holds', 1, 1),
            ('early_hook', 'C2', 'violated', 'holds', 1, 1)])
        h = run(['history', spec], self.dir, check_rc=0)
        lines = h.stdout.splitlines()
        self.assertEqual(len(lines), 4, h.stdout)
        self.assertIn('pass', lines[1])
        self.assertIn('late_hook{C1,C2}', lines[1])
        self.assertIn('fail', lines[2])
        self.assertIn('2/2', lines[2])
        self.assertIn('early_hook{C1,C2} late_hook{C1,C2}', lines[2])

    def test_an_expected_flip_passes(self):
        self.repo()
        spec = self.write('pin.boot', SPEC_R1)
        self.commit('r1')
        run(['regress', spec], self.dir, check_rc=0)
        self.write('pin.boot', SPEC_R3)
        p = run(['regress', spec], self.dir, check_rc=0)
        self.assertIn("early_hook C1: holds -> VIOLATED (as the spec's "
                      "expect lines say)", p.stdout)
        # and the dirty working tree is recorded
        self.assertEqual(db_query(self.db, 'SELECT git_dirty FROM run '
                                  'WHERE id = 2'), [(1,)])

    def test_a_fixed_violation_is_reported_but_passes(self):
        spec = self.write('pin.boot', SPEC_R3)
        run(['regress', spec], self.dir, check_rc=0)
        self.write('pin.boot', SPEC_R1)
        p = run(['regress', spec], self.dir, check_rc=0)
        self.assertIn('early_hook C1: VIOLATED -> holds', p.stdout)
        self.assertIn('2 fixed', p.stdout)

    def test_baseline_expect_compares_with_the_expect_lines(self):
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec, '--baseline', 'expect'], self.dir, check_rc=0)
        self.write('pin.boot', SPEC_R2)
        p = run(['regress', spec, '--baseline', 'expect'], self.dir,
                check_rc=1)
        self.assertIn('early_hook C1: expected holds -> VIOLATED', p.stdout)
        self.assertIn('2 unmet expectations', p.stdout)
        self.assertEqual(db_query(self.db, 'SELECT baseline_kind, outcome '
                                  'FROM run ORDER BY id'),
                         [('expect', 'pass'), ('expect', 'fail')])

    def test_baseline_run_compares_with_that_run(self):
        spec = self.write('pin.boot', SPEC_R2)
        run(['regress', spec, '--baseline', 'expect'], self.dir, check_rc=1)
        self.write('pin.boot', SPEC_R1)
        run(['regress', spec], self.dir, check_rc=0)           # run 2
        self.write('pin.boot', SPEC_R3)
        # against run 2 (revision 1) the flips are expected by the spec
        p = run(['regress', spec, '--baseline', '2'], self.dir, check_rc=0)
        self.assertIn('baseline: run 2 ', p.stdout)
        # against run 1 (revision 2) nothing changed
        p = run(['regress', spec, '--baseline', '1'], self.dir, check_rc=0)
        self.assertIn('no verdict changed', p.stdout)
        p = run(['regress', spec, '--baseline', '99'], self.dir, check_rc=2)
        self.assertIn('no run 99', p.stderr)
        p = run(['regress', spec, spec, '--baseline', '1'], self.dir,
                check_rc=2)

    def test_defines_select_their_own_baseline(self):
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec], self.dir, check_rc=0)
        p = run(['regress', spec, '-D', 'NAP=2'], self.dir, check_rc=0)
        self.assertIn('baseline: none', p.stdout)
        p = run(['regress', spec, '-DNAP=2'], self.dir, check_rc=0)
        self.assertIn('baseline: run 2 ', p.stdout)
        self.assertEqual(db_query(self.db, 'SELECT defines, constants FROM '
                                  'run WHERE id = 3'),
                         [('{"NAP":2}', '{"NAP":2}')])

    def test_several_specs_and_a_spec_error(self):
        a = self.write('a.boot', SPEC_R1)
        bad = self.write('bad.boot', SPEC_BAD)
        j = os.path.join(self.dir, 'junit.xml')
        p = run(['regress', a, bad, '--junit', j], self.dir, check_rc=2)
        self.assertIn('regress: 2 specs, 1 not ok', p.stdout)
        root = ET.parse(j).getroot()
        suites = root.findall('testsuite')
        self.assertEqual(len(suites), 2)
        err = suites[1].findall('testcase/error')
        self.assertEqual(len(err), 1)
        self.assertIn('y', err[0].text)
        self.assertEqual(suites[1].get('errors'), '1')

    def test_usage_errors_exit_2(self):
        run(['regress'], self.dir, check_rc=2)
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec, '--baseline', 'sometimes'], self.dir,
            check_rc=2)
        run(['regress', spec, '--frobnicate'], self.dir, check_rc=2)
        self.assertIn('usage: bootcheck regress',
                      run(['regress', '--help'], self.dir,
                          check_rc=0).stdout)

    def test_a_limit_hit_exits_3(self):
        spec = self.write('pin.boot', SPEC_R1)
        p = run(['regress', spec, '--max-states', '2'], self.dir,
                check_rc=3)
        self.assertIn('INCOMPLETE', p.stdout)
        self.assertEqual(db_query(self.db, 'SELECT outcome FROM run'),
                         [('incomplete',)])


class ShowIsCheck(Base):
    """`show RUN` prints what `check --no-timing` printed, byte for byte, in
    every format; regress takes check's -D sweeps and creates its
    database's folder."""

    def test_show_is_byte_identical_to_check(self):
        spec = self.write('pin.boot', SPEC_R2)
        db = os.path.join(self.dir, 'sub', 'dir', 'h.db')
        for fmt, extra in (('text', []), ('text', ['--ascii']),
                           ('json', []), ('markdown', [])):
            c = run(['check', spec, '--no-timing', '--quiet', '--db', db,
                     '--format', fmt] + extra, self.dir)
            s = run(['show', 'latest', '--db', db, '--format', fmt] + extra,
                    self.dir, check_rc=0)
            self.assertEqual(s.stdout, c.stdout, fmt + ' ' + str(extra))
        # a locale without UTF-8: both print ok/FAIL
        env = dict(os.environ, LC_ALL='C')
        c = run(['check', spec, '--no-timing', '--quiet', '--db', db], self.dir,
                env=env)
        s = run(['show', 'latest', '--db', db], self.dir, env=env, check_rc=0)
        self.assertIn('FAIL', s.stdout)
        self.assertEqual(s.stdout, c.stdout)

    def test_regress_takes_a_sweep(self):
        spec = self.write('pin.boot', SPEC_R1)
        db = os.path.join(self.dir, 'new', 'bootcheck.db')
        p = run(['regress', spec, '--db', db, '-D', 'NAP=1,2'], self.dir,
                check_rc=0)
        self.assertIn('-D NAP=2', p.stdout)
        self.assertIn('2 checks (-D sweeps)', p.stdout)
        h = run(['history', spec, '--db', db], self.dir, check_rc=0)
        self.assertEqual(len(h.stdout.splitlines()), 3)
        for line in h.stdout.splitlines():
            self.assertLessEqual(len(line), 100)


TWO_PLACEMENTS = """\
spec two;
const MODE_A = 0;
const MODE_B = 1;
const MODE = MODE_A;
var x : 0..3 = 0;
process p {
  one: x := x + 1;
       hook h1;
  two: x := x + 1;
       hook h2;
}
placement A at h1, h2 { skip; }
placement B at h1, h2 { skip; }
constraint C2 "x small": always x < 2;
constraint C1 "x not 1 under MODE_B": always (MODE = MODE_B => x != 1);
"""


class CheckOptions(Base):
    """--placement names one configuration as the report does; -D takes a
    constant's name; --columns orders the matrix; the summary ends every
    report."""

    def test_placement_names_one_configuration(self):
        spec = self.write('two.boot', TWO_PLACEMENTS)
        p = run(['check', spec, '--placement', 'A@h1,B@h2', '--quiet',
                 '--format', 'json'], self.dir)
        names = [c['name'] for c in json.loads(p.stdout)['configurations']]
        self.assertEqual(names, ['A@h1,B@h2'])
        p = run(['check', spec, '--placement', 'A@h1,A@h2,B@h2', '--quiet',
                 '--format', 'json'], self.dir)
        names = [c['name'] for c in json.loads(p.stdout)['configurations']]
        self.assertEqual(names, ['A@h1,B@h2', 'A@h2,B@h2'])

    def test_define_by_name_columns_and_summary(self):
        spec = self.write('two.boot', TWO_PLACEMENTS)
        by_name = run(['check', spec, '-D', 'MODE=MODE_B', '--quiet',
                       '--no-timing', '--columns', 'C1,C2'], self.dir)
        by_value = run(['check', spec, '-D', 'MODE=1', '--quiet',
                        '--no-timing', '--columns', 'C1,C2'], self.dir)
        self.assertEqual(by_name.stdout, by_value.stdout)
        self.assertIn('configuration  C1  C2  deadlock', by_name.stdout)
        self.assertIn('\nsummary\n  A@h1,B@h1  C1 C2 violated (no expect '
                      'line)\n', by_name.stdout)
        run(['check', spec, '--columns', 'C9'], self.dir, check_rc=2)

    def test_unexpected_says_what_was_expected(self):
        spec = self.write('two.boot', TWO_PLACEMENTS +
                          'expect A at h1, B at h1: violates C1;\n')
        p = run(['check', spec, '--quiet', '--no-timing'], self.dir,
                check_rc=1)
        self.assertIn('A@h1,B@h1  C2 violated: UNEXPECTED, expected C1 '
                      'violated', p.stdout)
        j = json.loads(run(['check', spec, '--quiet', '--format', 'json'],
                           self.dir, check_rc=1).stdout)
        self.assertEqual(j['configurations'][0]['expected_violations'],
                         ['C1'])

    def test_sweep_table_and_regress_sweep_declaration(self):
        spec = self.write('two.boot', TWO_PLACEMENTS +
                          'sweep MODE in MODE_A..MODE_B;\n')
        p = run(['check', spec, '-D', 'MODE=0,1', '--quiet', '--no-timing',
                 '--placement', 'A@h1,B@h1'], self.dir)
        self.assertTrue(p.stdout.endswith(
            'sweep: violated constraints per configuration\n'
            '                 A@h1,B@h1\n'
            'MODE=0 (MODE_A)  C2!\n'
            'MODE=1 (MODE_B)  C2 C1!\n'
            '- : nothing violated; ! : not as expected; ? : incomplete\n'),
            p.stdout[-400:])
        r = run(['regress', spec, '--placement', 'A@h1,B@h1'], self.dir)
        self.assertIn('-D MODE=1', r.stdout)
        self.assertIn('2 checks (-D sweeps)', r.stdout)
        for bad in (['--placement', 'h9'], ['--columns', 'C9']):
            r = run(['regress', spec] + bad, self.dir, check_rc=2)
            self.assertNotIn('recorded as run', r.stdout)


class ReadmeMainJob(Base):
    def test_the_main_job_ends_with_the_table_of_the_readme(self):
        root = os.path.dirname(os.path.dirname(HERE))
        with open(os.path.join(root, 'README.md'), encoding='utf-8') as f:
            readme = f.read()
        start = readme.index('sweep: violated constraints per configuration')
        table = readme[start:readme.index('```', start)]
        # the main job's arguments, as the README gives them
        cmd = re.search(r'\./build/checker/bootcheck (check [^\n`]*)', readme)
        self.assertIsNotNone(cmd)
        p = run(cmd.group(1).split() + ['--quiet'], root, check_rc=0)
        self.assertTrue(p.stdout.endswith(table), p.stdout[-800:])


class JUnit(Base):
    def test_junit_has_the_usual_shape(self):
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec], self.dir, check_rc=0)
        self.write('pin.boot', SPEC_R2)
        j = os.path.join(self.dir, 'out', 'junit.xml')
        os.makedirs(os.path.dirname(j))
        run(['regress', spec, '--junit', j], self.dir, check_rc=1)
        root = ET.parse(j).getroot()
        self.assertEqual(root.tag, 'testsuites')
        suites = root.findall('testsuite')
        self.assertEqual(len(suites), 1)
        s = suites[0]
        cases = s.findall('testcase')
        # one per placement x constraint (2 x (C1, C2, deadlock))
        self.assertEqual(len(cases), 6)
        self.assertEqual(s.get('tests'), '6')
        self.assertEqual(s.get('failures'), '2')
        self.assertEqual(s.get('errors'), '0')
        self.assertEqual(root.get('tests'), '6')
        self.assertEqual(root.get('failures'), '2')
        failed = [c for c in cases if c.find('failure') is not None]
        self.assertEqual(sorted((c.get('classname'), c.get('name'))
                                for c in failed),
                         [('pin.early_hook', 'C1'), ('pin.early_hook', 'C2')])
        f = failed[0].find('failure')
        self.assertEqual(f.get('type'), 'flip')
        self.assertIn('holds -> VIOLATED', f.get('message'))
        self.assertIn('violates C1', f.text)
        props = {p.get('name'): p.get('value')
                 for p in s.findall('properties/property')}
        self.assertEqual(props['run'], '2')
        self.assertTrue(props['baseline'].startswith('run 1 '))
        for c in cases:
            float(c.get('time'))
        if shutil.which('xmllint'):
            xsd = self.write('junit.xsd', JUNIT_XSD)
            v = subprocess.run(['xmllint', '--noout', '--schema', xsd, j],
                               capture_output=True, text=True)
            self.assertEqual(v.returncode, 0, v.stderr)
        self.assertEqual([n for n in os.listdir(os.path.dirname(j))],
                         ['junit.xml'], 'no temporary file left')


class HistoryShow(Base):
    def test_history_lists_one_line_per_run(self):
        spec = self.write('pin.boot', SPEC_R1)
        p = run(['history', spec], self.dir, check_rc=2)
        self.assertIn('no such file', p.stderr)
        run(['regress', spec], self.dir, check_rc=0)
        run(['regress', spec, '-D', 'NAP=2'], self.dir, check_rc=0)
        h = run(['history', spec], self.dir, check_rc=0)
        lines = h.stdout.splitlines()
        self.assertEqual(len(lines), 3)
        self.assertTrue(lines[0].split()[0] == 'run')
        self.assertTrue(lines[1].split()[0] == '1')
        self.assertIn('-D NAP=2', lines[2])
        other = self.write('other.boot', SPEC_R1)
        h = run(['history', other], self.dir, check_rc=0)
        self.assertIn('no run of', h.stdout)

    def test_show_rerenders_a_run_without_checking(self):
        self.write('pin.boot', SPEC_R2)
        run(['regress', 'pin.boot', '--baseline', 'expect'], self.dir,
            check_rc=1)
        fresh = json.loads(run(['check', 'pin.boot', '--format', 'json',
                                '--quiet'], self.dir).stdout)
        os.remove(os.path.join(self.dir, 'pin.boot'))  # nothing to re-check
        t = run(['show', '1'], self.dir, check_rc=0)
        self.assertIn('early_hook: C1 violated in 3 steps', t.stdout)
        self.assertIn('=> step 3 violates C1 (at ap.init: pinned; here pinned = false)', t.stdout)
        self.assertIn('UNEXPECTED, expected nothing', t.stdout)
        a = run(['show', 'latest', '--ascii'], self.dir, check_rc=0)
        self.assertIn('FAIL', a.stdout)
        j = json.loads(run(['show', '1', '--format', 'json'], self.dir,
                           check_rc=0).stdout)

        def statuses(doc):
            return {(c['name'], k['id']): k['status']
                    for c in doc['configurations']
                    for k in c['constraints']}
        self.assertEqual(statuses(j), statuses(fresh))
        run(['show', '7'], self.dir, check_rc=2)
        run(['show', 'seven'], self.dir, check_rc=2)

    def test_check_records_only_when_asked(self):
        self.repo()
        self.write('pin.boot', SPEC_R1)
        run(['check', 'pin.boot', '--quiet'], self.dir, check_rc=0)
        self.assertFalse(os.path.exists(self.db), 'check recorded unasked')
        p = run(['check', 'pin.boot', '--quiet', '--db', 'c.db'], self.dir,
                check_rc=0)
        self.assertIn('recorded as run 1', p.stderr)
        p = run(['check', 'pin.boot', '--quiet', '--format', 'json'],
                self.dir, env={'BOOTCHECK_DB': 'e.db'}, check_rc=0)
        json.loads(p.stdout)  # stdout stays a clean document
        self.assertEqual(db_query(os.path.join(self.dir, 'e.db'),
                                  'SELECT command, outcome FROM run'),
                         [('check', 'pass')])
        # a passing check run is a baseline for regress
        p = run(['regress', 'pin.boot', '--db', 'e.db'], self.dir,
                check_rc=0)
        self.assertIn('baseline: run 1 ', p.stdout)
        # $BOOTCHECK_DB is also regress's default
        p = run(['history', 'pin.boot'], self.dir,
                env={'BOOTCHECK_DB': 'e.db'}, check_rc=0)
        self.assertEqual(len(p.stdout.splitlines()), 3)

    def test_outside_git_the_database_is_beside_the_spec(self):
        sub = os.path.join(self.dir, 'a', 'b')
        self.write('a/b/pin.boot', SPEC_R1)
        run(['regress', 'pin.boot'], sub, check_rc=0)
        db = os.path.join(sub, 'bootcheck.db')
        self.assertTrue(os.path.exists(db))
        key = db_query(db, 'SELECT spec_key, git_commit FROM run')
        self.assertEqual(key, [(os.path.realpath(os.path.join(
            sub, 'pin.boot')), None)])


class Robustness(Base):
    def test_a_newer_schema_is_refused(self):
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec], self.dir, check_rc=0)
        con = sqlite3.connect(self.db)
        con.execute('PRAGMA user_version = 42')
        con.close()
        before = file_bytes(self.db)
        p = run(['regress', spec], self.dir, check_rc=2)
        self.assertIn('newer bootcheck (schema version 42', p.stderr)
        self.assertEqual(file_bytes(self.db), before)
        p = run(['history', spec], self.dir, check_rc=2)
        self.assertIn('newer bootcheck', p.stderr)

    def test_a_file_that_is_not_a_database_is_refused_untouched(self):
        spec = self.write('pin.boot', SPEC_R1)
        for content in (b'not a database at all\n', b'\x00' * 5000,
                        b'SQLite format 3'):
            with open(self.db, 'wb') as f:
                f.write(content)
            p = run(['regress', spec], self.dir, check_rc=2)
            self.assertIn('not an SQLite database', p.stderr)
            self.assertEqual(file_bytes(self.db), content)
        # refused before the search: no report, exit 2 (docs/db.md)
        p = run(['check', spec, '--db', self.db, '--quiet'], self.dir,
                check_rc=2)
        self.assertIn('not an SQLite database', p.stderr)
        self.assertEqual(p.stdout, '')

    def test_a_corrupt_database_is_refused_untouched(self):
        spec = self.write('pin.boot', SPEC_R1)
        for _ in range(3):
            run(['regress', spec], self.dir, check_rc=0)
        with open(self.db, 'r+b') as f:
            f.seek(4096)
            f.write(b'\xde\xad\xbe\xef' * 1024)
        before = file_bytes(self.db)
        p = run(['regress', spec], self.dir, check_rc=2)
        self.assertIn('damaged', p.stderr)
        self.assertEqual(file_bytes(self.db), before)
        self.assertFalse(os.path.exists(self.db + '-wal') and
                         os.path.getsize(self.db + '-wal') > 0)

    def test_another_applications_database_is_refused(self):
        spec = self.write('pin.boot', SPEC_R1)
        con = sqlite3.connect(self.db)
        con.execute('CREATE TABLE notes (body TEXT)')
        con.commit()
        con.close()
        p = run(['regress', spec], self.dir, check_rc=2)
        self.assertIn('another application', p.stderr)

    def test_concurrent_regress_processes_all_succeed(self):
        spec = self.write('pin.boot', SPEC_R1)
        env = dict(os.environ)
        env.pop('BOOTCHECK_DB', None)
        procs = [subprocess.Popen([BOOTCHECK, 'regress', spec, '--quiet'],
                                  cwd=self.dir, env=env,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for _ in range(6)]
        for p in procs:
            out, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, out + err)
        self.assertEqual(db_query(self.db, 'SELECT count(*) FROM run'),
                         [(6,)])
        self.assertEqual(integrity(self.db), 'ok')

    def test_a_writer_waits_for_one_holding_the_lock(self):
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec], self.dir, check_rc=0)
        holder = Pausing(self.dir, spec, 2000)
        holder.wait_for_pause()
        t0 = time.monotonic()
        p = run(['regress', spec, '--quiet'], self.dir, check_rc=0)
        waited = time.monotonic() - t0
        self.assertEqual(holder.finish(), 0)
        self.assertGreater(waited, 0.5, p.stdout)
        self.assertEqual(db_query(self.db, 'SELECT count(*) FROM run'),
                         [(3,)])

    def check_consistent(self, nruns):
        self.assertEqual(integrity(self.db), 'ok')
        self.assertEqual(db_query(self.db, 'SELECT count(*) FROM run'),
                         [(nruns,)])
        # every recorded run is whole: 2 configurations x 3 constraints
        self.assertEqual(db_query(
            self.db, 'SELECT count(*) FROM run r WHERE (SELECT count(*) '
            'FROM result x WHERE x.run_id = r.id) != 6 OR (SELECT count(*) '
            'FROM config c WHERE c.run_id = r.id) != 2'), [(0,)])
        h = run(['history', 'pin.boot'], self.dir, check_rc=0)
        self.assertEqual(len(h.stdout.splitlines()), nruns + 1, h.stdout)

    def test_killed_during_the_search_leaves_the_database_as_it_was(self):
        spec = self.write('pin.boot', SPEC_R1)
        slow = self.write('slow.boot', SPEC_SLOW)
        run(['regress', spec], self.dir, check_rc=0)
        # SIGINT stops the search as a limit would: an incomplete run is
        # recorded (tests/cli/test_hostile.py); SIGKILL leaves no trace
        for sig, nruns in ((signal.SIGINT, 2), (signal.SIGKILL, 2)):
            p = subprocess.Popen([BOOTCHECK, 'regress', slow, '--quiet',
                                  '--db', self.db], cwd=self.dir,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(1.0)
            self.assertIsNone(p.poll(), 'the search ended too soon')
            p.send_signal(sig)
            p.wait(timeout=60)
            self.assertNotEqual(p.returncode, 0)
            self.assertEqual(integrity(self.db), 'ok')
            self.assertEqual(db_query(self.db, 'SELECT count(*) FROM run'),
                             [(nruns,)])
        rows = db_query(self.db, 'SELECT spec_key, outcome FROM run '
                        'ORDER BY id')
        self.assertEqual([(os.path.basename(k), o) for k, o in rows],
                         [('pin.boot', 'pass'), ('slow.boot', 'incomplete')])
        run(['regress', spec], self.dir, check_rc=0)
        self.assertEqual(db_query(self.db, 'SELECT count(*) FROM run'),
                         [(3,)])

    def test_killed_while_writing_leaves_the_database_consistent(self):
        spec = self.write('pin.boot', SPEC_R1)
        run(['regress', spec], self.dir, check_rc=0)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
            holder = Pausing(self.dir, spec, 60000)
            holder.wait_for_pause()
            holder.proc.send_signal(sig)
            if sig != signal.SIGKILL:
                # the first SIGINT or SIGTERM only stops searches; the
                # second ends the process
                time.sleep(0.2)
                self.assertIsNone(holder.proc.poll())
                holder.proc.send_signal(sig)
            holder.proc.wait(timeout=60)
            self.assertNotEqual(holder.proc.returncode, 0)
            self.check_consistent(1)
        p = run(['regress', spec], self.dir, check_rc=0)
        self.assertIn('recorded as run', p.stdout)
        self.check_consistent(2)


class Pausing:
    """A `regress` that stops inside its write transaction (test hook)."""

    def __init__(self, cwd, spec, ms):
        env = dict(os.environ)
        env.pop('BOOTCHECK_DB', None)
        env['BOOTCHECK_TEST_COMMIT_PAUSE'] = str(ms)
        self.proc = subprocess.Popen([BOOTCHECK, 'regress', spec, '--quiet'],
                                     cwd=cwd, env=env,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_pause(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            if line is None:
                raise AssertionError('regress ended before pausing')
            if 'pausing before COMMIT' in line:
                return
        raise AssertionError('regress did not pause')

    def finish(self):
        self.proc.wait(timeout=120)
        self.proc.stdout.close()
        return self.proc.returncode


if __name__ == '__main__':
    BOOTCHECK = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
