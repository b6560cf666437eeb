#!/usr/bin/env python3
"""Partial-order reduction keeps every verdict.

Usage: run_por.py BOOTCHECK SPEC...

Each spec is checked with and without --por, for every run its
`# bootcheck-test:` lines describe (the same -D sweeps as tests/run_spec.py,
e.g. every REV x PARALLEL x NAP of the x86 spec), with symmetry reduction
on and off, and with 1 and 2 workers. Compared per configuration: the
exit status, every constraint's status, and whether a runtime error is
found. With --por the distinct-state count must not grow, a counterexample
must not be shorter than the shortest one (the search without reduction
finds that one), and the 2-worker result must equal the 1-worker result
(counts, depth, statuses and trace lengths). The exposure windows (their
status, a bounded one's steps, and whether its longest run ends with the
predicate still true) must be the same: under --por the window pass is
reduced too (docs/reductions.md, "Windows under --por").

The traces themselves are concrete executions by construction (rebuilt by
replaying the successor numbers, checker/explore/explore.c); tests/test_report.c
replays the JSON of such traces.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_spec import constraint_results, parse_tests  # noqa: E402


def run(exe, spec, args):
    cmd = [exe, 'check', spec, '--format', 'json', '--quiet', *args]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode == 2 and not p.stdout:
        return p.returncode, None
    doc = json.loads(p.stdout)
    docs = doc['sweep'] if 'sweep' in doc else [doc]
    cfgs = []
    for d in docs:
        for c in d['configurations']:
            cons = constraint_results(c)
            err = c.get('error')
            cfgs.append({'name': c['name'], 'distinct': c['stats']['distinct'],
                         'depth': c['stats']['diameter'], 'cons': cons,
                         'error': err['message'] if err else None,
                         'windows': [(w['id'], w['status'],
                                      w['steps'] if w['status'] == 'bounded'
                                      else None, w.get('open_at_end'))
                                     for w in c.get('windows') or []]})
    return p.returncode, cfgs


def main():
    exe, specs = sys.argv[1], sys.argv[2:]
    bad = runs = 0
    reduced = full = 0
    for spec in specs:
        for words, _exp in parse_tests(spec):
            for sym in ([], ['--no-symmetry']):
                args = [*words, *sym]
                rc0, base = run(exe, spec, ['--workers', '1', *args])
                rc1, por = run(exe, spec, ['--workers', '1', '--por', *args])
                rc2, por2 = run(exe, spec, ['--workers', '2', '--por', *args])
                runs += 1
                what = f'{spec} {" ".join(args)}'
                if rc1 != rc0 or (base is None) != (por is None):
                    bad += 1
                    print(f'FAIL {what}: exit {rc0} without --por, {rc1} with')
                    continue
                if base is None:
                    continue
                if por2 != por or rc2 != rc1:
                    bad += 1
                    print(f'FAIL {what}: --por with 2 workers differs from 1')
                for b, r in zip(base, por):
                    full += b['distinct']
                    reduced += r['distinct']
                    vb = [(i, s) for i, s, _ in b['cons']]
                    vr = [(i, s) for i, s, _ in r['cons']]
                    if vb != vr or (b['error'] is None) != (r['error'] is None):
                        bad += 1
                        print(f'FAIL {what} [{b["name"]}]: verdicts differ')
                        print('  full:', b['cons'], b['error'])
                        print('  por: ', r['cons'], r['error'])
                    if b['error'] is None and b['windows'] != r['windows']:
                        bad += 1
                        print(f'FAIL {what} [{b["name"]}]: windows differ')
                        print('  full:', b['windows'])
                        print('  por: ', r['windows'])
                    if b['error'] is None and r['distinct'] > b['distinct']:
                        bad += 1
                        print(f'FAIL {what} [{b["name"]}]: --por stored '
                              f'{r["distinct"]} states, more than '
                              f'{b["distinct"]}')
                    for (i, s, lb), (_, _, lr) in zip(b['cons'], r['cons']):
                        if lb is not None and lr is not None and lr < lb:
                            bad += 1
                            print(f'FAIL {what} [{b["name"]}] {i}: trace of '
                                  f'{lr} steps is shorter than the shortest '
                                  f'({lb})')
        print(f'ok   {spec}')
    print(f'{runs} runs; states without --por {full}, with {reduced}')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
