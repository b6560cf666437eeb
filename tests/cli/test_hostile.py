#!/usr/bin/env python3
"""Hostile and careless input to the command line (issue 12): injected code
through the native engine, outputs that are inputs, foreign and damaged
history databases, options that were silently misread, signals, control
characters in what is echoed to a terminal.

Usage: test_hostile.py BOOTCHECK [unittest options]

Every test works in its own temporary directory and states what must stay
byte for byte as it was. Runs in about 3 s (one native build).
"""
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

BOOTCHECK = None

# A small spec: 4 states, no violation.
SPEC = """\
spec small "four states";
var x : 0..3 = 0;
process p {
  a: x := x + 1;
  b: x := x + 1;
  c: x := x + 1;
}
constraint Inv "x stays below 4": always x < 4;
"""


def run(args, cwd, env=None, check_rc=None, timeout=120):
    e = dict(os.environ)
    e.pop('BOOTCHECK_DB', None)
    if env:
        e.update(env)
    p = subprocess.run([BOOTCHECK, *args], cwd=cwd, env=e,
                       capture_output=True, timeout=timeout)
    p.stdout = p.stdout.decode('utf-8', 'replace')
    p.stderr = p.stderr.decode('utf-8', 'replace')
    if check_rc is not None and p.returncode != check_rc:
        raise AssertionError(
            f'bootcheck {" ".join(args)}: exit {p.returncode}, expected '
            f'{check_rc}\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}')
    return p


def digest(paths):
    """{path: sha256 or None} of each path (None: missing)."""
    out = {}
    for p in paths:
        try:
            with open(p, 'rb') as f:
                out[p] = hashlib.sha256(f.read()).hexdigest()
        except FileNotFoundError:
            out[p] = None
    return out


def side_files(db):
    return [db, db + '-wal', db + '-shm', db + '-journal']


class Base(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='bc-hostile-')
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w' if isinstance(text, str) else 'wb') as f:
            f.write(text)
        return path


class NativeInjection(Base):
    """Item 2: the spec's path and $TMPDIR are never C or shell text."""

    def test_a_path_closing_the_comment_and_a_quote_in_tmpdir(self):
        evil = ('evil*/int system(const char *); __attribute__((constructor))'
                ' static void pwn(void) { system("touch pwned"); } /*x.boot')
        spec = self.write(evil, SPEC)
        tmp = self.path("tm'p $(touch pwned2)")
        os.mkdir(tmp)
        p = run(['check', spec, '--engine', 'native', '--quiet',
                 '--no-timing'], self.dir, env={'TMPDIR': tmp}, check_rc=0)
        self.assertIn('every reachable state explored', p.stdout)
        for root, _, files in os.walk(self.dir):
            self.assertNotIn('pwned', files)
            self.assertNotIn('pwned2', files)
        self.assertEqual(os.listdir(tmp), [])  # the build files are gone

    def test_dump_c_escapes_the_path(self):
        spec = self.write('a*/b\n/c.boot', SPEC)
        p = run(['list', spec, '--dump-c'], self.dir, check_rc=0)
        first = p.stdout.splitlines()[0]
        self.assertEqual(first.count('*/'), 1)
        self.assertTrue(first.endswith(': do not edit */'))
        self.assertIn('a\\x2a/b\\x0a/c.boot', first)


class OutputIsInput(Base):
    """Item 3: an output that is an input is refused before any write."""

    def setUp(self):
        super().setUp()
        self.spec = self.write('s.boot', SPEC)
        self.db = self.path('h.db')
        run(['check', self.spec, '--db', self.db, '--quiet'], self.dir,
            check_rc=0)
        os.symlink('h.db', self.path('link.db'))
        self.before = digest([self.spec, *side_files(self.db)])

    def refused(self, args, what):
        p = run(args, self.dir, check_rc=2)
        self.assertIn(what, p.stderr)
        self.assertEqual(p.stdout, '')
        self.assertEqual(digest([self.spec, *side_files(self.db)]),
                         self.before)

    def test_check_output_is_the_spec(self):
        self.refused(['check', 's.boot', '--output', self.spec],
                     'is the spec')
        self.refused(['check', 's.boot', '--output', './../' +
                      os.path.basename(self.dir) + '/s.boot'], 'is the spec')

    def test_a_missing_spec_leaves_the_output_alone(self):
        # found by fuzz_cli: 'check MISTYPED --output s.boot' truncated s.boot
        for cmd, rest in ((['check'], []), (['where'], ['P']),
                          (['order'], []), (['export', '--to', 'murphi'], [])):
            self.refused(cmd + ['no-such.boot'] + rest + ['--output',
                                                          's.boot'],
                         'no-such.boot: No such file or directory')

    def test_check_output_is_the_database(self):
        self.refused(['check', 's.boot', '--db', 'h.db', '--output', 'h.db'],
                     'is the history database')
        self.refused(['check', 's.boot', '--db', 'h.db', '--output',
                      'link.db'], 'is the history database')
        p = run(['check', 's.boot', '--output', 'h.db'], self.dir,
                env={'BOOTCHECK_DB': 'h.db'}, check_rc=2)
        self.assertIn('is the history database', p.stderr)
        self.refused(['check', 's.boot', '--db', 'h.db', '--output',
                      'h.db-wal'], 'is the history database')

    def test_check_db_is_the_spec(self):
        empty = self.write('empty.boot', '')
        p = run(['check', 'empty.boot', '--db', 'empty.boot'], self.dir,
                check_rc=2)
        self.assertIn('is the spec', p.stderr)
        self.assertEqual(os.path.getsize(empty), 0)

    def test_regress_junit_is_the_database_or_a_spec(self):
        self.refused(['regress', 's.boot', '--db', 'h.db', '--junit',
                      'h.db'], 'is the history database')
        self.refused(['regress', 's.boot', '--db', 'h.db', '--junit',
                      'link.db'], 'is the history database')
        self.refused(['regress', 's.boot', '--db', 'h.db', '--junit',
                      's.boot'], 'is the spec')


def foreign_wal_db(path):
    """Another program's WAL database with frames not checkpointed: copied
    while its connection is open."""
    live = path + '.live'
    c = sqlite3.connect(live, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL')
    c.execute('PRAGMA wal_autocheckpoint=0')
    c.execute('CREATE TABLE notes (body)')
    c.execute("INSERT INTO notes VALUES (randomblob(3000))")
    for suffix in ('', '-wal', '-shm'):
        shutil.copy(live + suffix, path + suffix)
    c.close()
    os.remove(live)


def hot_journal_db(path):
    """A database with a hot rollback journal: copied in the middle of a
    transaction that spilled to the file."""
    live = path + '.live'
    c = sqlite3.connect(live, isolation_level=None)
    c.execute('PRAGMA journal_mode=DELETE')
    c.execute('CREATE TABLE t (x)')
    for _ in range(40):
        c.execute('INSERT INTO t VALUES (randomblob(5000))')
    c.execute('PRAGMA cache_size=2')
    c.execute('BEGIN')
    c.execute('DELETE FROM t')
    for _ in range(20):
        c.execute('INSERT INTO t VALUES (randomblob(5000))')
    shutil.copy(live, path)
    shutil.copy(live + '-journal', path + '-journal')
    c.execute('ROLLBACK')
    c.close()
    os.remove(live)


class ForeignDatabase(Base):
    """Items 4 and 10: databases are inspected read-only, refused before the
    search, and never changed."""

    def setUp(self):
        super().setUp()
        self.spec = self.write('s.boot', SPEC)

    def untouched(self, db, what):
        before = digest(side_files(db))
        for args in (['check', 's.boot', '--db', db, '--quiet'],
                     ['regress', 's.boot', '--db', db, '--quiet'],
                     ['history', 's.boot', '--db', db],
                     ['show', 'latest', '--db', db]):
            p = run(args, self.dir, check_rc=2)
            self.assertIn(what, p.stderr, args)
            # refused before the search: no report
            self.assertEqual(p.stdout, '', args)
            self.assertEqual(digest(side_files(db)), before, args)

    def test_a_foreign_wal_database_with_uncheckpointed_frames(self):
        db = self.path('w.db')
        foreign_wal_db(db)
        self.assertGreater(os.path.getsize(db + '-wal'), 0)
        self.untouched(db, 'another application')

    def test_a_hot_rollback_journal(self):
        db = self.path('j.db')
        hot_journal_db(db)
        self.untouched(db, 'hot rollback journal')

    def test_a_newer_database_is_refused_before_the_search(self):
        db = self.path('h.db')
        run(['check', 's.boot', '--db', db, '--quiet'], self.dir, check_rc=0)
        c = sqlite3.connect(db)
        c.execute('PRAGMA user_version = 42')
        c.close()
        before = digest(side_files(db))
        p = run(['check', 's.boot', '--db', db, '--quiet'], self.dir,
                check_rc=2)
        self.assertIn('newer bootcheck', p.stderr)
        self.assertEqual(p.stdout, '')
        self.assertEqual(digest(side_files(db)), before)

    def test_a_database_that_cannot_be_created_is_refused_first(self):
        # its folder is made when missing (docs/ci.md), but not under a file
        p = run(['check', 's.boot', '--db', 's.boot/h.db', '--quiet'],
                self.dir, check_rc=2)
        self.assertEqual(p.stdout, '')
        # a spec error leaves no empty database behind
        self.write('bad.boot', 'spec bad; var x : bool = nope;\n')
        run(['check', 'bad.boot', '--db', 'new.db'], self.dir, check_rc=2)
        self.assertFalse(os.path.exists(self.path('new.db')))

    @unittest.skipIf(os.geteuid() == 0, 'root writes read-only files')
    def test_a_read_only_database_is_refused_before_the_search(self):
        db = self.path('h.db')
        run(['check', 's.boot', '--db', db, '--quiet'], self.dir, check_rc=0)
        os.chmod(db, 0o444)
        p = run(['check', 's.boot', '--db', db, '--quiet'], self.dir,
                check_rc=2)
        self.assertIn('read-only', p.stderr)
        self.assertEqual(p.stdout, '')

    def test_history_and_show_only_read(self):
        db = self.path('h.db')
        run(['check', 's.boot', '--db', db, '--quiet'], self.dir, check_rc=0)
        before = digest(side_files(db))
        run(['history', 's.boot', '--db', db], self.dir, check_rc=0)
        run(['show', 'latest', '--db', db], self.dir, check_rc=0)
        # nothing written, not even an empty -wal or -shm beside it
        self.assertEqual(digest(side_files(db)), before)

    @unittest.skipIf(os.geteuid() == 0, 'root writes read-only directories')
    def test_history_and_show_in_a_read_only_directory(self):
        ro = self.path('ro')
        os.mkdir(ro)
        db = os.path.join(ro, 'h.db')
        run(['check', 's.boot', '--db', db, '--quiet'], self.dir, check_rc=0)
        os.chmod(ro, 0o555)
        self.addCleanup(os.chmod, ro, 0o755)
        p = run(['history', 's.boot', '--db', db], self.dir, check_rc=0)
        self.assertIn('check', p.stdout)
        run(['show', 'latest', '--db', db], self.dir, check_rc=0)


class MisreadOptions(Base):
    """Item 8: options that were silently misread are usage errors."""

    def setUp(self):
        super().setUp()
        self.spec = self.write('s.boot', SPEC.replace(
            'var x', 'const N = 1;\nvar x'))

    def test_bad_numbers_and_sizes(self):
        for opt in (['--max-states', '-5'], ['--max-states', '+5'],
                    ['--max-states', ' 5'], ['--max-memory', 'nan'],
                    ['--max-memory', 'inf'], ['--max-memory', '-1'],
                    ['--max-memory', '1e30'], ['--max-memory', '0x10'],
                    ['--workers', '-1'], ['--time-limit', 'nan']):
            p = run(['check', 's.boot', *opt], self.dir, check_rc=2)
            self.assertIn(opt[0], p.stderr, opt)
            self.assertEqual(p.stdout, '', opt)

    def test_a_tiny_memory_limit_per_worker_is_still_a_limit(self):
        # 1 byte over 2 workers used to divide to 0 = no limit
        p = run(['check', 's.boot', '--max-memory', '1', '--workers', '2',
                 '--quiet'], self.dir, check_rc=3)
        self.assertNotIn('every reachable state explored', p.stdout)

    def test_defines_are_decimal_or_hex_like_the_language(self):
        for value, shown in (('010', 'N = 10'), ('0x10', 'N = 16'),
                             ('-0x2', 'N = -2'), ('007', 'N = 7')):
            p = run(['list', 's.boot', '-D', 'N=' + value], self.dir,
                    check_rc=0)
            self.assertIn(shown + ' ', p.stdout, value)
        for value in ('+5', ' 5', '0x', '08x', '1.0', '0b1'):
            p = run(['list', 's.boot', '-D', 'N=' + value], self.dir,
                    check_rc=2)
            self.assertIn('not an integer', p.stderr, value)

    def test_a_define_given_twice(self):
        p = run(['check', 's.boot', '-D', 'N=1', '-D', 'N=3'], self.dir,
                check_rc=2)
        self.assertIn('-D N is given twice', p.stderr)

    def test_placement_given_twice_joins_the_lists(self):
        # a second --placement used to replace the first, silently
        spec = self.write('two.boot', """\
spec two "two hooks";
var x : 0..3 = 0;
placement bump at h1, h2 { x := x + 1; }
process p {
  a: hook h1; x := x + 1;
  b: hook h2; skip;
}
constraint Inv "x stays below 3": always x < 3;
""")
        def configs(*opts):
            p = run(['check', 'two.boot', '--quiet', '--no-timing',
                     '--format', 'json', *opts], self.dir, check_rc=0)
            return [c['name'] for c in json.loads(p.stdout)['configurations']]
        self.assertEqual(configs('--placement', 'bump@h1',
                                 '--placement', 'bump@h2'), ['h1', 'h2'])
        self.assertEqual(configs('--placement', 'bump@h1,bump@h2'),
                         ['h1', 'h2'])
        self.assertEqual(configs('--placement', 'bump@h2'), ['h2'])
        self.assertEqual(configs('--placement', 'bump@h2',
                                 '--placement', 'all'), ['h1', 'h2'])
        self.assertEqual(configs('--placement', 'all',
                                 '--placement', 'bump@h2'), ['h1', 'h2'])

    def test_the_65th_define(self):
        args = ['list', 's.boot']
        for i in range(65):
            args += ['-D', f'A{i}=1']
        p = run(args, self.dir, check_rc=2)
        self.assertIn('at most 64 -D options', p.stderr)
        self.assertNotIn('expects NAME=VALUE', p.stderr)


# Three counters 0..80 interleaving with a costly invariant: about ten
# seconds of search, interrupted after a fraction of a second.
SPEC_SLOW = """\
spec slow "three counters interleaving, with a costly invariant";
const N = 80;
var c[k in 1..3] : 0..N = 0;
process p[i in 1..3] {
  step: if c[i] < N then { c[i] := c[i] + 1; goto step; }
}
constraint C1 "a sum that is never negative":
  always forall a in 0..300: c[1] + c[2] + c[3] + a >= 0;
constraint C2 "the first counter is not first to 5":
  always not (c[1] = 5 and c[2] < 5 and c[3] < 5);
"""


class Signals(Base):
    """Item 9: SIGINT and SIGTERM stop the search as a limit would."""

    def interrupt(self, args, sig):
        e = dict(os.environ)
        e.pop('BOOTCHECK_DB', None)
        proc = subprocess.Popen([BOOTCHECK, *args], cwd=self.dir, env=e,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(0.4)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out, err

    def test_sigint_during_check_reports_and_records_incomplete(self):
        self.write('slow.boot', SPEC_SLOW)
        rc, out, err = self.interrupt(
            ['check', 'slow.boot', '--db', 'h.db', '--quiet', '--no-timing'],
            signal.SIGINT)
        self.assertEqual(rc, 3, err)
        self.assertIn('INCOMPLETE: interrupted', out)
        # the verdict found before the signal is kept
        self.assertIn('VIOLATED', out.upper())
        c = sqlite3.connect(self.path('h.db'))
        rows = c.execute('SELECT outcome, exit_code FROM run').fetchall()
        stop = c.execute('SELECT stop FROM config').fetchall()
        c.close()
        self.assertEqual(rows, [('incomplete', 3)])
        self.assertEqual(stop, [('interrupted',)])

    def test_sigterm_during_regress(self):
        self.write('slow.boot', SPEC_SLOW)
        rc, out, err = self.interrupt(
            ['regress', 'slow.boot', '--db', 'h.db', '--quiet'],
            signal.SIGTERM)
        self.assertEqual(rc, 3, err)
        self.assertIn('recorded as run 1', out)
        c = sqlite3.connect(self.path('h.db'))
        rows = c.execute('SELECT outcome FROM run').fetchall()
        c.close()
        self.assertEqual(rows, [('incomplete',)])


class MemoryGuard(Base):
    """Running out of memory gives results marked incomplete, never lost
    ones: the memory guard (checker/base/memguard.h) stops the searches
    when the memory available falls below $BOOTCHECK_MIN_FREE (here a
    floor no machine is above, so it stops them at its first look, 50 ms
    in), as a limit would."""

    def test_the_search_stops_incomplete_and_is_recorded(self):
        self.write('slow.boot', SPEC_SLOW)
        p = run(['check', 'slow.boot', '--db', 'h.db', '--quiet',
                 '--no-timing', '--engine', 'interp'], self.dir,
                env={'BOOTCHECK_MIN_FREE': '100000G'}, check_rc=3)
        self.assertIn('INCOMPLETE: out of memory', p.stdout)
        self.assertIn('VIOLATED', p.stdout.upper())  # found before: kept
        self.assertIn('the memory ran low', p.stderr)
        self.assertEqual(p.stderr.count('the memory ran low'), 1)
        c = sqlite3.connect(self.path('h.db'))
        rows = c.execute('SELECT outcome, exit_code FROM run').fetchall()
        stop = c.execute('SELECT stop FROM config').fetchall()
        c.close()
        self.assertEqual(rows, [('incomplete', 3)])
        self.assertEqual(stop, [('out-of-memory',)])

    def test_every_value_of_a_sweep_still_runs(self):
        # unlike an interrupt, the guard leaves no configuration out: each
        # one runs, and stops again while the memory is short
        self.write('slow.boot', SPEC_SLOW)
        p = run(['check', 'slow.boot', '-D', 'N=70,80', '--quiet',
                 '--no-timing', '--engine', 'interp', '--format', 'json'],
                self.dir, env={'BOOTCHECK_MIN_FREE': '100000G'},
                check_rc=3)
        checks = json.loads(p.stdout)['sweep']
        self.assertEqual(len(checks), 2)
        for c in checks:
            self.assertEqual([(cf['stop'], cf['complete'], cf['result'])
                              for cf in c['configurations']],
                             [('out-of-memory', False, 'incomplete')])
            self.assertGreater(c['configurations'][0]['stats']['distinct'],
                               0)
        self.assertEqual(p.stderr.count('the memory ran low'), 2)

    def test_off_and_misspelt(self):
        self.write('slow.boot', SPEC_SLOW.replace('N = 80', 'N = 6'))
        p = run(['check', 'slow.boot', '--quiet', '--no-timing'], self.dir,
                env={'BOOTCHECK_MIN_FREE': '0'})
        self.assertNotIn('INCOMPLETE', p.stdout)
        self.assertNotIn('memory ran low', p.stderr)
        p = run(['check', 'slow.boot'], self.dir,
                env={'BOOTCHECK_MIN_FREE': 'lots'}, check_rc=2)
        self.assertIn("$BOOTCHECK_MIN_FREE is 'lots', not a size", p.stderr)


def limited(kib):
    """preexec_fn: at most 'kib' KiB of address space."""
    import resource

    def f():
        resource.setrlimit(resource.RLIMIT_AS, (kib * 1024, kib * 1024))
    return f


class FrontEnd(Base):
    """Items 6 and 12: huge, odd and unreadable input."""

    def test_a_directory(self):
        p = run(['check', self.dir], self.dir, check_rc=2)
        self.assertIn('a directory, not a spec file', p.stderr)
        self.assertNotIn('Input/output error', p.stderr)

    def test_an_endless_device_and_a_huge_file_are_capped(self):
        p = run(['check', '/dev/zero'], self.dir, check_rc=2, timeout=20)
        self.assertIn('larger than the 16 MiB', p.stderr)
        big = self.path('big.boot')
        with open(big, 'wb') as f:
            f.truncate(17 << 20)
        p = run(['list', big], self.dir, check_rc=2)
        self.assertIn('larger than the 16 MiB', p.stderr)

    def test_a_byte_order_mark_is_accepted(self):
        self.write('bom.boot', '\ufeff' + SPEC)
        p = run(['check', 'bom.boot', '--quiet'], self.dir, check_rc=0)
        self.assertIn('every reachable state explored', p.stdout)

    def probe(self, kib):
        p = subprocess.run([BOOTCHECK, '--version'], capture_output=True,
                           preexec_fn=limited(kib))
        if p.returncode != 0:  # a sanitizer build reserves more
            self.skipTest('bootcheck does not start in %d KiB' % kib)

    def test_out_of_memory_in_the_front_end_exits_3(self):
        self.probe(30000)
        self.write('t.boot', 'spec t "' + 'a' * 15000000 + '";\n' + SPEC[9:])
        p = subprocess.run([BOOTCHECK, 'list', 't.boot'], cwd=self.dir,
                           capture_output=True, preexec_fn=limited(30000))
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn(b'out of memory', p.stderr)

    def test_out_of_memory_without_a_limit_is_not_called_max_memory(self):
        self.probe(30000)
        self.write('big.boot', """\
spec big "many states";
var c[k in 1..4] : 0..200 = 0;
process p[i in 1..4] {
  step: if c[i] < 200 then { c[i] := c[i] + 1; goto step; }
}
""")
        p = subprocess.run([BOOTCHECK, 'check', 'big.boot', '--no-windows',
                            '--quiet', '--no-timing', '--workers', '1'],
                           cwd=self.dir, capture_output=True, text=True,
                           preexec_fn=limited(30000), timeout=120)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn('out of memory', p.stdout + p.stderr)
        self.assertNotIn('--max-memory', p.stdout + p.stderr)


def file_size_limit(size):
    """preexec_fn: files of at most 'size' bytes, as on a full device (a
    write past it fails with EFBIG instead of killing with SIGXFSZ)."""
    import resource

    def f():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return f


# 9261 states: over the 4096 trace links --fingerprint buffers in memory.
BIG = """\
spec big "9261 states";
var c[k in 1..3] : 0..20 = 0;
process p[i in 1..3] {
  step: if c[i] < 20 then { c[i] := c[i] + 1; goto step; }
}
"""


class FullDevice(Base):
    """Item 12: a full or missing $TMPDIR and a full output device give
    exit 3 and a message saying so, never "out of memory (--max-memory)"
    (no tmpfs without root: a file-size limit plays the full disk)."""

    def limited_run(self, args, size):
        e = dict(os.environ)
        e.pop('BOOTCHECK_DB', None)
        e['TMPDIR'] = self.dir
        e['XDG_CACHE_HOME'] = self.path('cache')  # empty: the model is built
        return subprocess.run([BOOTCHECK, *args], cwd=self.dir, env=e,
                              capture_output=True, text=True, timeout=60,
                              preexec_fn=file_size_limit(size))

    def test_native_build_without_tmpdir(self):
        self.write('s.boot', SPEC)
        p = run(['check', 's.boot', '--engine', 'native', '--quiet'],
                self.dir, env={'TMPDIR': self.path('missing'),
                               'XDG_CACHE_HOME': self.path('cache')},
                check_rc=3)
        self.assertIn('cannot make a temporary directory in %s ($TMPDIR): '
                      'No such file or directory' % self.path('missing'),
                      p.stderr)
        self.assertNotIn('memory', p.stdout + p.stderr)

    def test_native_build_in_a_full_tmpdir(self):
        self.write('s.boot', SPEC)
        p = self.limited_run(['check', 's.boot', '--engine', 'native',
                              '--quiet'], 1000)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertRegex(p.stderr, 'cannot write .*/model.c: File too large')
        self.assertNotIn('memory', p.stdout + p.stderr)

    def test_trace_file_in_a_full_tmpdir(self):
        self.write('big.boot', BIG)
        p = self.limited_run(['check', 'big.boot', '--fingerprint', '--quiet',
                              '--workers', '1', '--no-timing'], 16384)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn('the trace file in $TMPDIR could not be written',
                      p.stdout)
        self.assertNotIn('memory', p.stdout + p.stderr)

    def test_report_to_a_full_device(self):
        if not os.path.exists('/dev/full'):
            self.skipTest('no /dev/full')
        self.write('s.boot', SPEC)
        for args in (['check', 's.boot', '--quiet'],
                     ['check', 's.boot', '--quiet', '--format', 'json'],
                     ['list', 's.boot'], ['--help']):
            with open('/dev/full', 'w') as full:
                p = subprocess.run([BOOTCHECK, *args], cwd=self.dir,
                                   stdout=full, stderr=subprocess.PIPE,
                                   text=True, timeout=60)
            self.assertEqual(p.returncode, 3, args)
            self.assertIn('writing the output: No space left on device',
                          p.stderr, args)
        p = run(['check', 's.boot', '--quiet', '--output', '/dev/full'],
                self.dir, check_rc=3)
        self.assertIn('/dev/full: No space left on device', p.stderr)


# ESC ] 2 ; ... BEL retitles a terminal; ESC [ 8 m hides what follows;
# U+009B is the one-character CSI.
TITLE = 'evil \x1b]2;pwned\x07 \u009b31m \x1b[8m hidden \x7f'
SPEC_CTL = ('spec ctl "' + TITLE + '";\n'
            'var x : 0..3 = 0;  # a comment with \x1b[2J\n'
            'process p { a: x := x + 1; }\n'
            'constraint C1 "c \x1b[8m": always x < 1;\n')
RAW = ('\x1b', '\x07', '\x7f', '\u009b')


class ControlCharacters(Base):
    """Item 11: the spec's control characters never reach the terminal."""

    def assert_clean(self, text, what):
        for c in RAW:
            self.assertNotIn(c, text, what)

    def test_every_text_output(self):
        self.write('ctl.boot', SPEC_CTL)
        outs = []
        for fmt in ('text', 'markdown'):
            p = run(['check', 'ctl.boot', '--format', fmt, '--db', 'h.db',
                     '--no-timing', '--quiet'], self.dir, check_rc=1)
            outs.append((fmt, p.stdout + p.stderr))
            self.assertIn('\\x1b', p.stdout)
        p = run(['check', 'ctl.boot', '--output', 'r.txt', '--quiet'],
                self.dir, check_rc=1)
        with open(self.path('r.txt'), encoding='utf-8') as f:
            outs.append(('--output', f.read()))
        p = run(['check', 'ctl.boot', '--color', 'always', '--quiet'],
                self.dir, check_rc=1)
        # colour codes are ours: ESC [ ... m, and nothing else
        import re
        rest = re.sub('\x1b\\[[0-9;]*m', '', p.stdout)
        outs.append(('--color', rest))
        self.assertNotIn('\x1b[8m', p.stdout)
        for args in (['regress', 'ctl.boot', '--db', 'h.db'],
                     ['history', 'ctl.boot', '--db', 'h.db'],
                     ['show', 'latest', '--db', 'h.db']):
            p = run(args, self.dir)
            outs.append((args[0], p.stdout + p.stderr))
        self.write('bad.boot', SPEC_CTL.replace('x + 1;', 'x + \x1b[2J1;'))
        p = run(['list', 'bad.boot'], self.dir, check_rc=2)
        outs.append(('diagnostic', p.stderr))
        for what, text in outs:
            self.assert_clean(text, what)

    def test_json_keeps_the_text(self):
        import json
        self.write('ctl.boot', SPEC_CTL)
        p = run(['check', 'ctl.boot', '--format', 'json', '--quiet'],
                self.dir, check_rc=1)
        doc = json.loads(p.stdout)
        self.assertEqual(doc['spec']['title'], TITLE)


if __name__ == '__main__':
    BOOTCHECK = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
