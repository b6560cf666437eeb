#!/usr/bin/env python3
"""Cross-check bootcheck's liveness verdicts against SPIN's LTL check.

For every tests/models/live_NAME.boot with a tests/peers/live/live_NAME.pml
(the same model in Promela, one `ltl` block per liveness constraint, named
by the constraint's id; fairness written as an assumption of the formula,
docs/liveness.md), run

  SPIN       spin -a live_NAME.pml; cc -O0 -DNOREDUCE -o pan pan.c;
             ./pan -a -N ID          -> "errors: 0" holds, else violated
  bootcheck  bootcheck check live_NAME.boot --format json --quiet [--por]

and require the same verdict for every constraint the .pml names, with
and without --por (the liveness pass reduced: docs/reductions.md,
"Liveness under --por"). SPIN's
weak fairness (pan -f) makes every process weakly fair and has no strong
fairness or fairness of one step, so the assumptions are in the formulas:
WF of process p is (<>[] enabled(p) -> []<> (_last == p)), SF is
([]<> enabled(p) -> []<> (_last == p)); `enabled` and `_last` need
-DNOREDUCE. A .pml whose processes are all weakly fair says so with a
line `/* pan: -f */` instead (SPIN's own weak fairness; the formula
translation of three or more such assumptions takes minutes); then pan
runs with -f. The live_sym_* models run with symmetry (the default) in
bootcheck and without it in SPIN. Exits 0 when all agree, 1 on a mismatch or a tool failure,
77 (meson: skipped) without spin or cc. About 1 s per model (compiling).

  python3 tests/peers/run_live_spin.py build/checker/bootcheck
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def spin_verdicts(pml, tmp):
    ids = re.findall(r'^ltl\s+(\w+)', open(pml).read(), re.M)
    shutil.copy(pml, tmp)
    name = os.path.basename(pml)
    subprocess.run(['spin', '-a', name], cwd=tmp, check=True,
                   capture_output=True, timeout=120)
    subprocess.run(['cc', '-O0', '-DNOREDUCE', '-w', '-o', 'pan', 'pan.c'],
                   cwd=tmp, check=True, capture_output=True, timeout=300)
    flags = ['-f'] if re.search(r'^/\* pan: -f \*/', open(pml).read(),
                                re.M) else []
    out = {}
    for cid in ids:
        p = subprocess.run(['./pan', '-a', *flags, '-N', cid], cwd=tmp,
                           capture_output=True, text=True, timeout=120)
        m = re.search(r'errors: (\d+)', p.stdout)
        if not m:
            raise RuntimeError(f'{name} {cid}: no verdict from pan:\n'
                               f'{p.stdout[-2000:]}')
        out[cid] = 'holds' if m.group(1) == '0' else 'violated'
    return out


def main():
    exe = sys.argv[1]
    if not shutil.which('spin') or not shutil.which('cc'):
        print('spin or cc missing: skipped')
        return 77
    fails = 0
    for pml in sorted(glob.glob(os.path.join(HERE, 'live', '*.pml'))):
        name = os.path.splitext(os.path.basename(pml))[0]
        boot = os.path.join(REPO, 'tests', 'models', name + '.boot')
        with tempfile.TemporaryDirectory() as tmp:
            sp = spin_verdicts(pml, tmp)
        for extra in ([], ['--por']):
            p = subprocess.run([exe, 'check', boot, '--format', 'json',
                                '--quiet', *extra], capture_output=True,
                               text=True, timeout=300)
            doc = json.loads(p.stdout)
            bc = {k['id']: k['status']
                  for k in doc['configurations'][0]['constraints']}
            for cid, v in sp.items():
                ok = bc.get(cid) == v
                fails += not ok
                print(f'{"ok  " if ok else "FAIL"} {name} {cid}: spin {v}, '
                      f'bootcheck{" " if extra else ""}{" ".join(extra)} '
                      f'{bc.get(cid)}')
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
