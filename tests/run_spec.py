#!/usr/bin/env python3
"""Run one spec as an integration test.

Usage: run_spec.py BOOTCHECK SPEC

A spec carries its test lines in comments:

    # bootcheck-test: ARGS... [=> exit=N states=N | states=CFG:N,CFG:N]

Each line is one run of `bootcheck check SPEC ARGS --format json --quiet`.
`exit` is the expected exit status (default 0: every result matches the
spec's expect lines). `states` is the expected number of distinct states,
for every configuration or per configuration name. Without any test line
the spec is run once with no arguments and must exit 0.
"""
import json
import shlex
import subprocess
import sys


def parse_tests(path):
    tests = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            s = line.strip()
            for lead in ('#', '//'):
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
            tests.append((shlex.split(args), exp))
    return tests or [([], {'exit': 0})]


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
        if 'states' in exp:
            try:
                doc = json.loads(p.stdout)
            except json.JSONDecodeError as e:
                print(f'FAIL {label}: bad JSON: {e}')
                failures += 1
                continue
            got = {c['name']: c['stats']['distinct']
                   for c in doc['configurations']}
            want = exp['states']
            if ':' in want:
                pairs = dict(x.split(':') for x in want.split(','))
                for name, n in pairs.items():
                    if got.get(name) != int(n):
                        print(f'FAIL {label}: {name}: {got.get(name)} states,'
                              f' expected {n}')
                        failures += 1
            else:
                for name, n in got.items():
                    if n != int(want):
                        print(f'FAIL {label}: {name}: {n} states, expected '
                              f'{want}')
                        failures += 1
        print(f'ok   {label}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
