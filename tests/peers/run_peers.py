#!/usr/bin/env python3
"""Cross-check bootcheck against SPIN and Rumur on equivalent models.

For every model of this folder (NAME.boot, NAME.pml, NAME.m) and every
parameter set in RUNS, run

  SPIN     spin -o1 -o2 -o3 -D... -a NAME.pml; cc -O0 -DNOREDUCE -DSAFETY;
           ./pan -m100000 -c0 -w20          -> "states, stored", transitions
  Rumur    NAME.m with its "-- param" lines rewritten; rumur --threads 1
           --deadlock-detection stuck --output-format machine-readable;
           cc -O1 ... -lpthread; ./verifier  -> <summary states rules_fired>
  bootcheck check NAME.boot -D ... --format json --quiet
           -> configurations[0].stats.distinct / .generated, .constraints

then apply each peer's exact, documented correction (CORRECTIONS below and
README.md), and require

  * the same number of distinct states from all three tools and from the
    hand-derived closed form (runs where every constraint holds: only then
    does every tool explore the whole space);
  * the same number of edges (transitions) from SPIN, Rumur and bootcheck's
    `generated`;
  * the same verdict for every constraint from all three tools, equal to the
    verdict the run expects (each model has a variant with a deliberate bug);
  * bootcheck's exit status: 1 exactly when a constraint is violated (the
    specs have no `expect` lines, docs/language.md section 5), else 0.

Prints a table; exits 0 when everything agrees, 1 on any mismatch or failed
tool run, 2 on a usage error or a missing tool, and 77 (meson's "skipped")
when the peers agree but the bootcheck binary has no `check` command yet.

  python3 tests/peers/run_peers.py --peers-only          # SPIN vs Rumur only
  python3 tests/peers/run_peers.py --bootcheck build/checker/bootcheck
"""

import argparse
import concurrent.futures
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

SPIN_DEPTH = 100000      # pan -m: far above the deepest run (about 150)
RUMUR_MAX_ERRORS = 1000000
TOOL_TIMEOUT = 120       # seconds, per tool invocation
# Optimisation levels for compiling the verifiers. The models are tiny, so
# compile time is the whole cost: pan.c takes ~1 s at -O0 and ~4-7 s at -O2.
# The level changes no count or verdict (--opt=-O2 gives the same table).
SPIN_OPT = '-O0'
RUMUR_OPT = '-O1'        # at -O0 the generated code #warns


# ---------------------------------------------------------------------------
# Hand-derived state counts: the oracle independent of every tool.
#
# Each closed form is derived in README.md ("Hand counts"); the short
# version is here. bootcheck's state is the variables + one pc per process
# (label or ended) + one history bit per `before` constraint; the models are
# built so that every variable and history bit is a function of the pcs (and
# of one either-choice in boot), so counting reachable pc vectors is enough.
#
# mutex (test-and-set lock, N processes, labels ncs test enter release):
#   lock <=> some process is at enter or release, at most one is, and
#   in_cs = number at release. Every pc vector with at most one process in
#   {enter, release} is reachable, so 2^N (none in) + N*2*2^(N-1) (one in):
#   distinct = (N + 1) * 2^N.           N=1: 4    N=2: 12
#
# prodcons (N producers, N consumers, CAP, ITEMS; EXTRA = 0):
#   a producer's local state (made, pc) has put p items: p=0 in 2 states
#   ((0,produce), (1,put)), p=j in 2 states for 0<j<ITEMS, p=ITEMS in 1
#   ((ITEMS,ended)); generating function P(x) = 2(1+...+x^(ITEMS-1)) + x^ITEMS.
#   A consumer (got, pc) has taken c items: c=0 in 1 state ((0,get)), c=j in
#   2 states for 0<j<=ITEMS ((j,consume), (j,get) or (ITEMS,ended));
#   C(y) = 1 + 2(y+...+y^ITEMS). count = sum(p) - sum(c) is forced and every
#   combination with 0 <= count <= CAP is reachable (alternate put/get, then
#   the remaining puts), so
#   distinct = sum over 0 <= a-b <= CAP of [x^a]P(x)^N * [y^b]C(y)^N.
#   CAP = ITEMS = 2:  N=1: 2*1 + 2*(1+2) + 1*(1+2+2) = 13
#                     N=2: P^2 = 4,8,8,4,1  C^2 = 1,4,8,8,4
#                          4*1 + 8*5 + 8*13 + 4*20 + 1*20 = 248
#
# boot (BSP + N APs):
#   BSP labels identify_boot_cpu setup_lass efi_svam_enter efi_svam_exit
#   rest_init smp_init smp_wait run_init_process, then ended; the either in
#   efi_svam_enter gives efi = VIRT or OFF from rest_init on (cr4[0] is the
#   same on both paths). Before smp_init has run the APs cannot move: BSP
#   at its first 4 labels (1 state each) + rest_init, smp_init (2 each) = 8.
#   At smp_wait each AP is at start_secondary, cr4_init, online or ended
#   (its cr4 and online[] follow from its pc): 2 * 4^N. run_init_process and
#   ended need every AP ended: 2 * 2. The C5 history bit is "smp_init has
#   run", a function of the BSP pc, so it adds no states.
#   distinct = 12 + 2 * 4^N.            N=1: 20   N=2: 44
HAND_COUNTS = {
    ('mutex', 1): 4, ('mutex', 2): 12,
    ('prodcons', 1): 13, ('prodcons', 2): 248,      # CAP = ITEMS = 2
    ('boot', 1): 20, ('boot', 2): 44,
}


def _poly_mul(a, b):
    out = [0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            out[i + j] += x * y
    return out


def _poly_pow(p, n):
    out = [1]
    for _ in range(n):
        out = _poly_mul(out, p)
    return out


def count_mutex(p):
    return (p['N'] + 1) * 2 ** p['N']


def count_prodcons(p):
    if p['EXTRA'] != 0:
        return None
    n, cap, items = p['N'], p['CAP'], p['ITEMS']
    prod = _poly_pow([2] * items + [1], n)
    cons = _poly_pow([1] + [2] * items, n)
    return sum(prod[a] * cons[b]
               for a in range(len(prod)) for b in range(len(cons))
               if 0 <= a - b <= cap)


def count_boot(p):
    return 12 + 2 * 4 ** p['N']


# Normal-end states (every process ended), needed for correction R2.
def ends_mutex(p):
    return 0                    # the processes loop for ever


def ends_prodcons(p):
    return 1 if p['EXTRA'] == 0 else 0   # made = got = ITEMS, count = 0


def ends_boot(p):
    return 2                    # efi = VIRT or OFF


# ---------------------------------------------------------------------------
# Models. params: name -> default (int or bool); every run passes every
# parameter to every tool, so the defaults written in the files do not
# matter. constraints: bootcheck id -> (SPIN signal, Rumur signal), where a
# signal is what the peer reports when the constraint is violated:
#   'assert:K'     pan: assertion violated ((K<0)||...)   (CHECK(K, e))
#   'deadlock'     pan: invalid end state / Rumur: deadlock
#   'invariant:X'  Rumur: invariant "X" failed
#   'error:X'      Rumur: error "X" (a rule guarded by "step enabled, P false")
MODELS = {
    'mutex': {
        'params': {'N': 2, 'RACY': False},
        'constraints': {
            'MUTEX': ('assert:1', 'invariant:MUTEX'),
            'ND': ('deadlock', 'deadlock'),
        },
        'count': count_mutex,
        'ends': ends_mutex,
    },
    'prodcons': {
        'params': {'N': 2, 'CAP': 2, 'ITEMS': 2, 'EXTRA': 0},
        'constraints': {
            'ND': ('deadlock', 'deadlock'),
        },
        'count': count_prodcons,
        'ends': ends_prodcons,
    },
    'boot': {
        'params': {'N': 2, 'LATE_PIN': False},
        'constraints': {
            'C2': ('assert:2', 'error:C2'),
            'C3': ('assert:3', 'error:C3'),
            'C4': ('assert:4', 'invariant:C4'),
            'C5': ('assert:5', 'error:C5'),
            'ND': ('deadlock', 'deadlock'),
        },
        'count': count_boot,
        'ends': ends_boot,
    },
}

# (model, parameter overrides, constraints the run must find violated)
RUNS = [
    ('mutex', {'N': 1}, []),
    ('mutex', {'N': 2}, []),
    ('mutex', {'N': 3}, []),
    ('mutex', {'N': 4}, []),
    ('mutex', {'N': 3, 'RACY': True}, ['MUTEX']),
    ('prodcons', {'N': 1}, []),
    ('prodcons', {'N': 2}, []),
    ('prodcons', {'N': 3}, []),
    ('prodcons', {'N': 2, 'CAP': 1, 'ITEMS': 3}, []),
    ('prodcons', {'N': 2, 'EXTRA': 1}, ['ND']),
    ('boot', {'N': 1}, []),
    ('boot', {'N': 2}, []),
    ('boot', {'N': 3}, []),
    ('boot', {'N': 4}, []),
    ('boot', {'N': 2, 'LATE_PIN': True}, ['C3']),
]


# ---------------------------------------------------------------------------
# Corrections: peer count -> bootcheck count. Each is exact; README.md
# explains each one and how it was measured.
#
# S1  SPIN removes a process that reaches its closing brace, but only the
#     youngest live one (LIFO pid order), and each removal is a new state:
#     counted raw, SPIN = sum over reachable s of 1 + (number of highest-pid
#     processes, taken from the top, that have ended in s). The .pml models
#     end every proctype with `end_X: false` (blocked for ever in a valid end
#     state), so no process is ever removed: correction 0.
# S2  spin hides write-only variables from the state vector (boot's efi is
#     never read); -o2 turns that off. -o1 (no dead-variable resets) and -o3
#     (no statement merging) are passed too so that pan stores exactly the
#     model's variables; -DNOREDUCE turns off partial-order reduction.
#     With these flags: correction 0.
# S3  pan's "transitions (= stored+matched)" counts the initial state as a
#     stored state reached by no transition: edges = transitions - 1.
# R1  Rumur counts every reachable state, the initial one and the ones
#     where no rule is enabled included: correction 0.
# R2  The .m models have a rule "ended" that is enabled exactly in the
#     normal-end states and changes nothing (so that --deadlock-detection
#     stuck reports exactly bootcheck's deadlocks). It fires once in each
#     normal-end state: edges = rules_fired - normal-end states.
# R3  Murphi scalarsets would be symmetry-reduced; the models use plain
#     subranges, so nothing is reduced: correction 0.
# B1  bootcheck's "generated" counts one per successor produced (duplicates
#     included, the initial state not: checker/explore/explore.c on_succ), so
#     edges = generated. A different count means bootcheck produced a
#     different set of transitions (say, dropped an `either` branch that
#     leads to an already-seen state) even when the state count agrees.
def spin_distinct(raw):
    return raw                          # S1, S2


def spin_edges(transitions):
    return transitions - 1              # S3


def rumur_distinct(raw):
    return raw                          # R1, R3


def rumur_edges(rules_fired, normal_ends):
    return rules_fired - normal_ends    # R2


def bootcheck_edges(generated):
    return generated                    # B1


# ---------------------------------------------------------------------------

class ToolError(Exception):
    pass


def run(cmd, cwd, timeout=TOOL_TIMEOUT):
    try:
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout,
                              universal_newlines=True)
    except subprocess.TimeoutExpired:
        raise ToolError('timed out after %ds: %s' % (timeout, ' '.join(cmd)))
    except OSError as e:
        raise ToolError('%s: %s' % (cmd[0], e))
    return proc


def must(cmd, cwd):
    proc = run(cmd, cwd)
    if proc.returncode != 0:
        raise ToolError('%s exited %d:\n%s%s' % (' '.join(cmd), proc.returncode,
                                                 proc.stdout[-2000:],
                                                 proc.stderr[-2000:]))
    return proc


def fmt_value(v, kind):
    """A parameter value in the syntax of 'spin', 'rumur' or 'boot'."""
    if isinstance(v, bool):
        if kind == 'spin':
            return '1' if v else '0'
        return 'true' if v else 'false'
    return str(v)


def signals_to_verdicts(model, signals, which):
    """Map peer signals to {constraint id: 'holds'|'violated'}; unknown
    signals are returned separately (they are always a failure)."""
    known = {}
    for cid, sig in MODELS[model]['constraints'].items():
        known[sig[which]] = cid
    verdicts = {cid: 'holds' for cid in MODELS[model]['constraints']}
    unknown = []
    for s in sorted(signals):
        if s in known:
            verdicts[known[s]] = 'violated'
        else:
            unknown.append(s)
    return verdicts, unknown


def run_spin(model, params, work, args):
    d = os.path.join(work, 'spin')
    os.makedirs(d)
    cmd = ['spin', '-o1', '-o2', '-o3']
    cmd += ['-D%s=%s' % (k, fmt_value(v, 'spin')) for k, v in params.items()]
    cmd += ['-a', os.path.join(HERE, model + '.pml')]
    must(cmd, d)
    must(['cc', args.opt or SPIN_OPT, '-DNOREDUCE', '-DSAFETY', '-o', 'pan',
          'pan.c'], d)
    out = must(['./pan', '-m%d' % SPIN_DEPTH, '-c0', '-w20'], d).stdout

    def grab(pattern):
        m = re.search(pattern, out, re.M)
        if not m:
            raise ToolError('pan output has no %r:\n%s' % (pattern, out))
        return int(m.group(1))

    if re.search(r'max search depth too small|Search not completed', out):
        raise ToolError('pan did not complete the search:\n' + out)
    stored = grab(r'^\s*(\d+) states, stored')
    transitions = grab(r'^\s*(\d+) transitions \(= stored\+matched\)')
    errors = grab(r'errors: (\d+)')
    signals = set()
    for msg in re.findall(r'^pan:\d+: (.*) \(at depth \d+\)$', out, re.M):
        m = re.match(r'assertion violated \(\((\d+)<0\)\|\|', msg)
        if m:
            signals.add('assert:' + m.group(1))
        elif msg == 'invalid end state':
            signals.add('deadlock')
        else:
            signals.add('pan: ' + msg)
    if errors and not signals:
        raise ToolError('pan reports %d errors but printed none:\n%s'
                        % (errors, out))
    verdicts, unknown = signals_to_verdicts(model, signals, 0)
    return {'raw': stored, 'distinct': spin_distinct(stored),
            'edges': spin_edges(transitions), 'verdicts': verdicts,
            'unknown': unknown}


def rumur_source(model, params):
    text = open(os.path.join(HERE, model + '.m')).read()
    for k, v in params.items():
        pat = re.compile(r'^(\s*%s\s*:\s*)[^;]+(;.*--\s*param\b.*)$'
                         % re.escape(k), re.M)
        text, n = pat.subn(lambda m: m.group(1) + fmt_value(v, 'rumur')
                           + m.group(2), text)
        if n != 1:
            raise ToolError('%s.m: %d "-- param" lines for %s (want 1)'
                            % (model, n, k))
    return text


def run_rumur(model, params, work, args):
    d = os.path.join(work, 'rumur')
    os.makedirs(d)
    with open(os.path.join(d, 'model.m'), 'w') as f:
        f.write(rumur_source(model, params))
    must(['rumur', '--threads', '1', '--deadlock-detection', 'stuck',
          '--output-format', 'machine-readable',
          '--counterexample-trace', 'off',
          '--max-errors', str(RUMUR_MAX_ERRORS),
          'model.m', '-o', 'model.c'], d)
    must(['cc', args.opt or RUMUR_OPT, '-o', 'verifier', 'model.c',
          '-lpthread'], d)
    proc = run(['./verifier'], d)
    try:
        root = ET.fromstring(proc.stdout)
    except ET.ParseError as e:
        raise ToolError('Rumur output is not XML (%s):\n%s%s'
                        % (e, proc.stdout[-2000:], proc.stderr[-2000:]))
    summary = root.find('summary')
    if summary is None:
        raise ToolError('Rumur output has no <summary>:\n' + proc.stdout)
    errors = int(summary.get('errors'))
    if errors >= RUMUR_MAX_ERRORS:
        raise ToolError('Rumur stopped at --max-errors %d' % RUMUR_MAX_ERRORS)
    # With --max-errors above the errors found, the verifier exits 0 even
    # after errors; anything else is a crash or an internal error.
    if proc.returncode != 0:
        raise ToolError('Rumur verifier exited %d:\n%s%s'
                        % (proc.returncode, proc.stdout[-2000:],
                           proc.stderr[-2000:]))
    signals = set()
    n_msgs = 0
    for err in root.iter('error'):
        n_msgs += 1
        msg = (err.findtext('message') or '').strip()
        m = re.match(r'^invariant "(.*)" failed$', msg)
        if msg == 'deadlock':
            signals.add('deadlock')
        elif m:
            signals.add('invariant:' + m.group(1))
        elif re.match(r'^[A-Za-z_][A-Za-z0-9_]*$', msg):
            signals.add('error:' + msg)
        else:
            signals.add('rumur: ' + msg)
    if n_msgs != errors:
        raise ToolError('Rumur summary says %d errors, printed %d'
                        % (errors, n_msgs))
    states = int(summary.get('states'))
    fired = int(summary.get('rules_fired'))
    verdicts, unknown = signals_to_verdicts(model, signals, 1)
    return {'raw': states, 'distinct': rumur_distinct(states),
            'edges': rumur_edges(fired, MODELS[model]['ends'](params)),
            'verdicts': verdicts, 'unknown': unknown}


class NoCheckCommand(Exception):
    pass


def run_bootcheck(exe, model, params, work):
    cmd = [exe, 'check', os.path.join(HERE, model + '.boot')]
    for k, v in params.items():
        cmd += ['-D', '%s=%s' % (k, fmt_value(v, 'boot'))]
    cmd += ['--format', 'json', '--quiet']
    proc = run(cmd, work)
    if "unknown command 'check'" in proc.stderr:
        raise NoCheckCommand(proc.stderr.strip())
    if proc.returncode not in (0, 1):
        raise ToolError('%s exited %d:\n%s%s' % (' '.join(cmd), proc.returncode,
                                                 proc.stdout[-2000:],
                                                 proc.stderr[-2000:]))
    try:
        doc = json.loads(proc.stdout)
        confs = doc['configurations']
        if len(confs) != 1:
            raise ToolError('%d configurations, want 1 (the models have no '
                            'placements)' % len(confs))
        stats = confs[0]['stats']
        distinct = int(stats['distinct'])
        generated = int(stats['generated'])
        statuses = {c['id']: c['status'] for c in confs[0]['constraints']}
    except (ValueError, KeyError, TypeError, IndexError) as e:
        raise ToolError('bad JSON from %s (%s: %s):\n%s'
                        % (' '.join(cmd), type(e).__name__, e,
                           proc.stdout[-2000:]))
    verdicts = {}
    unknown = []
    for cid in MODELS[model]['constraints']:
        verdicts[cid] = statuses.pop(cid, 'missing')
    for cid, st in sorted(statuses.items()):
        # a constraint the model does not declare (say an implicit one)
        if st != 'holds':
            unknown.append('%s=%s' % (cid, st))
    return {'raw': distinct, 'distinct': distinct, 'generated': generated,
            'edges': bootcheck_edges(generated), 'verdicts': verdicts,
            'unknown': unknown, 'rc': proc.returncode}


def param_label(model, params):
    defaults = MODELS[model]['params']
    parts = ['N=%d' % params['N']]
    for k, v in params.items():
        if k != 'N' and v != defaults[k]:
            parts.append('%s=%s' % (k, fmt_value(v, 'boot')))
    return ' '.join(parts)


def check_run(model, overrides, violates, args, workroot):
    params = dict(MODELS[model]['params'])
    params.update(overrides)
    label = param_label(model, params)
    work = tempfile.mkdtemp(prefix='%s-' % model, dir=workroot)
    res = {'model': model, 'label': label, 'params': params,
           'violates': violates, 'problems': [], 'warnings': [],
           'no_check': None}
    expected = {cid: ('violated' if cid in violates else 'holds')
                for cid in MODELS[model]['constraints']}
    res['expected'] = expected
    tools = [('spin', run_spin), ('rumur', run_rumur)]
    for name, fn in tools:
        try:
            res[name] = fn(model, params, work, args)
        except ToolError as e:
            res[name] = None
            res['problems'].append('%s: %s' % (name, e))
    res['bootcheck'] = None
    if not args.peers_only:
        try:
            res['bootcheck'] = run_bootcheck(args.bootcheck, model, params,
                                             work)
        except NoCheckCommand as e:
            res['no_check'] = str(e)
        except ToolError as e:
            res['problems'].append('bootcheck: %s' % e)

    # the hand-derived closed form, cross-checked against the hand table
    oracle = None if violates else MODELS[model]['count'](params)
    hand = HAND_COUNTS.get((model, params['N']))
    if hand is not None and oracle is not None and params == dict(
            MODELS[model]['params'], N=params['N']) and hand != oracle:
        res['problems'].append('closed form %d != hand count %d'
                               % (oracle, hand))
    res['oracle'] = oracle

    got = [(n, res[n]) for n in ('spin', 'rumur', 'bootcheck') if res[n]]
    for name, r in got:
        if r['unknown']:
            res['problems'].append('%s: unexpected reports: %s'
                                   % (name, ', '.join(r['unknown'])))
        for cid, want in expected.items():
            if r['verdicts'][cid] != want:
                res['problems'].append('%s: %s %s, expected %s'
                                       % (name, cid, r['verdicts'][cid], want))
    if not violates:
        # every constraint holds, so every tool explored the whole space
        for name, r in got:
            if oracle is not None and r['distinct'] != oracle:
                res['problems'].append(
                    '%s: %d distinct states (raw %d), hand count %d'
                    % (name, r['distinct'], r['raw'], oracle))
        if res['spin'] and res['rumur'] and \
                res['spin']['edges'] != res['rumur']['edges']:
            res['problems'].append('edges: SPIN %d, Rumur %d'
                                   % (res['spin']['edges'],
                                      res['rumur']['edges']))
        b = res['bootcheck']
        peer_edges = (res['spin'] or res['rumur'] or {}).get('edges')
        if b and peer_edges is not None and b['edges'] != peer_edges:
            msg = ('bootcheck: generated %d, SPIN and Rumur have %d edges '
                   '(correction B1: generated = edges)'
                   % (b['generated'], peer_edges))
            if args.lenient_generated:
                res['warnings'].append(msg)
            else:
                res['problems'].append(msg)
    b = res['bootcheck']
    if b:
        want_rc = 1 if violates else 0
        if b['rc'] != want_rc:
            res['problems'].append('bootcheck: exit status %d, expected %d '
                                   '(no expect lines: 1 iff a violation)'
                                   % (b['rc'], want_rc))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return res


def verdict_cell(r, cids):
    if not r:
        return '-'
    bad = [c for c in cids if r['verdicts'][c] == 'violated']
    other = [c for c in cids if r['verdicts'][c] not in ('holds', 'violated')]
    cell = ','.join(bad) if bad else 'holds'
    if other:
        cell += ' ?' + ','.join('%s=%s' % (c, r['verdicts'][c]) for c in other)
    return cell


def count_cell(r):
    if not r:
        return '-'
    if r['raw'] != r['distinct']:
        return '%d(raw %d)' % (r['distinct'], r['raw'])
    return str(r['distinct'])


def print_table(results, peers_only):
    head = ['model', 'params', 'hand', 'spin', 'rumur']
    if not peers_only:
        head.append('bootcheck')
    head += ['edges s/r', 'verdicts (violated)', 'result']
    rows = [head]
    for res in results:
        cids = list(MODELS[res['model']]['constraints'])
        row = [res['model'], res['label'],
               '-' if res['oracle'] is None else str(res['oracle']),
               count_cell(res['spin']), count_cell(res['rumur'])]
        if not peers_only:
            row.append('n/a' if res['no_check'] else count_cell(res['bootcheck']))
        edges = '%s/%s' % (res['spin']['edges'] if res['spin'] else '-',
                           res['rumur']['edges'] if res['rumur'] else '-')
        if res['bootcheck']:
            edges += '/g%d' % res['bootcheck']['generated']
        row.append(edges)
        v = [verdict_cell(res['spin'], cids), verdict_cell(res['rumur'], cids)]
        if not peers_only:
            v.append(verdict_cell(res['bootcheck'], cids))
        exp = ','.join(res['violates']) or 'holds'
        row.append('%s (want %s)' % ('|'.join(dict.fromkeys(v)), exp)
                   if len(set(v)) > 1 else '%s (want %s)' % (v[0], exp))
        row.append('FAIL' if res['problems'] else 'ok')
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for i, r in enumerate(rows):
        print('  '.join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        if i == 0:
            print('  '.join('-' * w for w in widths))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--bootcheck', metavar='EXE',
                    help='bootcheck executable (default: build/checker/'
                         'bootcheck under the repository)')
    ap.add_argument('--peers-only', action='store_true',
                    help='run SPIN and Rumur only (no bootcheck)')
    ap.add_argument('--model', action='append', choices=sorted(MODELS),
                    help='only this model (repeatable)')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1,
                    help='runs in parallel (default: all CPUs)')
    ap.add_argument('--opt', metavar='FLAG',
                    help='optimisation flag for compiling both verifiers, '
                         'e.g. --opt=-O2 (default: %s for pan, %s for Rumur)'
                         % (SPIN_OPT, RUMUR_OPT))
    ap.add_argument('--keep', action='store_true',
                    help='keep the work directories and print where')
    ap.add_argument('--lenient-generated', action='store_true',
                    help="warn, not fail, when bootcheck's generated differs "
                         "from the peers' edge count")
    args = ap.parse_args()

    missing = [t for t in ('spin', 'rumur', 'cc') if not shutil.which(t)]
    if missing:
        print('run_peers: not found: %s (scripts/install-deps installs them)'
              % ', '.join(missing), file=sys.stderr)
        return 2
    if not args.peers_only:
        if not args.bootcheck:
            args.bootcheck = os.path.join(REPO, 'build', 'checker', 'bootcheck')
        args.bootcheck = os.path.abspath(args.bootcheck)
        if not os.access(args.bootcheck, os.X_OK):
            print('run_peers: no bootcheck executable at %s (use --bootcheck '
                  'or --peers-only)' % args.bootcheck, file=sys.stderr)
            return 2

    runs = [r for r in RUNS if not args.model or r[0] in args.model]
    workroot = tempfile.mkdtemp(prefix='bootcheck-peers-')
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futs = [pool.submit(check_run, m, o, v, args, workroot)
                for m, o, v in runs]
        results = [f.result() for f in futs]
    if args.keep:
        print('work directories kept under %s' % workroot)
    else:
        shutil.rmtree(workroot, ignore_errors=True)

    print_table(results, args.peers_only)
    print()
    failed = False
    for res in results:
        for p in res['problems']:
            failed = True
            print('FAIL %s %s: %s' % (res['model'], res['label'], p))
        for w in res['warnings']:
            print('warning %s %s: %s' % (res['model'], res['label'], w))
    no_check = [r for r in results if r['no_check']]
    print('%d runs in %.1f s: %s' % (len(results), time.time() - t0,
                                    'MISMATCH' if failed else 'all agree'))
    if failed:
        return 1
    if no_check:
        print('bootcheck has no `check` command yet (%s): the bootcheck half '
              'was skipped' % no_check[0]['no_check'].splitlines()[0])
        return 77
    return 0


if __name__ == '__main__':
    sys.exit(main())
