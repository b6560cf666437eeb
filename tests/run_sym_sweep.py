#!/usr/bin/env python3
"""Symmetry reduction changes no result of a spec with a `symmetric`
family, over a sweep of its constants.

Usage: run_sym_sweep.py BOOTCHECK SPEC [-D NAME={a,b,..} | -D NAME={lo..hi}]...
                        [--against OTHER_SPEC]

For every combination of the -D values, SPEC is checked with symmetry
reduction and with --no-symmetry. Compared per configuration: the exit
status, every constraint's status and the length of its counterexample or
witness, and every window's status and longest run (steps and shown run
length). With --against, OTHER_SPEC (checked with --no-symmetry) must give
the same results too: a remodelled spec against the one it replaces.
"""
import itertools
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_spec import constraint_results  # noqa: E402


def values(text):
    body = text[1:-1] if text.startswith('{') else text
    if '..' in body and ',' not in body:
        lo, hi = body.split('..')
        return [str(v) for v in range(int(lo), int(hi) + 1)]
    return body.split(',')


def results(exe, spec, defs, extra):
    cmd = [exe, 'check', spec, '--format', 'json', '--quiet', '--no-timing',
           '--workers', '1', *defs, *extra]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if not p.stdout:
        return ('no report', p.returncode, p.stderr.strip())
    doc = json.loads(p.stdout)
    out = [p.returncode]
    for c in doc['configurations']:
        cons = constraint_results(c)
        wins = []
        for w in c.get('windows', []):
            t = w.get('trace')
            wins.append((w['id'], w['status'], w.get('steps'),
                         w.get('open_at_end'), t['length'] if t else None))
        out.append((c['name'], c['result'], tuple(cons), tuple(wins)))
    return out


def main():
    args = sys.argv[1:]
    exe, spec = args[0], args[1]
    rest = args[2:]
    axes, other = [], None
    i = 0
    while i < len(rest):
        if rest[i] == '-D':
            name, val = rest[i + 1].split('=', 1)
            axes.append((name, values(val)))
            i += 2
        elif rest[i] == '--against':
            other = rest[i + 1]
            i += 2
        else:
            sys.exit(f'run_sym_sweep.py: unknown argument {rest[i]}')
    bad = runs = 0
    for combo in itertools.product(*(v for _, v in axes)):
        defs = []
        for (name, _), v in zip(axes, combo):
            defs += ['-D', f'{name}={v}']
        label = ' '.join(defs)
        red = results(exe, spec, defs, [])
        full = results(exe, spec, defs, ['--no-symmetry'])
        runs += 1
        if red != full:
            bad += 1
            print(f'FAIL {spec} {label}: --no-symmetry differs')
            print('  reduced:', red)
            print('  full:   ', full)
        if other:
            old = results(exe, other, defs, ['--no-symmetry'])
            if old != full:
                bad += 1
                print(f'FAIL {label}: {other} differs from {spec}')
                print('  other:', old)
                print('  spec: ', full)
    print(f'{"FAIL" if bad else "ok"}   {spec}: {runs} combinations, '
          f'{bad} differ')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
