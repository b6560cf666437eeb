#!/usr/bin/env python3
"""The default engine, --engine auto (docs/bootcheck.1, checker/check/
check.c): native where a C compiler exists and builds the model, else the
interpreter with one note on stderr; the fallback changes no report and no
exit status. A model not in the cache is built in the background while
the interpreter tries each configuration up to 50,000 states: a check
that fits never waits for the compiler (and says nothing of it), one
that does not waits and runs on the built model (`where` too: its shared
search and its order pass). And $BOOTCHECK_ENGINE,
which the command line overrides.

Usage: test_engine.py BOOTCHECK SRCROOT [unittest options]

Each test has its own $XDG_CACHE_HOME and $TMPDIR (checked to be left
empty where nothing may stay behind). About 5 s: native builds of two
small specs; the failing compilers fail at once.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

BOOTCHECK = None
SRC = None

# 4 states; the invariant is violated (exit 1 without an expect line).
SPEC = """\
spec engine_small "auto or interp";
const N = 3;
var x : 0..7 = 0;
process p {
  a: x := x + 1;
  b: x := x + N;
}
constraint Inv "x stays below 4": always x < 4;
"""

# N processes of 4 steps (x[i] = 0..4 each): 5^N states, 78,125 at N = 7,
# more than a trial's 50,000; the invariant fails only once every
# process has ended (exit 1).
BIG = """\
spec engine_big "more states than a trial";
const N = 7;
var x[c in 1..N] : 0..4;
process p[i in 1..N] {
  a: x[i] := 1;
  b: x[i] := 2;
  c: x[i] := 3;
  d: x[i] := 4;
}
constraint Inv "not all done": always not (forall c in 1..N: x[c] == 4);
"""

# A compiler that takes its time (then compiles): a small check must not
# wait for it.
SLOW_CC = """\
#!/bin/sh
sleep 60
exec cc "$@"
"""

NOTE = 'bootcheck: note: using the interpreter (--engine interp: without ' \
       'this note): '


class Engine(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='bc-engine-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.cache = os.path.join(self.dir, 'cache')
        self.tmp = os.path.join(self.dir, 'tmp')
        os.mkdir(self.tmp)
        self.spec = os.path.join(self.dir, 's.boot')
        with open(self.spec, 'w') as f:
            f.write(SPEC)
        self.big = os.path.join(self.dir, 'big.boot')
        with open(self.big, 'w') as f:
            f.write(BIG)

    def run_bc(self, args, **env):
        e = dict(os.environ)
        for k in ('BOOTCHECK_ENGINE', 'BOOTCHECK_DB', 'CC'):
            e.pop(k, None)
        e['XDG_CACHE_HOME'] = self.cache
        e['TMPDIR'] = self.tmp
        e.update(env)
        return subprocess.run([BOOTCHECK, *args], cwd=self.dir, env=e,
                              capture_output=True, text=True, timeout=120)

    def check(self, *extra, spec=None, **env):
        return self.run_bc(['check', spec or self.spec, '--quiet',
                            '--no-timing', *extra], **env)

    def cached(self):
        d = os.path.join(self.cache, 'bootcheck')
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def interp(self, *extra, spec=None, rc=1):
        p = self.check('--engine', 'interp', *extra, spec=spec)
        self.assertEqual(p.returncode, rc, p.stderr)
        self.assertEqual(p.stderr, '')
        return p

    def assert_fallback(self, p, ref, why):
        self.assertEqual((p.returncode, p.stdout), (ref.returncode,
                                                    ref.stdout))
        lines = p.stderr.splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertTrue(lines[0].startswith(NOTE), p.stderr)
        self.assertIn(why, lines[0])
        self.assertEqual(os.listdir(self.tmp), [])  # nothing left behind

    def test_auto_is_native_with_a_compiler(self):
        ref = self.interp(spec=self.big)
        p = self.check(spec=self.big)
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(len(self.cached()), 1)  # built: the native engine
        p = self.check('--engine', 'auto', spec=self.big)  # a cache hit
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(len(self.cached()), 1)
        self.assertEqual(os.listdir(self.tmp), [])
        # --engine native builds whatever the size
        p = self.check('--engine', 'native')
        self.assertEqual((p.returncode, p.stderr), (1, ''))
        self.assertEqual(len(self.cached()), 2)

    def test_small_checks_do_not_wait_for_the_compiler(self):
        cc = os.path.join(self.dir, 'slow-cc')
        with open(cc, 'w') as f:
            f.write(SLOW_CC)
        os.chmod(cc, 0o755)
        ref = self.interp('-D', 'N=3,4')
        t0 = time.monotonic()
        p = self.check('-D', 'N=3,4', CC=cc)
        self.assertLess(time.monotonic() - t0, 30)  # not the compiler's 60 s
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(self.cached(), [])           # stopped, not kept
        self.assertEqual(os.listdir(self.tmp), [])    # its files removed
        # a failing compiler goes unnoticed while nothing needs it
        ref = self.interp()
        p = self.check(CC='false')
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(os.listdir(self.tmp), [])

    def test_window_and_liveness_predicates_compiled(self):
        # The liveness graph evaluates window and liveness predicates on
        # every state; with the native engine they are compiled (block
        # starts), and a runtime error in one is reported as the
        # interpreter reports it. With --fingerprint or --por the window
        # pass explores on its own (window.c), as it does for each of
        # `where`'s candidates: compiled too.
        spec = os.path.join(self.dir, 'w.boot')
        for body, rc in (("x >= 1 and x < 5", 1),
                         ("6 / (3 - x) > 0", 1)):
            with open(spec, 'w') as f:
                f.write("""\
spec engine_window "windows and liveness, compiled";
var x : 0..7 = 0;
var y : 0..3 = 0;
fair process p {
  a: x := x + 1;
  b: if x < 4 then goto a;
  c: y := 1;
}
fair process q { d: await y == 1; y := 2; }
window W "between": %s;
constraint L1 "y reaches 2": eventually y == 2;
constraint L2 "x leads to y": x == 2 ~> y >= 1;
constraint Inv "x stays below 6": always x < 6;
""" % body)
            for extra in ([], ['--workers', '2'], ['--format', 'json'],
                          ['--fingerprint'], ['--por']):
                args = ['check', spec, '--quiet', '--no-timing', *extra]
                ref = self.run_bc(args + ['--engine', 'interp'])
                p = self.run_bc(args + ['--engine', 'native'])
                self.assertEqual((p.returncode, p.stdout, p.stderr),
                                 (ref.returncode, ref.stdout, ref.stderr),
                                 (body, extra))
                self.assertIn(ref.returncode, (0, 1, 3), ref.stderr)

    def test_no_compiler_falls_back_with_one_note(self):
        ref = self.interp()
        p = self.check(PATH='/nonexistent-bootcheck-engine')
        self.assert_fallback(p, ref, 'no C compiler: cc is not on $PATH')
        p = self.check(CC='/nonexistent/cc -O2')
        self.assert_fallback(p, ref, '/nonexistent/cc is not an executable')
        self.assertEqual(self.cached(), [])
        # --engine native (or $BOOTCHECK_ENGINE=native) is an error instead
        for args, env in ((['--engine', 'native'], {}),
                          ([], {'BOOTCHECK_ENGINE': 'native'})):
            p = self.check(*args, PATH='/nonexistent-bootcheck-engine',
                           **env)
            self.assertEqual(p.returncode, 3, p.stderr)
            self.assertIn('bootcheck: --engine native: ', p.stderr)

    def test_the_trial_limits_the_search_only(self):
        # Under --por the search of BIG with a liveness constraint instead
        # of the invariant keeps 29 states, the liveness pass all 78,125:
        # the trial's limit (a search's) must not stop that pass, which
        # would leave the constraint unknown.
        spec = os.path.join(self.dir, 'live.boot')
        with open(spec, 'w') as f:
            f.write(BIG.replace('process p', 'fair process p').replace(
                'constraint Inv "not all done": always not',
                'constraint L "all done": eventually'))
        args = ['--por', '--format', 'json']
        ref = self.interp(*args, spec=spec, rc=0)
        self.assertIn('"status":\t"holds"', ref.stdout)
        p = self.check(*args, spec=spec)
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        # (the build may have ended meanwhile, and been cached, or not)

    # A failed build is noticed when a check needs the built model: one
    # too big for the interpreter's trial (BIG).
    def test_failing_compiler_falls_back(self):
        ref = self.interp(spec=self.big)
        p = self.check(CC='false', spec=self.big)
        self.assert_fallback(p, ref, 'the C compiler failed (false)')
        if shutil.which('cc'):
            p = self.check(CC='cc -fno-such-option-bootcheck',
                           spec=self.big)
            self.assert_fallback(p, ref, 'error')
        self.assertEqual(self.cached(), [])

    def test_unusable_tmpdir_falls_back(self):
        ref = self.interp(spec=self.big)
        p = self.check(TMPDIR=os.path.join(self.dir, 'missing'),
                       spec=self.big)
        self.assert_fallback(p, ref, 'cannot make a temporary directory')

    def test_a_sweep_notes_once(self):
        ref = self.interp('-D', 'N=1,2,3')
        p = self.check('-D', 'N=1,2,3', PATH='/nonexistent-bootcheck-engine')
        self.assert_fallback(p, ref, 'cc is not on $PATH')
        ref = self.interp('-D', 'N=7,8', spec=self.big)
        p = self.check('-D', 'N=7,8', CC='false', spec=self.big)
        self.assert_fallback(p, ref, 'the C compiler failed')

    def test_where_falls_back_too(self):
        spec = os.path.join(SRC, 'tests/cli/where_window.boot')
        args = ['where', spec, 'pin', '--format', 'json', '--no-timing']
        ref = self.run_bc(args + ['--engine', 'interp'])
        self.assertEqual((ref.returncode, ref.stderr), (0, ''))
        p = self.run_bc(args, PATH='/nonexistent-bootcheck-engine')
        self.assert_fallback(p, ref, 'cc is not on $PATH')

    def where_spec(self, big):
        # tests/cli/where_window.boot, with BIG's 5^7 states beside it
        # when 'big' (its shared search then passes the trial)
        with open(os.path.join(SRC, 'tests/cli/where_window.boot')) as f:
            text = f.read()
        if big:
            text += BIG[BIG.index('const N'):BIG.index('constraint')]
        spec = os.path.join(self.dir, 'where%d.boot' % big)
        with open(spec, 'w') as f:
            f.write(text)
        return ['where', spec, 'pin', '--format', 'json', '--no-timing']

    def test_where_does_not_wait_for_the_compiler(self):
        # `where`'s shared search and its order pass are trials too
        cc = os.path.join(self.dir, 'slow-cc')
        with open(cc, 'w') as f:
            f.write(SLOW_CC)
        os.chmod(cc, 0o755)
        args = self.where_spec(False)
        ref = self.run_bc(args + ['--engine', 'interp'])
        self.assertEqual((ref.returncode, ref.stderr), (0, ''))
        t0 = time.monotonic()
        p = self.run_bc(args, CC=cc)
        self.assertLess(time.monotonic() - t0, 30)  # not the compiler's 60 s
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(self.cached(), [])
        self.assertEqual(os.listdir(self.tmp), [])

    def test_where_past_the_trial_builds(self):
        args = self.where_spec(True) + ['-D', 'N=5']  # 59,375 states each
        ref = self.run_bc(args + ['--engine', 'interp'])
        self.assertEqual((ref.returncode, ref.stderr), (0, ''))
        points = json.loads(ref.stdout)['points']
        self.assertEqual({pt['states'] for pt in points}, {59375})
        p = self.run_bc(args)
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(len(self.cached()), 1)  # built, for the search
        self.assertEqual(os.listdir(self.tmp), [])

    def test_environment_override(self):
        ref = self.interp()
        p = self.check(BOOTCHECK_ENGINE='interp', CC='false')
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        self.assertEqual(self.cached(), [])
        p = self.check(BOOTCHECK_ENGINE='')  # empty: unset, auto
        self.assertEqual((p.returncode, p.stderr), (1, ''))
        p = self.check(BOOTCHECK_ENGINE='jit')
        self.assertEqual(p.returncode, 2)
        self.assertIn('$BOOTCHECK_ENGINE must be auto, interp or native',
                      p.stderr)
        p = self.check('--engine', 'interp', BOOTCHECK_ENGINE='jit')
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (ref.returncode, ref.stdout, ''))
        p = self.check('--engine', 'jit')
        self.assertEqual(p.returncode, 2)
        self.assertIn('--engine must be auto, interp or native', p.stderr)

    def native(self, n, **env):
        p = self.check('--engine', 'native', '-D', 'N=%d' % n, **env)
        self.assertEqual((p.returncode, p.stderr), (1, ''))
        return p

    def test_the_cache_keeps_to_its_size(self):
        d = os.path.join(self.cache, 'bootcheck')
        self.native(3)
        (a,) = self.cached()
        self.native(4)
        (b,) = set(self.cached()) - {a}
        now = time.time()
        os.utime(os.path.join(d, a), (now - 300, now - 300))
        os.utime(os.path.join(d, b), (now - 200, now - 200))
        # a run that loads a model marks it used: a, now the newer
        self.native(3)
        self.assertGreater(os.path.getmtime(os.path.join(d, a)), now - 60)
        # what a killed run left (an hour old), a copy under way, another
        # file: only the first goes
        stale, fresh = '.%s.1.2.0.tmp' % a[:16], '.%s.3.4.0.tmp' % b[:16]
        for name, age in ((stale, 7200), (fresh, 0), ('README', 7200)):
            with open(os.path.join(d, name), 'w') as f:
                f.write('x')
            os.utime(os.path.join(d, name), (now - age, now - age))
        size = {n: os.path.getsize(os.path.join(d, n)) for n in (a, b)}
        # room for two models: storing a third removes the least recently
        # used, b
        limit = size[a] + size[b] + max(size.values()) // 2
        self.native(5, BOOTCHECK_CACHE_SIZE=str(limit))
        left = self.cached()
        self.assertIn(a, left)
        self.assertNotIn(b, left)
        self.assertNotIn(stale, left)
        self.assertIn(fresh, left)
        self.assertIn('README', left)
        (c,) = set(left) - {a, fresh, 'README'}
        self.assertLessEqual(size[a] + os.path.getsize(os.path.join(d, c)),
                             limit)
        # in KiB; a hit removes nothing
        self.native(5, BOOTCHECK_CACHE_SIZE='1K')
        self.assertEqual(self.cached(), left)
        # 0: a model stored is removed at once; the run has it loaded
        ref = self.interp('-D', 'N=6')
        p = self.native(6, BOOTCHECK_CACHE_SIZE='0')
        self.assertEqual(p.stdout, ref.stdout)
        self.assertEqual(self.cached(), [fresh, 'README'])

    def test_the_cache_size_must_be_a_size(self):
        for bad in ('1x', 'K', '-1', '1.5X', '99999999999999999999',
                    '18014398509481984G'):
            p = self.check(BOOTCHECK_CACHE_SIZE=bad)
            self.assertEqual(p.returncode, 2, bad)
            self.assertIn("$BOOTCHECK_CACHE_SIZE is '%s', not a size" % bad,
                          p.stderr)
        self.assertEqual(self.cached(), [])
        # as --max-memory takes a size (bc_parse_size)
        for good in ('', '12', '64k', '256M', '1G', '1.5G', '64KB'):
            p = self.check(BOOTCHECK_CACHE_SIZE=good)
            self.assertEqual((p.returncode, p.stderr), (1, ''), good)


if __name__ == '__main__':
    BOOTCHECK = os.path.abspath(sys.argv.pop(1))
    SRC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
