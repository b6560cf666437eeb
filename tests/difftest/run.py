#!/usr/bin/env python3
"""Differential test of bootcheck over random specs of the whole language.

Usage:
  run.py --bootcheck build/checker/bootcheck [--count N] [--seed S]
         [--time-budget SECS] [--modes w1,w2,...] [--keep DIR]
         [--no-minimise] [--quiet]
  (spec IDX of seed S alone: --seed S --start IDX --count 1)

Each spec (gen.py) is explored by a reference interpreter (model.py,
written from docs/language.md) and checked by bootcheck in every mode:

  w1 w2 w3   --workers 1/2/3            counts = reference (orbits with symmetry)
  fp         --fingerprint              counts = reference
  native     --engine native            counts = reference
  por        --por                      counts <= full count
  pornative  --por --engine native      counts = por's (the compiled
                                        engine records the same footprints)
  nosym      --no-symmetry              counts = full reference count

All modes must give the reference's verdicts and exit status (from the
spec's expect lines); the modes without --por the reference's shortest
counterexample lengths; the exposure windows agree across modes; and every
trace, witness and window run of every mode must replay, step by step, as
a move of the reference interpreter whose changes are exactly the ones
listed (the last step or state showing the violation it claims).

When `bootcheck export --help` succeeds and tests/peers/run_export.py
exists, every --export-every-th spec is also exported to Murphi and
Promela and checked with rumur and spin by that script (same verdicts,
same distinct states up to the offsets of docs/export.md). Without the
command the part is skipped.

A failing spec is minimised (declarations, statements, constraints and
expect lines dropped while the same kind of failure persists) and kept
in --keep (default difftest-failures/) as NAME.boot with NAME.txt (the
-D arguments and what failed); the reproducer is printed.
Exit status: 0 no failure, 1 some failure, 2 usage.
"""
import argparse
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gen import COVERAGE, Gen, coverage  # noqa: E402
from model import Model, RtError, TooBig  # noqa: E402
from spec import print_spec  # noqa: E402

# every mode names its engine (the default, auto, is native where a C
# compiler exists): the interpreter but in 'native'
MODES = {
    'w1': ['--workers', '1', '--engine', 'interp'],
    'w2': ['--workers', '2', '--engine', 'interp'],
    'w3': ['--workers', '3', '--engine', 'interp'],
    'fp': ['--workers', '1', '--fingerprint', '--engine', 'interp'],
    'native': ['--workers', '1', '--engine', 'native'],
    'por': ['--workers', '1', '--por', '--engine', 'interp'],
    'pornative': ['--workers', '1', '--por', '--engine', 'native'],
    'nosym': ['--workers', '1', '--no-symmetry', '--engine', 'interp'],
}
POR_MODES = ('por', 'pornative')
LIMIT = 5000
STOPS = {}          # how the w1 searches ended: exhausted / decided


class Case:
    """One spec with the reference results."""

    def __init__(self, sp):
        self.sp = sp
        self.model = Model(sp)
        self.ref = {}           # cfg tuple -> explore() result
        for _, binds, cfg in self.model.configs():
            self.ref[cfg] = self.model.explore(cfg, LIMIT)
        self.exit = 0
        self.has_error = any(r['error'] for r in self.ref.values())
        for _, binds, cfg in self.model.configs():
            if not self.ref[cfg]['error'] and not self.model.expected_ok(
                    binds, self.ref[cfg]['results']):
                self.exit = 1
        self.text = print_spec(sp)
        self.member_for = self.model.sym is not None and has_member_for(sp)


def has_member_for(sp):
    """Does a `for` loop run over the members of the family (1..N)?
    Symmetry reduction is unsound there (issue 11, part 2)."""
    def walk(ss):
        for s in ss:
            if s[0] == 'for' and s[2][0] == 'range' and \
                    s[2][1] == ('int', 1) and s[2][2] == ('const', 'N'):
                return True
            subs = (s[2:4] if s[0] == 'if' else s[1] if s[0] == 'either'
                    else [s[3]] if s[0] in ('with', 'for')
                    else [s[1]] if s[0] == 'block' else [])
            if any(b and walk(b) for b in subs):
                return True
        return False
    return any(walk(b) for p in sp.procs for _, b in p.steps) or \
        any(walk(b) for _, _, b in sp.procedures) or \
        any(walk(b) for _, _, b in sp.placements)


def known_defect(case, fails):
    """The name of a known, reported defect that explains every failure,
    or None."""
    if case.member_for and fails[0][0].startswith('rejected'):
        return 'refused: a `for` over member indices in a symmetric spec'
    if case.model.sym is not None and fails[0][0].startswith('rejected') \
            and re.search(r'symmetr|member', fails[0][1]):
        # the rules of §2.5 may grow stricter (issue 11 part 2): a
        # refusal is a design decision, not a wrong answer; counted
        return 'refused by the symmetry rules: ' + fails[0][0][9:]
    if case.member_for and all(
            not f[1].startswith('nosym') and
            f[0].split(':')[0] in ('count', 'verdict', 'length', 'exit',
                                   'replay', 'replay-window', 'window',
                                   'early-count', 'windows', 'error-count')
            for f in fails):
        return 'issue 11 #2: symmetry with a `for` over member indices'
    return None


def make_case(seed, idx):
    """A spec that the reference explores within LIMIT states; tries
    further sub-seeds when one is too big or has a runtime error."""
    skipped = 0
    for sub in range(50):
        rnd = random.Random(f'{seed}/{idx}/{sub}')
        g = Gen(rnd, idx)
        sp = g.gen()
        try:
            m = Model(sp)
            verdicts = {}
            for _, binds, cfg in m.configs():
                r = m.explore(cfg, LIMIT)
                verdicts[tuple(sorted(binds.items()))] = r['results']
        except (TooBig, RtError, RecursionError):
            skipped += 1
            continue
        g.expects(m, verdicts)
        return Case(sp), skipped
    return None, skipped


def run_bc(exe, path, sp, mode, timeout=300):
    cmd = [exe, 'check', path, '--format', 'json', '--quiet', '--no-timing',
           *sp.dargs(), *MODES[mode]]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, 'timeout', ''
    doc = None
    if p.stdout.strip():
        try:
            doc = json.loads(p.stdout)
        except json.JSONDecodeError:
            doc = None
    return p.returncode, doc, p.stderr


def cfg_of(case, c):
    names = [p[0] for p in case.sp.placements]
    return tuple(c['bindings'][n] for n in names)


def check_mode(case, mode, rc, doc, err):
    """[(category, message)] for one bootcheck run."""
    fails = []
    if rc is None:
        return [('timeout', f'{mode}: timed out')]
    if doc is None or rc not in (0, 1, 2):
        msg = (err.strip().splitlines() or [''])[0]
        msg = re.sub(r'^[^:]*:\d+:\d+: ', '', msg)
        cat = 'rejected' if rc == 2 else f'status{rc}'
        return [(f'{cat}:{msg[:60]}', f'{mode}: exit {rc}: {err.strip()}')]
    errors = any(c.get('error') for c in doc['configurations'])
    if errors and rc != 2:
        fails.append(('exit', f'{mode}: exit {rc} after a runtime error'))
    elif not errors and rc != case.exit:
        fails.append(('exit', f'{mode}: exit {rc}, reference {case.exit}'))
    m = case.model
    sym = m.sym is not None and mode != 'nosym'
    seen = set()
    for c in doc['configurations']:
        cfg = cfg_of(case, c)
        seen.add(cfg)
        ref = case.ref.get(cfg)
        name = c['name']
        if ref is None:
            fails.append(('config', f'{mode}: unknown configuration {name}'))
            continue
        if ref['error'] or c.get('error'):
            fails += check_error(case, mode, name, cfg, ref, c)
            continue
        n = c['stats']['distinct']
        full = ref['distinct']
        want = ref['orbits'] if sym else full
        exhausted = c['stop'] == 'exhausted'
        if mode == 'w1':
            STOPS[c['stop']] = STOPS.get(c['stop'], 0) + 1
        if c['stop'] not in ('exhausted', 'decided'):
            fails.append(('stop', f'{mode} {name}: search stopped: '
                          f'{c["stop"]}'))
        if mode in POR_MODES or not exhausted:
            # --por, or every verdict known before the space was exhausted
            if n > full:
                fails.append((f'count:{mode}', f'{mode} {name}: {n} states '
                              f'> full {full}'))
        elif sym and ref['orbits'] < n <= full:
            # a sound reduction that does not always find one
            # representative per orbit: allowed, counted
            STOPS['inexact symmetry'] = STOPS.get('inexact symmetry', 0) + 1
        elif n != want:
            fails.append((f'count:{mode}', f'{mode} {name}: {n} states, '
                          f'reference {want} (full {full}, orbits '
                          f'{ref["orbits"]})'))
        for k in c['constraints']:
            cid = k['id']
            rs = ref['results'].get(cid)
            if rs is None:
                fails.append(('verdict', f'{mode} {name}: unknown {cid}'))
                continue
            if k['status'] != rs[0]:
                fails.append((f'verdict:{mode}', f'{mode} {name}: {cid} '
                              f'{k["status"]}, reference {rs[0]}'))
                continue
            t = k.get('trace') or k.get('witness')
            if t is not None:
                if mode not in POR_MODES and rs[1] is not None and \
                        t['length'] != rs[1]:
                    fails.append((f'length:{mode}', f'{mode} {name}: {cid} '
                                  f'trace of {t["length"]} steps, shortest '
                                  f'{rs[1]}'))
                why = m.replay(cfg, t, cid, t.get('ends'))
                if not why and t.get('ends') in ('cycle', 'stops'):
                    why = m.replay_lasso(cfg, t, cid)
                if why:
                    fails.append((f'replay:{mode}', f'{mode} {name}: {cid} '
                                  f'trace: {why}'))
            elif rs[0] != 'unknown' and (rs[0] == 'violated' or
                                         m_kind(case, cid) == 'reachable'):
                if not k.get('note'):
                    fails.append(('trace', f'{mode} {name}: {cid} '
                                  f'{rs[0]} with no trace'))
        for w in c.get('windows', []):
            rw = ref['windows'].get(w['id'])
            if rw and (w['status'] != rw[0] or (
                    rw[0] == 'bounded' and w['steps'] != rw[1])):
                fails.append((f'window:{mode}', f'{mode} {name}: window '
                              f'{w["id"]} {w["status"]} {w["steps"]}, '
                              f'reference {rw[0]} {rw[1]}'))
            if w.get('trace'):
                why = m.replay(cfg, w['trace'])
                if why:
                    fails.append((f'replay-window:{mode}', f'{mode} {name}: '
                                  f'window {w["id"]}: {why}'))
    if seen != set(case.ref):
        fails.append(('config', f'{mode}: configurations {sorted(seen)}, '
                      f'reference {sorted(case.ref)}'))
    return fails


def check_error(case, mode, name, cfg, ref, c):
    """A configuration where the reference or bootcheck met a runtime
    error: bootcheck stops at one unless every verdict was known first;
    its trace is a shortest way (without --por) to a state with a move
    that is an error."""
    err = c.get('error')
    if not ref['error']:
        return [('runtime', f'{mode} {name}: runtime error '
                 f'{err["message"]}, none in the reference')]
    if not err:
        if c['stop'] != 'decided':
            return [('runtime', f'{mode} {name}: no runtime error (stop '
                     f'{c["stop"]}), reference: {ref["error"][1]} after '
                     f'{ref["error"][0]} steps')]
        return []
    t = err['trace']
    out = []
    if mode not in POR_MODES and t['length'] != ref['error'][0]:
        out.append((f'length:{mode}', f'{mode} {name}: runtime error after '
                    f'{t["length"]} steps, reference {ref["error"][0]}'))
    why = case.model.raises(cfg, t)
    if why:
        out.append((f'replay:{mode}', f'{mode} {name}: runtime error '
                    f'trace: {why}'))
    return out


def m_kind(case, cid):
    for c, _, k, _ in case.sp.constraints:
        if c == cid:
            return k
    return 'deadlock'


def windows_of(doc):
    out = []
    for c in doc['configurations']:
        out.append([(w['id'], w['status'], w.get('steps'),
                     w.get('open_at_end')) for w in c.get('windows', [])])
    return out


def decided_counts(doc):
    """Distinct counts of every configuration: the same for every worker
    count, engine and store (also when a search stopped early because
    every verdict was known)."""
    return [None if c.get('error') else c['stats']['distinct']
            for c in doc['configurations']]


def error_counts(doc):
    """Distinct counts of the configurations stopped by a runtime error."""
    return [c['stats']['distinct'] for c in doc['configurations']
            if c.get('error')]


class Exporter:
    """The independent checkers: `bootcheck export` to Murphi (rumur) and
    Promela (spin), run and compared by tests/peers/run_export.py (the
    export's own cross-check, which knows the translation: verdicts of
    every constraint, distinct states with the offsets docs/export.md
    documents). Skipped when `bootcheck export --help` fails or the
    script is missing; a spec is exported every 'every'-th time."""

    def __init__(self, exe, tools, every):
        self.exe = exe
        self.tools = tools
        self.every = every
        self.script = os.path.join(os.path.dirname(HERE), 'peers',
                                   'run_export.py')
        p = subprocess.run([exe, 'export', '--help'], capture_output=True,
                           text=True)
        self.ok = (p.returncode == 0 and os.path.exists(self.script)
                   and every > 0 and bool(tools))
        self.count = 0

    def check(self, case, path, force=False):
        self.count += 1
        if (self.count - 1) % self.every and not force:
            return []
        defs = []
        for k, v in case.sp.overrides.items():
            defs += ['-D', f'{k}={str(v).lower()}']
        cmd = [sys.executable, self.script, '--bootcheck', self.exe,
               '--tools', self.tools, '-j', '1', '--skip-unexportable', path,
               *defs]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=900)
        except subprocess.TimeoutExpired:
            return [('export-timeout', 'run_export.py timed out')]
        if p.returncode == 77:
            self.ok = False
            print('export: rumur, spin or cc missing: skipped from now on')
            return []
        if p.returncode == 0:
            return []
        lines = [x.strip() for x in p.stdout.splitlines()
                 if x.startswith(('FAIL', '     ', 'ERROR'))]
        cat = 'export' if p.returncode == 1 else f'export-status{p.returncode}'
        return [(cat, 'export: ' + ' | '.join(lines[:6])
                 or p.stderr.strip()[:300])]


def check_case(exe, case, modes, tmp, exporter=None, tag='t',
               force_export=False):
    path = os.path.join(tmp, f'{tag}.boot')
    with open(path, 'w') as f:
        f.write(case.text)
    fails = []
    wins = {}
    early = {}
    errcounts = {}
    porcounts = {}
    for mode in modes:
        rc, doc, err = run_bc(exe, path, case.sp, mode)
        fs = check_mode(case, mode, rc, doc, err)
        fails += fs
        if doc is not None and not fs:
            wins[mode] = windows_of(doc)
            if mode in ('w1', 'w2', 'w3', 'fp', 'native'):
                early[mode] = decided_counts(doc)
                errcounts[mode] = error_counts(doc)
            elif mode in POR_MODES:
                porcounts[mode] = (decided_counts(doc), error_counts(doc))
        if fs and fs[0][0].startswith(('rejected', 'status', 'timeout')):
            break
    # Which of several longest runs is shown (and so whether it ends with
    # the predicate still true, `open_at_end`) may differ with symmetry
    # on and off (docs/language.md §4.1): compared among equal settings.
    same = {k: v for k, v in wins.items() if k != 'nosym'}
    short = {k: [[w[:3] for w in c] for c in v] for k, v in wins.items()}
    for group in (same, short):
        if len({json.dumps(w) for w in group.values()}) > 1:
            fails.append(('windows', 'exposure windows differ: ' +
                          '; '.join(f'{k} {v}' for k, v in group.items())))
            break
    if len({json.dumps(w) for w in early.values()}) > 1:
        fails.append(('early-count', 'workers, engines or stores give '
                      'different counts: ' +
                      '; '.join(f'{k} {v}' for k, v in early.items())))
    if len({json.dumps(w) for w in errcounts.values()}) > 1:
        fails.append(('error-count', 'distinct states at a runtime error '
                      'differ: ' + '; '.join(f'{k} {v}' for k, v in
                                             errcounts.items())))
    if len({json.dumps(w) for w in porcounts.values()}) > 1:
        fails.append(('por-count', 'the engines choose different stubborn '
                      'sets under --por: ' + '; '.join(
                          f'{k} {v}' for k, v in porcounts.items())))
    if exporter is not None and exporter.ok and not fails:
        fails += exporter.check(case, path, force_export)
    return fails


# ------------------------------------------------------------ minimising
def edits(sp):
    """Every smaller spec one deletion away (generator of Spec copies)."""
    lists = [('expects', None), ('windows', None), ('constraints', None),
             ('placements', None), ('procedures', None), ('procs', None),
             ('vars', None)]
    for attr, _ in lists:
        xs = getattr(sp, attr)
        for i in range(len(xs)):
            s2 = copy.deepcopy(sp)
            del getattr(s2, attr)[i]
            yield s2
    for k in list(sp.overrides):
        s2 = copy.deepcopy(sp)
        del s2.overrides[k]
        yield s2
    # statements: every block in every step, procedure and placement
    blocks = []

    def collect(ss, path):
        blocks.append(path)
        for j, s in enumerate(ss):
            if s[0] in ('if',):
                collect(s[2], path + [(j, 2)])
                if s[3] is not None:
                    collect(s[3], path + [(j, 3)])
            elif s[0] == 'either':
                for b in range(len(s[1])):
                    collect(s[1][b], path + [(j, 1, b)])
            elif s[0] in ('with', 'for'):
                collect(s[3], path + [(j, 3)])
            elif s[0] == 'block':
                collect(s[1], path + [(j, 1)])

    roots = []
    for pi, p in enumerate(sp.procs):
        for si in range(len(p.steps)):
            roots.append(('step', pi, si))
        for li in range(len(p.locals)):
            s2 = copy.deepcopy(sp)
            del s2.procs[pi].locals[li]
            yield s2
        if len(p.steps) > 1:
            for si in range(len(p.steps)):
                s2 = copy.deepcopy(sp)
                del s2.procs[pi].steps[si]
                yield s2
    for qi in range(len(sp.procedures)):
        roots.append(('procedure', qi))
    for qi in range(len(sp.placements)):
        roots.append(('placement', qi))

    def root_list(s2, r):
        if r[0] == 'step':
            return s2.procs[r[1]].steps[r[2]][1]
        if r[0] == 'procedure':
            return s2.procedures[r[1]][2]
        return s2.placements[r[1]][2]

    def resolve(ss, path):
        for step in path:
            s = ss[step[0]]
            ss = s[1][step[2]] if len(step) == 3 else s[step[1]]
        return ss

    for r in roots:
        blocks.clear()
        collect(root_list(sp, r), [])
        for bp in list(blocks):
            n = len(resolve(root_list(sp, r), bp))
            for j in range(n):
                s2 = copy.deepcopy(sp)
                ss = resolve(root_list(s2, r), bp)
                old = ss[j]
                del ss[j]
                yield s2
                # replace a compound statement by one of its blocks
                inner = []
                if old[0] == 'if':
                    inner = [old[2]] + ([old[3]] if old[3] else [])
                elif old[0] == 'either':
                    inner = old[1]
                elif old[0] == 'block':
                    inner = [old[1]]
                for b in inner:
                    s3 = copy.deepcopy(sp)
                    ss = resolve(root_list(s3, r), bp)
                    ss[j:j + 1] = copy.deepcopy(b)
                    yield s3


def minimise(exe, case, cats, modes, tmp, deadline, exporter=None):
    """Drop parts of the spec while a failure of one of the categories
    'cats' persists."""
    best = case
    changed = True
    while changed and time.time() < deadline:
        changed = False
        for s2 in edits(best.sp):
            if time.time() > deadline:
                break
            try:
                c2 = Case(s2)
            except (TooBig, RtError, RecursionError, KeyError, ValueError,
                    IndexError):
                continue
            fs = check_case(exe, c2, modes, tmp, exporter, tag='min',
                            force_export=True)
            if any(f[0] in cats for f in fs):
                best = c2
                changed = True
                break
    return best


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bootcheck', required=True)
    ap.add_argument('--count', type=int, default=100)
    ap.add_argument('--seed', default='1')
    ap.add_argument('--time-budget', type=float, default=0,
                    help='stop starting new specs after SECS (0: no limit)')
    ap.add_argument('--modes', default=','.join(MODES))
    ap.add_argument('--keep', default='difftest-failures')
    ap.add_argument('--no-minimise', action='store_true')
    ap.add_argument('--minimise-seconds', type=float, default=300)
    ap.add_argument('--export-tools', default='murphi,promela',
                    help="'' turns the export check off")
    ap.add_argument('--export-every', type=int, default=1,
                    help='export every N-th spec (0: never)')
    ap.add_argument('--quiet', action='store_true')
    ap.add_argument('--start', type=int, default=0)
    ap.add_argument('--no-known', action='store_true',
                    help='report failures of known defects as failures too')
    ap.add_argument('--progress', type=int, default=0,
                    help='with --quiet, a line every N specs')
    ap.add_argument('--coverage', action='store_true',
                    help='print how many specs used each construct')
    ap.add_argument('--sparse-modes', default='',
                    help='modes run only on every --sparse-every-th spec')
    ap.add_argument('--sparse-every', type=int, default=4)
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    exe = os.path.abspath(a.bootcheck)
    modes = a.modes.split(',')
    for m in modes:
        if m not in MODES:
            ap.error(f'unknown mode {m}')
    exporter = Exporter(exe, a.export_tools, a.export_every)
    if not exporter.ok:
        print('export: `bootcheck export` or tests/peers/run_export.py not '
              'available (or turned off): skipped')
    tmp = tempfile.mkdtemp(prefix='bc-difftest-')
    t0 = time.time()
    done = skipped = 0
    failed = []
    known_hits = {}
    cov = {}
    stats = {'errors': 0, 'states': 0, 'configs': 0, 'sym': 0, 'violated': 0,
             'holds': 0, 'unknown': 0}
    try:
        for idx in range(a.start, a.start + a.count):
            if a.time_budget and time.time() - t0 > a.time_budget:
                break
            case, sk = make_case(a.seed, idx)
            skipped += sk
            if case is None:
                continue
            done += 1
            for k, v in coverage(case.sp, case.text).items():
                cov[k] = cov.get(k, 0) + v
            stats['sym'] += case.model.sym is not None
            for r in case.ref.values():
                stats['errors'] += r['error'] is not None
                stats['states'] += r['distinct']
                stats['configs'] += 1
                for st, _ in r['results'].values():
                    stats[st] += 1
            sparse = set(a.sparse_modes.split(',')) - {''}
            ms = [m for m in modes if m not in sparse or
                  idx % a.sparse_every == 0]
            fails = check_case(exe, case, ms, tmp, exporter)
            if a.progress and done % a.progress == 0:
                print(f'.. {done} specs, {len(failed)} failed, '
                      f'{time.time() - t0:.0f} s', flush=True)
            if not fails:
                if not a.quiet:
                    print(f'ok   {idx}', flush=True)
                continue
            known = None if a.no_known else known_defect(case, fails)
            if known:
                known_hits[known] = known_hits.get(known, 0) + 1
                if not a.quiet:
                    print(f'known {idx}: {known}')
                continue
            failed.append(idx)
            os.makedirs(a.keep, exist_ok=True)
            base = os.path.join(a.keep, f'{a.seed}-{idx}')
            with open(base + '.boot', 'w') as f:
                f.write(case.text)
            print(f'FAIL {idx} (seed {a.seed}): kept as {base}.boot '
                  f'{" ".join(case.sp.dargs())}')
            for cat, msg in fails[:8]:
                print(f'  [{cat}] {msg}')
            small = case
            if not a.no_minimise:
                cats = {fails[0][0]}
                mmodes = sorted({'w1', *[m for m in modes
                                         if m in fails[0][1].split()[0]]},
                                key=list(MODES).index)
                if fails[0][0] in ('windows', 'early-count'):
                    mmodes = modes
                ex = exporter if fails[0][0].startswith('export') else None
                small = minimise(exe, case, cats, mmodes, tmp,
                                 time.time() + a.minimise_seconds, ex)
                with open(base + '.min.boot', 'w') as f:
                    f.write(small.text)
            sfails = check_case(exe, small, modes, tmp, exporter,
                                tag='again', force_export=True)
            with open(base + '.txt', 'w') as f:
                f.write(' '.join(small.sp.dargs()) + '\n')
                for cat, msg in sfails:
                    f.write(f'[{cat}] {msg}\n')
            if small is not case:
                print(f'  minimised ({len(case.text)} -> {len(small.text)} '
                      f'bytes), {base}.min.boot, run with '
                      f'{" ".join(small.sp.dargs()) or "no -D"}:')
                print('    ' + small.text.replace('\n', '\n    '))
                for cat, msg in sfails[:4]:
                    print(f'  [{cat}] {msg}')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    secs = time.time() - t0
    if a.coverage and done:
        print('constructs (share of the specs using each):')
        for k, _ in COVERAGE:
            print(f'  {k:32} {cov.get(k, 0) * 100 // done:3d}%')
    sparse_note = (f' ({a.sparse_modes} on every {a.sparse_every}th spec)'
                   if a.sparse_modes else '')
    print(f'{done} specs ({stats["sym"]} with a symmetric family, '
          f'{stats["configs"]} configurations ({stats["errors"]} with a '
          f'runtime error), {stats["states"]} reference '
          f'states; verdicts: {stats["holds"]} holds, {stats["violated"]} '
          f'violated, {stats["unknown"]} unknown; {skipped} generated specs '
          f'skipped as too big or erroneous), modes {",".join(modes)}'
          f'{sparse_note}'
          f'{", export" if exporter.ok else ""}; searches {STOPS}: '
          f'known defects {known_hits or "none"}; {len(failed)} failed '
          f'{failed[:20]}; {secs:.0f} s')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
