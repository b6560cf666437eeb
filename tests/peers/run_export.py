#!/usr/bin/env python3
"""Check `bootcheck export` against Rumur and SPIN (docs/export.md).

For every spec, -D set and configuration of RUNS (or of the files given):

  bootcheck check SPEC -D... --no-symmetry --format json   -> per configuration
            the distinct states, the stop reason and every verdict;
  bootcheck export SPEC -D... --placement CONF --to murphi  -> rumur
            --deadlock-detection stuck; cc -O0; ./verifier
  bootcheck export SPEC -D... --placement CONF --to promela -> spin -a -o1 -o2
            -o3; cc -O0 -DNOREDUCE -DSAFETY; ./pan -c0

and require, for each tool:

  * the same verdict for every constraint (`eventually` ones excepted:
    bootcheck reports them unknown), and a runtime error exactly when
    bootcheck stops on one;
  * the same number of distinct states, when bootcheck explored the whole
    space (stop = exhausted): offset 0 for both tools (docs/export.md says
    why).

  python3 tests/peers/run_export.py                 # everything (minutes)
  python3 tests/peers/run_export.py --ci            # the CI sample
  python3 tests/peers/run_export.py specs/sketch.boot -D NAP=3
  python3 tests/peers/run_export.py --tools murphi --x86-matrix

Exit status: 0 all agree, 1 a mismatch, 2 a tool or usage error, 77 when
rumur, spin or cc is missing (meson: skipped).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = 600
X86 = 'specs/x86/cr_pinning.boot'
# Specs a tool cannot take (a located error instead; check_limits()).
ONLY = {'tests/peers/export_limits.boot': ['murphi'],
        # values next to 2^63: Promela's int has 32 bits (a located
        # error), and the Murphi translation's local for the loop variable
        # overflows in Rumur (a runtime error bootcheck does not have; a
        # known limit, docs/export.md)
        'tests/models/por_range_end.boot': [],
        # its runtime error is in a liveness predicate, which the
        # translations do not have
        'tests/models/live_pred_error.boot': [],
        'tests/models/live_sym_pred_error.boot': [],
        # a range up to 4,000,000,000: more than Promela's int holds
        'tests/models/native_bytes.boot': ['murphi']}


def all_runs():
    """(spec, defines) pairs: every spec and model, the x86 REV sweep."""
    runs = []
    for f in sorted(glob.glob(os.path.join(REPO, 'tests/models/*.boot'))):
        runs.append((os.path.relpath(f, REPO), {}))
    for f in ('tests/peers/boot.boot', 'tests/peers/mutex.boot',
              'tests/peers/prodcons.boot', 'specs/sketch.boot',
              ):
        if os.path.exists(os.path.join(REPO, f)):
            runs.append((f, {}))
    runs.append(('tests/peers/mutex.boot', {'N': '3', 'RACY': 'true'}))
    runs.append(('tests/peers/prodcons.boot', {'N': '2', 'EXTRA': '1'}))
    runs.append(('tests/peers/boot.boot', {'N': '2', 'LATE_PIN': 'true'}))
    runs.append(('specs/sketch.boot', {'NAP': '3'}))
    runs.append(('tests/peers/export_limits.boot', {}))
    for rev in range(8):
        runs.append((X86, {'REV': str(rev)}))
    for extra in ({'NAP': '1'}, {'PARALLEL': 'false'}, {'UMH': 'true'},
                  {'BUGGY_KTHREAD': 'true'}, {'NAP': '3'},
                  # the liveness what-ifs: a step reached only under one
                  # (wait_for_root), EFI calls in a REV without LASS
                  {'REV': '9', 'ROOT_WAIT': 'true'},
                  {'REV': '5', 'EFI_HANG': 'true'}):
        runs.append((X86, dict(extra)))
    return runs


def ci_runs():
    """The CI sample (about 90 s on an idle 2-core machine): every model
    once, each configuration with one tool, alternately; the x86 spec with
    Rumur (its Murphi builds in a third of pan's time) at core_initcall,
    REV 3 (the seed thread) and REV 9 (mainline 2026): an
    x86 verifier costs about 20 s of CPU to build and run. The whole REV x
    placement matrix with both tools is --x86-matrix."""
    runs = []
    for f in sorted(glob.glob(os.path.join(REPO, 'tests/models/*.boot'))):
        runs.append((os.path.relpath(f, REPO), {}))
    for f in ('tests/peers/boot.boot', 'tests/peers/mutex.boot',
              'tests/peers/prodcons.boot', 'specs/sketch.boot'):
        runs.append((f, {}))
    runs.append(('tests/peers/mutex.boot', {'N': '3', 'RACY': 'true'}))
    runs.append(('tests/peers/export_limits.boot', {}))
    for rev in (3, 9):
        runs.append((X86, {'REV': str(rev)}))
    return runs


def ci_pick(spec, defs, conf, tools, k):
    """The tools that check this configuration in CI."""
    if spec == X86:
        if conf['name'] == 'core_initcall':
            return ['murphi'] if 'murphi' in tools else tools[:1]
        return []
    if os.path.basename(spec).startswith('export_promela_'):
        return ['promela'] if 'promela' in tools else []
    if os.path.basename(spec).startswith('export_murphi_'):
        return ['murphi'] if 'murphi' in tools else []
    return [tools[k % len(tools)]]


def revisions(spec):
    """(NAME, [values]) of the spec's revision constant: the first -D of
    its first `bootcheck-test:` line, a range {A..B} or a list {a,b}."""
    for line in open(os.path.join(REPO, spec)):
        m = re.search(r'bootcheck-test:\s*-D\s*(\w+)=\{([^}]*)\}', line)
        if m:
            body = m.group(2)
            r = re.fullmatch(r'(-?\d+)\.\.(-?\d+)', body)
            if r:
                vals = [str(v) for v in range(int(r.group(1)),
                                              int(r.group(2)) + 1)]
            else:
                vals = [v.strip() for v in body.split(',')]
            return m.group(1), vals
    return None, []


class ToolError(Exception):
    pass


class Unexportable(Exception):
    """bootcheck export refused the spec with a located error (exit 2,
    "cannot export"): a documented limit of the translation."""


def sh(cmd, cwd, timeout=TIMEOUT):
    try:
        return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout,
                              universal_newlines=True)
    except subprocess.TimeoutExpired:
        raise ToolError('timed out: %s' % ' '.join(cmd))


def must(cmd, cwd):
    p = sh(cmd, cwd)
    if p.returncode != 0:
        raise ToolError('%s exited %d:\n%s%s' % (' '.join(cmd), p.returncode,
                                                 p.stdout[-3000:],
                                                 p.stderr[-3000:]))
    return p


def dargs(defs):
    out = []
    for k, v in defs.items():
        out += ['-D', '%s=%s' % (k, v)]
    return out


def bootcheck_configs(exe, spec, defs, work):
    cmd = [exe, 'check', os.path.join(REPO, spec)] + dargs(defs) + \
          ['--no-symmetry', '--no-windows', '--format', 'json', '--quiet',
           '--workers', '1']
    p = sh(cmd, work)
    if p.returncode not in (0, 1, 2):
        raise ToolError('%s exited %d: %s' % (' '.join(cmd), p.returncode,
                                              p.stderr[-2000:]))
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        raise ToolError('%s: no JSON (exit %d): %s' % (' '.join(cmd),
                                                       p.returncode,
                                                       p.stderr[-2000:]))
    out = []
    for c in doc['configurations']:
        out.append({'name': c['name'], 'stop': c['stop'],
                    'distinct': c['stats']['distinct'],
                    'verdicts': {k['id']: k['status']
                                 for k in c['constraints']}})
    return out


def export(exe, spec, defs, conf, to, path, work):
    cmd = [exe, 'export', os.path.join(REPO, spec), '--to', to,
           '--output', path] + dargs(defs)
    if conf and conf != '(no placement)':
        cmd += ['--placement', conf]
    p = sh(cmd, work)
    if p.returncode == 2 and 'error: cannot export' in p.stderr:
        raise Unexportable(p.stderr.strip().splitlines()[0])
    must(cmd, work)
    kinds = {}
    for line in open(path):
        m = re.match(r'^(?:--| \*)\s+(?:K=)?(\d+) (\S+) \((\w+)', line)
        if m:
            kinds[m.group(2)] = (int(m.group(1)), m.group(3))
        if line.startswith('type') or line.startswith(' */'):
            break
    return kinds


def run_rumur(path, kinds, work):
    must(['rumur', '--threads', '1', '--deadlock-detection', 'stuck',
          '--output-format', 'machine-readable', '--counterexample-trace',
          'off', '--max-errors', '1000000', path, '-o', 'model.c'], work)
    must([CC, '-O0', '-w', '-o', 'verifier', 'model.c', '-lpthread'], work)
    p = sh(['./verifier'], work)
    try:
        root = ET.fromstring(p.stdout)
    except ET.ParseError as e:
        raise ToolError('Rumur output is not XML (%s): %s%s'
                        % (e, p.stdout[-2000:], p.stderr[-2000:]))
    summary = root.find('summary')
    if summary is None:
        raise ToolError('no <summary>: ' + p.stdout[-2000:])
    violated, rterr, covered = set(), [], set()
    for err in root.iter('error'):
        msg = (err.findtext('message') or '').strip()
        if msg.startswith('reached ') and msg[8:] in kinds:
            covered.add(msg[8:])
        elif msg == 'deadlock':
            violated |= {c for c, (_, k) in kinds.items() if k == 'deadlock'}
        elif msg in kinds:
            violated.add(msg)
        else:
            rterr.append(msg)
    verdicts = {}
    for c, (_, k) in kinds.items():
        if k == 'eventually':
            continue
        if k == 'reachable':
            verdicts[c] = 'holds' if c in covered else 'violated'
        else:
            verdicts[c] = 'violated' if c in violated else 'holds'
    return {'states': int(summary.get('states')), 'verdicts': verdicts,
            'rterr': rterr}


def run_spin(path, kinds, work):
    must(['spin', '-a', '-o1', '-o2', '-o3', path], work)
    must([CC, '-O0', '-w', '-DNOREDUCE', '-DSAFETY', '-DVECTORSZ=4096',
          '-o', 'pan', 'pan.c'], work)
    p = sh(['./pan', '-m10000000', '-c0', '-w20'], work)
    out = p.stdout
    if re.search(r'max search depth too small|Search not completed', out):
        raise ToolError('pan did not complete the search:\n' + out[-2000:])
    m = re.search(r'^\s*(\d+) states, stored', out, re.M)
    if not m:
        raise ToolError('pan output has no state count:\n' + out[-3000:])
    by_num = {n: c for c, (n, _) in kinds.items()}
    reported, rterr = set(), []
    for msg in re.findall(r'^pan:\d+:\s+(.*?) \(at depth \d+\)$', out, re.M):
        a = re.match(r'assertion violated \(\((\d+)<0\)', msg)
        if a and int(a.group(1)) in by_num:
            reported.add(by_num[int(a.group(1))])
        else:
            rterr.append(msg)
    verdicts = {}
    for c, (_, k) in kinds.items():
        if k == 'eventually':
            continue
        if k == 'reachable':
            verdicts[c] = 'holds' if c in reported else 'violated'
        else:
            verdicts[c] = 'violated' if c in reported else 'holds'
    return {'states': int(m.group(1)), 'verdicts': verdicts, 'rterr': rterr}


SKIP_UNEXPORTABLE = False
# the C compiler of the verifiers (clang builds pan.c at -O0 in half gcc's
# time)
CC = os.environ.get('CC', 'cc')
TOOLS = {'murphi': ('m', run_rumur), 'promela': ('pml', run_spin)}


def check_one(exe, spec, defs, conf, tool, workroot, keep):
    work = tempfile.mkdtemp(prefix='x-', dir=workroot)
    ext, fn = TOOLS[tool]
    res = {'spec': spec, 'defs': defs, 'conf': conf['name'], 'tool': tool,
           'problems': [], 'states': None, 'boot': conf}
    t0 = time.time()
    try:
        path = os.path.join(work, 'model.' + ext)
        kinds = export(exe, spec, defs, conf['name'], tool, path, work)
        r = fn(path, kinds, work)
        res['states'] = r['states']
        b_rterr = conf['stop'] == 'runtime-error'
        if b_rterr != bool(r['rterr']):
            res['problems'].append('runtime error: bootcheck %s, %s %s'
                                   % (b_rterr, tool, r['rterr'][:3]))
        if not b_rterr:
            for c, v in r['verdicts'].items():
                bv = conf['verdicts'].get(c)
                if bv != v:
                    res['problems'].append('%s: bootcheck %s, %s %s'
                                           % (c, bv, tool, v))
            if conf['stop'] == 'exhausted' and r['states'] != conf['distinct']:
                res['problems'].append('states: bootcheck %d, %s %d'
                                       % (conf['distinct'], tool,
                                          r['states']))
    except Unexportable as e:
        if not SKIP_UNEXPORTABLE:
            res['problems'].append('%s: %s' % (tool, e))
        res['skipped'] = str(e)
    except ToolError as e:
        res['problems'].append('%s: %s' % (tool, e))
    res['seconds'] = time.time() - t0
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return res


def check_limits(exe, workroot):
    """A construct the target cannot hold is a located error (exit 2)."""
    spec = os.path.join(HERE, 'export_limits.boot')
    p = sh([exe, 'export', spec, '--to', 'promela'], workroot)
    want = r'export_limits\.boot:7:1: error: cannot export .s. to Promela'
    if p.returncode != 2 or not re.search(want, p.stderr) or \
            '^' not in p.stderr or p.stdout:
        return ['export_limits.boot --to promela: exit %d, want 2 and a '
                'located error:\n%s' % (p.returncode, p.stderr)]
    spec = os.path.join(HERE, 'export_negative_init.boot')
    p = sh([exe, 'export', spec, '--to', 'promela'], workroot)
    want = (r'export_negative_init\.boot:7:1: error: cannot export .q. to '
            r'Promela: its elements start unequal and some negative')
    if p.returncode != 2 or not re.search(want, p.stderr) or \
            '^' not in p.stderr or p.stdout:
        return ['export_negative_init.boot --to promela: exit %d, want 2 and '
                'a located error:\n%s' % (p.returncode, p.stderr)]
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('files', nargs='*', help='specs (default: RUNS)')
    ap.add_argument('-D', action='append', default=[], metavar='NAME=VALUE')
    ap.add_argument('--bootcheck', default=os.path.join(REPO, 'build',
                                                        'checker',
                                                        'bootcheck'))
    ap.add_argument('--tools', default='murphi,promela')
    ap.add_argument('--ci', action='store_true',
                    help='the CI sample: each configuration with one tool')
    ap.add_argument('--x86-matrix', action='store_true',
                    help='only the REV x placement matrix of %s (both '
                    'x86 specs: run_x86_matrix.py --full)' % X86)
    ap.add_argument('-j', '--jobs', type=int, default=2)
    ap.add_argument('--keep', action='store_true')
    ap.add_argument('--skip-unexportable', action='store_true',
                    help='a spec export refuses with a located error '
                    '(a limit of docs/export.md) is skipped, not a failure')
    args = ap.parse_args()
    missing = [t for t in ('rumur', 'spin', CC) if not shutil.which(t)]
    if missing:
        print('run_export: not found: %s' % ', '.join(missing))
        return 77
    exe = os.path.abspath(args.bootcheck)
    global SKIP_UNEXPORTABLE
    SKIP_UNEXPORTABLE = args.skip_unexportable
    tools = [t for t in args.tools.split(',') if t]
    if args.files:
        defs = dict(d.split('=', 1) for d in args.D)
        runs = [(os.path.relpath(os.path.abspath(f), REPO), defs)
                for f in args.files]
    elif args.x86_matrix:
        name, vals = revisions(X86)
        runs = [(X86, {name: v}) for v in vals]
    else:
        runs = ci_runs() if args.ci else all_runs()
    workroot = tempfile.mkdtemp(prefix='bootcheck-export-')
    t0 = time.time()
    jobs = []
    errors = [] if args.files else check_limits(exe, workroot)
    k = 0
    for spec, defs in runs:
        try:
            confs = bootcheck_configs(exe, spec, defs, workroot)
        except ToolError as e:
            errors.append('%s %s: %s' % (spec, defs, e))
            continue
        ts = [t for t in tools if t in ONLY.get(spec, tools)]
        for conf in confs:
            if args.ci and ts:
                for t in ci_pick(spec, defs, conf, ts, k):
                    jobs.append((spec, defs, conf, t))
                k += 1
            else:
                for t in ts:
                    jobs.append((spec, defs, conf, t))
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futs = [pool.submit(check_one, exe, s, d, c, t, workroot, args.keep)
                for s, d, c, t in jobs]
        results = [f.result() for f in futs]
    if not args.keep:
        shutil.rmtree(workroot, ignore_errors=True)
    else:
        print('kept %s' % workroot)
    bad = 0
    for r in results:
        d = ' '.join('%s=%s' % kv for kv in r['defs'].items())
        viol = ','.join(sorted(c for c, v in r['boot']['verdicts'].items()
                               if v == 'violated')) or 'holds'
        if r['boot']['stop'] == 'runtime-error':
            viol = 'runtime error'
        st = 'FAIL' if r['problems'] else 'skip' if r.get('skipped') else 'ok'
        print('%-4s %-8s %-34s %-18s %-24s %8s %8s %5.1fs  %s' % (
            st, r['tool'], r['spec'], d, r['conf'][:24],
            r['boot']['distinct'], r['states'], r['seconds'], viol))
        for p in r['problems']:
            bad += 1
            print('     %s' % p)
    for e in errors:
        print('ERROR %s' % e)
    print('%d exports checked in %.1f s: %s' % (
        len(results), time.time() - t0,
        'all agree' if not bad and not errors else
        '%d problems, %d errors' % (bad, len(errors))))
    if errors:
        return 2
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
