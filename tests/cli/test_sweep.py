#!/usr/bin/env python3
"""A check of several configurations runs them side by side, one worker
each (checker/check/check.c, "Configurations side by side";
docs/bootcheck.1, --workers): with N threads and m configurations, all of
them side by side, but when m % N == 1 the last runs alone afterwards with
N workers; with N >= 2m, all at once with N / m workers each. So each
configuration's report (counts, verdicts, the counterexample shown) is
that of `--workers 1` (or N / m), the lone last one's that of the
sequential search with N workers (`--max-memory`, where configurations run
one after the other); the same whether the model was cached or built in
the background meanwhile (configurations tried in the interpreter first
run alone with their workers too).

Usage: test_sweep.py BOOTCHECK SRCROOT [unittest options]

About 5 s: two native builds.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BOOTCHECK = None
SRC = None

# Five placements of one hook among five; three processes interleave, so
# several counterexamples are equally short and the one shown depends on
# the search's order (its workers).
SWEEP = """\
spec sweep_small "a placement at one of five hooks";
var x : 0..9;
var y : 0..9;
var done : 0..3;
process a {
  a1: hook h1; x := x + 1;
  a2: hook h2; y := y + 1;
  a3: hook h3; done := done + 1;
}
process b {
  b1: x := x + 2;
  b2: hook h4; y := y + 2;
  b3: done := done + 1;
}
process c {
  c1: await x >= 1; hook h5; y := y + 3;
  c2: done := done + 1;
}
placement P at h1, h2, h3, h4, h5 { x := (x + 5) % 10; }
constraint Inv "x and y never both 6": always not (x == 6 and y == 6);
constraint Low "y stays below 6": always y < 6;
"""

# N processes of 4 steps: more than 5^N states per configuration, more
# than a trial's 50,000 at N = 7; a placement at one of three hooks.
BIG = """\
spec sweep_big "configurations past a trial";
const N = 7;
var x[c in 1..N] : 0..4;
var t : bool;
process p[i in 1..N] {
  a: hook h1; x[i] := 1;
  b: hook h2; x[i] := 2;
  c: hook h3; x[i] := 3;
  d: x[i] := 4;
}
placement P at h1, h2, h3 { t := not t; }
constraint Inv "not all done": always not (forall c in 1..N: x[c] == 4);
"""

SKIP = ('seconds', 'states_per_second', 'memory', 'bytes', 'peak',
        'engine', 'rss')


def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items()
                if not any(s in k for s in SKIP)}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


class Sweep(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='bc-sweep-')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.cache = os.path.join(self.dir, 'cache')
        self.specs = {}
        for name, text in (('sweep', SWEEP), ('big', BIG)):
            self.specs[name] = os.path.join(self.dir, name + '.boot')
            with open(self.specs[name], 'w') as f:
                f.write(text)

    def report(self, spec, *extra, cache=None):
        e = dict(os.environ)
        for k in ('BOOTCHECK_ENGINE', 'BOOTCHECK_DB', 'CC'):
            e.pop(k, None)
        e['XDG_CACHE_HOME'] = cache or self.cache
        p = subprocess.run([BOOTCHECK, 'check', spec, '--format', 'json',
                            '--no-timing', *extra], cwd=self.dir, env=e,
                           capture_output=True, text=True, timeout=300)
        self.assertIn(p.returncode, (0, 1), p.stderr)
        return p.returncode, strip(json.loads(p.stdout))

    def assert_schedule(self, spec, *extra):
        """Each configuration as --workers 1 would have it, the lone last
        one as N workers one after the other would."""
        rc1, one = self.report(spec, '--workers', '1', *extra)
        m = len(one['configurations'])
        self.assertGreaterEqual(m, 2)
        for n in (2, 3, 4):
            rc, side = self.report(spec, '--workers', str(n), *extra)
            _, seq = self.report(spec, '--workers', str(n),
                                 '--max-memory', '4G', *extra)
            self.assertEqual(rc, rc1)
            self.assertEqual({k: v for k, v in side.items()
                              if k != 'configurations'},
                             {k: v for k, v in one.items()
                              if k != 'configurations'})
            got = side['configurations']
            self.assertEqual(len(got), m)
            for k in range(m):
                want = (seq if m % n == 1 and k == m - 1 else one)
                self.assertEqual(got[k], want['configurations'][k],
                                 f'workers {n}, configuration {k}')
        return one

    def test_each_configuration_as_with_one_worker(self):
        one = self.assert_schedule(self.specs['sweep'])
        # the sweep has violations and counterexamples to compare
        self.assertTrue(any(c['result'] != 'holds'
                            for c in one['configurations']))

    def test_more_threads_than_searches(self):
        # two configurations (hooks h1, h2), 4 and 5 threads: both at once
        # with 2 workers each, as 2 workers one after the other
        spec = self.specs['sweep']
        sel = ['--placement', 'h1,h2']
        rc2, two = self.report(spec, '--workers', '2', '--max-memory', '4G',
                               *sel)
        self.assertEqual(len(two['configurations']), 2)
        for n in ('4', '5'):
            self.assertEqual(self.report(spec, '--workers', n, *sel),
                             (rc2, two), n)

    def test_with_each_engine_and_reduction(self):
        for extra in (['--engine', 'interp'], ['--fingerprint'], ['--por'],
                      ['--no-windows', '--no-liveness']):
            self.assert_schedule(self.specs['sweep'], *extra)

    def test_the_x86_sweep(self):
        self.assert_schedule(os.path.join(SRC, 'specs', 'x86',
                                          'cr_pinning.boot'),
                             '-D', 'NAP=3')

    def test_the_same_with_the_model_built_meanwhile(self):
        # 3 configurations, 2 threads: the first two side by side (the
        # first tried in the interpreter while the model is built, past
        # the trial: then alone, one worker), the last alone with two
        big = self.specs['big']
        warm = os.path.join(self.dir, 'warm')
        self.report(big, '--workers', '2', cache=warm)
        _, cached = self.report(big, '--workers', '2', cache=warm)
        _, built = self.report(big, '--workers', '2',
                               cache=os.path.join(self.dir, 'cold'))
        self.assertEqual(built, cached)
        self.assert_schedule(big)


if __name__ == '__main__':
    BOOTCHECK = os.path.abspath(sys.argv.pop(1))
    SRC = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
