#!/usr/bin/env python3
"""Check that every spec gives the same results with 1, 2 and 3 workers,
and with the compiled engine (--engine native) as with the interpreter;
and, without symmetry reduction (--no-symmetry), the same verdicts and
counterexample lengths (the state counts differ there by design), and
the same results with 2 workers and the compiled engine as with one and
the interpreter.

Usage: run_workers.py BOOTCHECK SPEC...

Compared per configuration: the distinct-state count, the depth, every
constraint's status and the length of its counterexample (shortest in
every mode), in exact and in fingerprint-only mode. Runtime-error specs
are compared too (the error and its trace length).
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_spec import constraint_results  # noqa: E402


# the baseline: the interpreter (the default, --engine auto, is native
# where a C compiler exists)
INTERP = ['--engine', 'interp']


def verdicts_only(summ):
    """Drop the state counts and depths (kept: exit, verdicts, lengths)."""
    if not isinstance(summ, list):
        return summ
    return [summ[0]] + [(c[0], c[3], c[4]) for c in summ[1:]]


def summary(exe, spec, workers, extra):
    cmd = [exe, 'check', spec, '--format', 'json', '--quiet',
           '--workers', str(workers), *extra]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode == 2 and not p.stdout:
        return ('spec error', p.returncode)
    doc = json.loads(p.stdout)
    out = [p.returncode]
    for c in doc['configurations']:
        cons = constraint_results(c)
        err = c.get('error')
        out.append((c['name'], c['stats']['distinct'], c['stats']['diameter'],
                    tuple(cons),
                    (err['message'], err['trace']['length']) if err else None))
    return out


def main():
    exe, specs = sys.argv[1], sys.argv[2:]
    bad = 0
    for spec in specs:
        for extra in (INTERP, INTERP + ['--fingerprint'],
                      ['--engine', 'native']):
            base = summary(exe, spec, 1, INTERP)
            for w in (1, 2, 3):
                if w == 1 and extra == INTERP:
                    continue
                got = summary(exe, spec, w, extra)
                if got != base:
                    bad += 1
                    print(f'FAIL {spec} {" ".join(extra)}: --workers {w} '
                          f'differs from --workers 1')
                    print('  1:', base)
                    print(f'  {w}:', got)
        base = verdicts_only(summary(exe, spec, 1, INTERP))
        full = summary(exe, spec, 1, INTERP + ['--no-symmetry'])
        got = verdicts_only(full)
        # without symmetry reduction several workers take the fast path
        # (checker/explore/explore.c), with the compiled engine its fused
        # loop: all of a symmetric spec's states through it
        got2 = summary(exe, spec, 2, ['--engine', 'native', '--no-symmetry'])
        if got2 != full:
            bad += 1
            print(f'FAIL {spec} --no-symmetry --engine native: --workers 2 '
                  f'differs from --workers 1')
            print('  1:', full)
            print('  2:', got2)
        if got != base:
            bad += 1
            print(f'FAIL {spec}: --no-symmetry changes a verdict or a '
                  f'counterexample length')
            print('  reduced:', base)
            print('  full:   ', got)
        print(f'ok   {spec}')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
