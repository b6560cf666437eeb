#!/usr/bin/env python3
"""Run one spec as an integration test.

Usage: run_spec.py BOOTCHECK SPEC

A spec carries its test lines in comments:

    # bootcheck-test: ARGS... [=> exit=N states=N | states=CFG:N,CFG:N]
    #                 [wstates=N | wstates=CFG:N,...] [window=ID:STEPS]
    #                 [lstates=N | lstates=CFG:N,...]

Each line is one run of `bootcheck check SPEC ARGS --format json --quiet`,
or several: `{a,b,c}` and `{0..7}` in ARGS expand to every combination, as
in a shell (`-D REV={0..7} -D NAP={1,2,4}` is 24 runs).
`exit` is the expected exit status (default 0: every result matches the
spec's expect lines). `states` is the expected number of distinct states,
for every configuration or per configuration name; `wstates` the same for
the exposure windows' states (`stats.window_states`: the window pass's own,
or the search's graph when the windows came from it); `lstates` the same
for the liveness pass of its own (`stats.liveness_states`: under `--por`,
`--fingerprint`, ...); `window` a window's
exposure in every configuration (its steps, or `inf` when unbounded). Without any test line
the spec is run once with no arguments and must exit 0.
"""
import itertools
import json
import re
import shlex
import subprocess
import sys


def parse_tests(path):
    tests = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            s = line.strip()
            for lead in ('#', '//', '*'):
                if s.startswith(lead):
                    s = s[len(lead):].strip()
                    break
            else:
                continue
            if not s.startswith('bootcheck-test:'):
                continue
            s = s[len('bootcheck-test:'):].strip()
            args, _, want = s.partition('=>')
            exp = {'exit': 0}
            for kv in want.split():
                k, _, v = kv.partition('=')
                exp[k] = v
            for words in expand(shlex.split(args)):
                tests.append((words, exp))
    return tests or [([], {'exit': 0})]


def alternatives(word):
    """'{0..2}' -> ['0','1','2'], 'x={a,b}' -> ['x=a','x=b'], else [word]."""
    m = re.search(r'\{([^{}]*)\}', word)
    if not m:
        return [word]
    inner = m.group(1)
    r = re.fullmatch(r'(-?\d+)\.\.(-?\d+)', inner)
    vals = ([str(i) for i in range(int(r.group(1)), int(r.group(2)) + 1)]
            if r else inner.split(','))
    out = []
    for v in vals:
        out += alternatives(word[:m.start()] + v + word[m.end():])
    return out


def expand(words):
    return [list(c) for c in itertools.product(*map(alternatives, words))]


def constraint_results(config):
    """[(id, status, trace or witness length or None)] of one JSON
    configuration; shared by the scripts that compare runs."""
    out = []
    for k in config['constraints']:
        t = k.get('trace') or k.get('witness')
        out.append((k['id'], k['status'], t['length'] if t else None))
    return out


def main():
    exe, spec = sys.argv[1], sys.argv[2]
    failures = 0
    for args, exp in parse_tests(spec):
        cmd = [exe, 'check', spec, *args, '--format', 'json', '--quiet']
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        label = ' '.join(args) or '(no args)'
        want_exit = int(exp.get('exit', 0))
        if p.returncode != want_exit:
            print(f'FAIL {label}: exit {p.returncode}, expected {want_exit}')
            sys.stdout.write(p.stderr)
            # show the human report to explain the mismatch
            t = subprocess.run([exe, 'check', spec, *args, '--quiet',
                                '--ascii'], capture_output=True, text=True,
                               timeout=600)
            sys.stdout.write(t.stdout[-6000:])
            failures += 1
            continue
        for key, stat in (('states', 'distinct'), ('wstates', 'window_states'),
                          ('lstates', 'liveness_states')):
            if key not in exp:
                continue
            try:
                doc = json.loads(p.stdout)
            except json.JSONDecodeError as e:
                print(f'FAIL {label}: bad JSON: {e}')
                failures += 1
                break
            got = {c['name']: c['stats'].get(stat)
                   for c in doc['configurations']}
            want = exp[key]
            if ':' in want:
                pairs = dict(x.split(':') for x in want.split(','))
                for name, n in pairs.items():
                    if got.get(name) != int(n):
                        print(f'FAIL {label}: {name}: {got.get(name)} {key},'
                              f' expected {n}')
                        failures += 1
            else:
                for name, n in got.items():
                    if n != int(want):
                        print(f'FAIL {label}: {name}: {n} {key}, expected '
                              f'{want}')
                        failures += 1
        if 'window' in exp:
            wid, _, steps = exp['window'].partition(':')
            for c in json.loads(p.stdout)['configurations']:
                got = [('inf' if w['status'] == 'unbounded'
                        else str(w['steps'])) if w['status'] != 'unknown'
                       else '?' for w in c['windows'] if w['id'] == wid]
                if got != [steps]:
                    print(f'FAIL {label}: {c["name"]}: window {wid} {got}, '
                          f'expected {steps}')
                    failures += 1
        print(f'ok   {label}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
