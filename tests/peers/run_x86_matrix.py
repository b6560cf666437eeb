#!/usr/bin/env python3
"""The x86 specs' revision x placement matrix through Rumur and SPIN.

For every spec of specs/x86/, every value of its revision constant (the
first -D of its first `bootcheck-test:` line: REV for cr_pinning.boot,
DESIGN for percpu_pinning.boot) and every configuration (placement)
bootcheck checks, the model `bootcheck export` writes is checked with
Rumur and with SPIN, and the distinct states (offset 0, docs/export.md)
and every verdict must agree with bootcheck's (tests/peers/run_export.py
does the comparing).

  python3 tests/peers/run_x86_matrix.py            # the CI sample
  python3 tests/peers/run_x86_matrix.py --full     # the whole matrix
  python3 tests/peers/run_x86_matrix.py --full --tools murphi -j 1

The CI sample (the meson test `x86-matrix`, about 30 s on an idle
machine) is one configuration per spec: cr_pinning.boot at REV 9
(mainline 2026) with late_initcall through Rumur (its pan takes 40 s to
build), percpu_pinning.boot at DESIGN 2 (the per-CPU point) with
ap_starting through Rumur and SPIN; the `export` test checks REV 3 and 9
at core_initcall with Rumur. Exit status as run_export.py: 0 all agree,
1 a mismatch, 2 a tool error, 77 a tool missing.
"""
import argparse
import concurrent.futures
import glob
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_export as rx  # noqa: E402

REPO = rx.REPO
# spec -> (revision, configuration, tools)
SAMPLE = {'specs/x86/cr_pinning.boot': ('9', 'late_initcall', ['murphi']),
          'specs/x86/percpu_pinning.boot': ('2', 'ap_starting',
                                            ['murphi', 'promela'])}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bootcheck', default=os.path.join(REPO, 'build',
                                                        'checker',
                                                        'bootcheck'))
    ap.add_argument('--full', action='store_true',
                    help='every revision and placement (default: the CI '
                    'sample)')
    ap.add_argument('--tools', default='murphi,promela')
    ap.add_argument('-j', '--jobs', type=int, default=1)
    ap.add_argument('--keep', action='store_true')
    args = ap.parse_args()
    missing = [t for t in ('rumur', 'spin', rx.CC) if not shutil.which(t)]
    if missing:
        print('run_x86_matrix: not found: %s' % ', '.join(missing))
        return 77
    exe = os.path.abspath(args.bootcheck)
    tools = [t for t in args.tools.split(',') if t]
    workroot = tempfile.mkdtemp(prefix='bootcheck-x86-')
    t0 = time.time()
    jobs, errors = [], []
    for path in sorted(glob.glob(os.path.join(REPO, 'specs/x86/*.boot'))):
        spec = os.path.relpath(path, REPO)
        name, vals = rx.revisions(spec)
        if not name:
            errors.append('%s: no revision constant (bootcheck-test: -D '
                          'NAME={...})' % spec)
            continue
        if not args.full:
            if spec not in SAMPLE:
                continue
            vals = [SAMPLE[spec][0]]
        for v in vals:
            defs = {name: v}
            try:
                confs = rx.bootcheck_configs(exe, spec, defs, workroot)
            except rx.ToolError as e:
                errors.append('%s %s: %s' % (spec, defs, e))
                continue
            for ci, conf in enumerate(confs):
                if not args.full and conf['name'] != SAMPLE[spec][1]:
                    continue
                for t in tools:
                    if args.full or t in SAMPLE[spec][2]:
                        jobs.append(((tools.index(t), ci), (spec, defs, conf,
                                                            t)))
    # Rumur's (fast) runs first, then each placement over every revision,
    # so that an interrupted run has covered every revision
    jobs = [j for _, j in sorted(jobs, key=lambda kj: kj[0])]
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futs = [pool.submit(rx.check_one, exe, s, d, c, t, workroot,
                            args.keep) for s, d, c, t in jobs]
        for i, f in enumerate(concurrent.futures.as_completed(futs)):
            r = f.result()
            print('.. %d/%d %s %s %s %s: %s' % (
                i + 1, len(futs), r['tool'], r['spec'], r['defs'],
                r['conf'], 'FAIL' if r['problems'] else 'ok'), flush=True)
        results = [f.result() for f in futs]
    if not args.keep:
        shutil.rmtree(workroot, ignore_errors=True)
    else:
        print('kept %s' % workroot)
    bad = 0
    confs = set()
    agree = 0
    for r in results:
        d = ' '.join('%s=%s' % kv for kv in r['defs'].items())
        confs.add((r['spec'], d, r['conf']))
        viol = ','.join(sorted(c for c, v in r['boot']['verdicts'].items()
                               if v == 'violated')) or 'holds'
        if r['boot']['stop'] == 'runtime-error':
            viol = 'runtime error'
        st = 'FAIL' if r['problems'] else 'ok'
        agree += not r['problems']
        print('%-4s %-8s %-30s %-9s %-28s %6s %6s %5.1fs  %s' % (
            st, r['tool'], r['spec'], d, r['conf'][:28],
            r['boot']['distinct'], r['states'], r['seconds'], viol),
            flush=True)
        for p in r['problems']:
            bad += 1
            print('     %s' % p)
    for e in errors:
        print('ERROR %s' % e)
    print('%d configurations, %d tool runs: %d agree, %d disagree; '
          '%.1f s' % (len(confs), len(results), agree, len(results) - agree,
                      time.time() - t0))
    if errors:
        return 2
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
