#!/usr/bin/env python3
"""Random specs: partial-order reduction must not change a verdict.

Usage: run_por_random.py BOOTCHECK [COUNT] [SEED] [--windows] [--liveness]

Generates COUNT (default 150) small random specs from a fixed seed (default
1): a few global variables and arrays, single processes and a process
family whose steps assign, await, branch (`if`, `either`, `with`), loop
back with `goto` or end; constraints of every kind the reduction must
respect (`always` over one or several processes' variables, per-member
`forall` invariants, `reachable`, `at`, `violate`, `A before B`, deadlock).
Each is checked with and without --por (and with --por and 2 workers); the
exit status, every constraint's status and whether a runtime error stops
the search must agree, and --por must not store more states. With
--windows every spec also has one or two exposure windows (conjunctions
of the same conditions, some of them on flags that are only ever set),
and each window's status, a bounded one's steps and whether its longest
run ends with the predicate still true must agree too: under --por the
window pass is reduced (docs/reductions.md, "Windows under --por"). With
--liveness every spec also has liveness constraints (`eventually`, `~>`,
`always eventually`) and its processes and steps random fairness (none,
`fair`, `fair+`, on a process or on a step), and their verdicts must
agree: under --por the liveness pass is reduced (docs/reductions.md,
"Liveness under --por"). A failing
spec is written to the current directory as por-random-FAIL-<n>.boot.
"""
import json
import random
import subprocess
import sys


def live_constraints(rnd, pred):
    """One to three liveness constraints over predicates from pred()."""
    out = []
    for j in range(rnd.randint(1, 3)):
        kind = rnd.random()
        if kind < 0.4:
            body = f'eventually {pred()}'
        elif kind < 0.8:
            body = f'{pred()} ~> {pred()}'
        else:
            body = f'always eventually {pred()}'
        out.append(f'constraint E{j} "live {j}": {body};')
    return out


class Gen:
    def __init__(self, rnd, windows=False, liveness=False):
        self.r = rnd
        self.windows = windows
        self.liveness = liveness
        self.n = rnd.choice([2, 3])
        self.scalars = []   # (name, hi): 0..hi ints, hi=1 bool-like int
        self.bools = []
        self.arrays = []    # (name, hi) indexed 1..N, 0..hi
        self.guards = []    # bool arrays indexed 1..N (guards, por.c)
        self.labels = {}    # process name -> labels

    def choice(self, xs):
        return self.r.choice(xs)

    def val(self, depth, member):
        """An integer expression (0..3 in every state)."""
        r = self.r.random()
        if depth > 1 or r < 0.3:
            return str(self.r.randint(0, 2))
        if r < 0.6 and self.scalars:
            return self.choice(self.scalars)[0]
        if r < 0.85 and self.arrays:
            name, _ = self.choice(self.arrays)
            return f'{name}[{self.index(member)}]'
        return f'({self.val(depth + 1, member)} + 1) % 3'

    def index(self, member):
        if member and self.r.random() < 0.7:
            return 'i'
        return str(self.r.randint(1, self.n))

    def guarded(self, member):
        """Accesses under a guard: an element tested, then another
        variable's element with the same index (por.c, struct acc)."""
        g = self.choice(self.guards)
        name, hi = self.choice(self.arrays)
        r = self.r.random()
        if r < 0.25:
            # a guarded write: of another guard, or of an array
            if self.r.random() < 0.5:
                t = self.choice(self.guards)
                v = self.choice(['true', 'false', 'true'])
                return f'with w in 1..{self.n} {{ await {g}[w]; {t}[w] := {v}; }}'
            return (f'with w in 1..{self.n} {{ await {g}[w]; '
                    f'{name}[w] := ({name}[w] + 1) % {hi + 1}; }}')
        if r < 0.4:
            k = self.r.randint(0, hi)
            return (f'if exists w in 1..{self.n}: {g}[w] and {name}[w] >= {k} '
                    f'then {{ {self.assign(member)} }}')
        if r < 0.5:
            k = self.r.randint(0, hi)
            return f'await exists w in 1..{self.n}: {g}[w] and {name}[w] == {k};'
        if r < 0.65:
            t = self.choice(self.guards)
            v = self.choice(['true', 'false'])
            return (f'for w in 1..{self.n} {{ if {g}[w] then {{ {t}[w] := {v}; '
                    f'{name}[w] := ({name}[w] + 2) % {hi + 1}; }} }}')
        if r < 0.7:
            return (f'with w in 1..{self.n} {{ await not {g}[w]; '
                    f'{g}[w] := true; }}')
        if r < 0.75:
            # `await a and b` is compiled as two awaits: both guard
            k = self.r.randint(0, hi)
            return (f'with w in 1..{self.n} {{ await {g}[w] and {name}[w] >= {k}; '
                    f'{name}[w] := ({name}[w] + 1) % {hi + 1}; }}')
        if r < 0.85:
            t = self.choice(self.guards)
            return (f'if exists w in 1..{self.n}: {g}[w] and not {t}[w] '
                    f'then {{ {self.assign(member)} }}')
        v = self.choice(['true', 'false', 'true'])
        return f'{g}[{self.index(member)}] := {v};'

    def fact(self, member, labels):
        """Tests of every element (`await forall`, `if exists ... then`),
        whose ways out carry facts about every element to the next step
        (por.c, cut_touch)."""
        g = self.choice(self.guards)
        t = self.choice(self.guards)
        n = self.n
        r = self.r.random()
        if r < 0.25:
            return f'await forall w in 1..{n}: {g}[w] => {t}[w];'
        if r < 0.4:
            return f'await forall w in 1..{n}: {g}[w];'
        if r < 0.6:
            return (f'if exists w in 1..{n}: not {g}[w] and not {t}[w] '
                    f'then goto {self.choice(labels)};')
        if r < 0.7:
            return (f'if forall w in 1..{n}: {g}[w] or not {t}[w] '
                    f'then {{ {self.assign(member)} }}')
        if r < 0.8:
            # an offset: element w + 1 of one, w of the other
            return (f'if exists w in 1..N - 1: {g}[w + 1] and not {t}[w] '
                    f'then {{ {self.assign(member)} }} else {{ '
                    f'{self.assign(member)} }}')
        if r < 0.9:
            # not a fact: an integer array in the body
            name, _ = self.choice(self.arrays)
            return f'await forall w in 1..{n}: {g}[w] or {name}[w] > 0;'
        return (f'await not exists w in 1..{n}: {g}[w] and not {t}[w]; '
                f'{g}[{self.index(member)}] := false;')

    def live_cond(self):
        """A liveness predicate: mostly one variable, so that most steps
        are invisible to it and the reduced pass has sets to choose."""
        if self.r.random() < 0.3:
            return self.cond(0, False)
        atoms = [b for b in self.bools]
        atoms += [f'{x} == {self.r.randint(0, hi)}' for x, hi in self.scalars]
        atoms += [f'{a}[{self.r.randint(1, self.n)}] == {self.r.randint(0, hi)}'
                  for a, hi in self.arrays]
        return self.choice(atoms)

    def cond(self, depth, member):
        r = self.r.random()
        if r < 0.1 and self.guards and self.arrays:
            g = self.choice(self.guards)
            name, _ = self.choice(self.arrays)
            if self.r.random() < 0.5:
                return f'{g}[{self.index(member)}]'
            return f'(exists w in 1..{self.n}: {g}[w] and {name}[w] > 0)'
        if r < 0.3 and self.bools:
            b = self.choice(self.bools)
            return b if self.r.random() < 0.7 else f'not {b}'
        if r < 0.45 and depth < 1:
            op = self.choice(['and', 'or'])
            return (f'({self.cond(depth + 1, member)} {op} '
                    f'{self.cond(depth + 1, member)})')
        op = self.choice(['==', '!=', '<', '>='])
        return f'{self.val(depth + 1, member)} {op} {self.val(depth + 1, member)}'

    def assign(self, member):
        r = self.r.random()
        if r < 0.3 and self.bools:
            b = self.choice(self.bools)
            return f'{b} := {self.choice(["true", "false", "true"])};'
        if r < 0.65 and self.arrays:
            name, hi = self.choice(self.arrays)
            return f'{name}[{self.index(member)}] := ({self.val(0, member)}) % {hi + 1};'
        if self.scalars:
            name, hi = self.choice(self.scalars)
            return f'{name} := ({self.val(0, member)}) % {hi + 1};'
        return 'skip;'

    def stmt(self, depth, member, labels, cur, allow_jump):
        r = self.r.random()
        if self.guards and self.r.random() < 0.3:
            return self.guarded(member)
        if allow_jump and self.guards and self.r.random() < 0.15:
            return self.fact(member, labels)
        if depth < 2 and r < 0.12:
            return (f'either {{ {self.stmt(depth + 1, member, labels, cur, False)} }} '
                    f'or {{ {self.stmt(depth + 1, member, labels, cur, False)} }}')
        if depth < 2 and r < 0.22:
            return (f'if {self.cond(0, member)} then {{ '
                    f'{self.stmt(depth + 1, member, labels, cur, False)} }}')
        if depth < 2 and r < 0.30 and self.arrays:
            name, hi = self.choice(self.arrays)
            return (f'with w in 1..{self.n} {{ await {name}[w] <= {hi}; '
                    f'{name}[w] := ({name}[w] + 1) % {hi + 1}; }}')
        if r < 0.45:
            return f'await {self.cond(0, member)};'
        if r < 0.50 and self.viol:
            return (f'if {self.cond(0, member)} then violate V "v";')
        return self.assign(member)

    def step(self, member, labels, k):
        body = [self.stmt(0, member, labels, k, True)
                for _ in range(self.r.randint(1, 2))]
        r = self.r.random()
        if r < (0.3 if self.liveness else 0.15):
            body.append(f'goto {self.choice(labels)};')   # back or forward
        elif r < 0.2:
            body.append('end;')
        fair = ''
        if self.liveness and self.r.random() < 0.25:
            fair = self.choice(['fair ', 'fair+ '])
        return f'  {fair}{labels[k]}: ' + ' '.join(body)

    def process(self, name, member):
        k = self.r.randint(1, 4)
        labels = [f'{name}_{j}' for j in range(k)]
        self.labels[name] = labels
        steps = [self.step(member, labels, j) for j in range(k)]
        head = f'process {name}[i in 1..{self.n}]' if member else f'process {name}'
        if self.liveness:
            head = self.choice(['', 'fair ', 'fair ', 'fair+ ']) + head
        return head + ' {\n' + '\n'.join(steps) + '\n}'

    def spec(self, idx):
        out = [f'spec random_{idx};', f'const N = {self.n};']
        for j in range(self.r.randint(0, 2)):
            self.bools.append(f'b{j}')
            out.append(f'var b{j} : bool;')
        for j in range(self.r.randint(0, 2)):
            hi = self.r.choice([1, 2])
            self.scalars.append((f'x{j}', hi))
            out.append(f'var x{j} : 0..{hi};')
        for j in range(self.r.randint(1, 2)):
            hi = self.r.choice([1, 2])
            self.arrays.append((f'a{j}', hi))
            out.append(f'var a{j}[c in 1..N] : 0..{hi};')
        if self.r.random() < 0.6:
            for j in range(self.r.randint(1, 2)):
                self.guards.append(f'g{j}')
                out.append(f'var g{j}[c in 1..N] : bool;')
        self.viol = self.r.random() < 0.5
        procs = [self.process('p', False)]
        if self.r.random() < 0.5:
            procs.append(self.process('q', False))
        procs.append(self.process('f', True))
        out += procs
        cons = []
        if self.viol:
            cons.append('constraint V "no violate": violations;')
        if self.r.random() < 0.6:
            cons.append(f'constraint A "inv": always {self.cond(0, False)};')
        if self.r.random() < 0.5 and self.arrays:
            name, hi = self.choice(self.arrays)
            cons.append(f'constraint L "per member": always forall c in 1..N: '
                        f'{name}[c] != {self.r.randint(0, hi)} or '
                        f'{self.cond(1, False)};')
            cons.append(f'constraint L2 "own only": always forall c in 1..N: '
                        f'{name}[c] <= {self.r.randint(0, hi)};')
        if self.r.random() < 0.5:
            cons.append(f'constraint R "reach": reachable {self.cond(0, False)};')
        if self.r.random() < 0.5:
            lab = self.choice(self.labels['f'])
            cons.append(f'constraint T "at": at f.{lab}: {self.cond(0, False)};')
        if self.r.random() < 0.4:
            a = self.choice(self.labels['p'])
            b = self.choice(self.labels['f'])
            cons.append(f'constraint O "order": p.{a} before f.{b};')
        if self.liveness:
            cons += live_constraints(self.r, self.live_cond)
        out += cons
        for w in range(self.r.randint(1, 2) if self.windows else 0):
            parts = [self.cond(0, False)
                     for _ in range(self.r.randint(0, 2))]
            for _ in range(self.r.randint(0, 2)):
                # a quantified conjunct over the members' elements (por.c,
                # harmless: a member's write to its own element)
                q = self.choice(['exists', 'forall'])
                name, hi = self.choice(self.arrays)
                op = self.choice(['==', '!=', '>=', '<'])
                body = f'{name}[c] {op} {self.r.randint(0, hi)}'
                if self.guards and self.r.random() < 0.4:
                    body = (f'{self.choice(self.guards)}[c] '
                            f'{self.choice(["and", "or"])} {body}')
                parts.append(f'({q} c in 1..{self.n}: {body})')
            if not parts:
                parts.append(self.cond(0, False))
            if self.guards and self.r.random() < 0.5:
                g = self.choice(self.guards)
                parts.append(f'not {g}[{self.r.randint(1, self.n)}]')
            if self.bools and self.r.random() < 0.3:
                parts.append(f'not {self.choice(self.bools)}')
            out.append(f'window W{w} "w{w}": {" and ".join(parts)};')
        return '\n'.join(out) + '\n'


class LeanGen:
    """--liveness, every other spec: two to four single processes over a
    few flags, each fair, strongly fair or neither (or fair on one step),
    of steps that await a flag, set or clear one, or choose, some of them
    looping back; liveness predicates on one or two flags. Most steps are
    invisible to a predicate, so the reduced liveness pass has stubborn
    sets to choose among, and an unfair process's step that enables a fair
    one (tests/models/live_por_unfair.boot) comes up often."""

    def __init__(self, rnd):
        self.r = rnd
        self.flags = [f'f{j}' for j in range(rnd.randint(2, 4))]

    def lit(self):
        f = self.r.choice(self.flags)
        return f if self.r.random() < 0.6 else f'not {f}'

    def stmt(self):
        r = self.r.random()
        f = self.r.choice(self.flags)
        if r < 0.3:
            return f'await {self.lit()};'
        if r < 0.45:
            return f'{f} := not {f};'
        if r < 0.55:
            g = self.r.choice(self.flags)
            return f'either {{ {f} := true; }} or {{ {g} := false; }}'
        return f'{f} := {self.r.choice(["true", "false"])};'

    def process(self, name):
        k = self.r.randint(1, 3)
        labels = [f'{name}_{j}' for j in range(k)]
        steps = []
        for j in range(k):
            body = [self.stmt() for _ in range(self.r.randint(1, 2))]
            if self.r.random() < 0.35:
                body.append(f'goto {self.r.choice(labels[:j + 1])};')
            fair = self.r.choice(['', '', '', 'fair ', 'fair+ '])
            steps.append(f'  {fair}{labels[j]}: ' + ' '.join(body))
        head = self.r.choice(['', 'fair ', 'fair ', 'fair+ '])
        return f'{head}process {name} {{\n' + '\n'.join(steps) + '\n}'

    def pred(self):
        if self.r.random() < 0.7:
            return self.lit()
        return f'{self.lit()} {self.r.choice(["and", "or"])} {self.lit()}'

    def spec(self, idx):
        out = [f'spec lean_{idx};']
        out += [f'var {f} : bool = {self.r.choice(["true", "false"])};'
                for f in self.flags]
        enabler = self.r.random() < 0.3
        out += [self.process(f'p{j}')
                for j in range(self.r.randint(0, 1) if enabler
                               else self.r.randint(2, 4))]
        if enabler:
            # an enabler in no fairness unit, whose step a fair process
            # waits for, next to a fair loop: the shape of
            # tests/models/live_por_unfair.boot
            f, g = self.r.sample(self.flags, 2)
            out[1 + self.flags.index(f)] = f'var {f} : bool = false;'
            out[1 + self.flags.index(g)] = f'var {g} : bool = false;'
            out.append(f'process en {{ en_0: {f} := true; }}')
            out.append(f'{self.r.choice(["fair", "fair+"])} process wt '
                       f'{{ wt_0: await {f}; {g} := true; }}')
            out.append('var tick : bool = false;')
            out.append(f'{self.r.choice(["fair", "fair+"])} process tk '
                       f'{{ tk_0: tick := not tick; goto tk_0; }}')
            out.append(f'constraint EN "enabled": eventually {g};')
        out += live_constraints(self.r, self.pred)
        return '\n'.join(out) + '\n'


def run(exe, path, extra, windows=False):
    p = subprocess.run([exe, 'check', path, '--format', 'json', '--quiet',
                        *([] if windows else ['--no-windows']),
                        '--max-states', '200000',
                        '--workers', '1', *extra],
                       capture_output=True, text=True, timeout=120)
    if p.returncode == 2 and not p.stdout:
        return p.returncode, None, p.stderr
    d = json.loads(p.stdout)
    c = d['configurations'][0]
    st = [(k['id'], k['status']) for k in c['constraints']]
    st += [(w['id'], w['status'],
            w['steps'] if w['status'] == 'bounded' else None,
            w.get('open_at_end')) for w in c.get('windows') or []]
    return p.returncode, (st, c.get('error') is not None,
                          c['stats']['distinct']), p.stderr


def main():
    windows = '--windows' in sys.argv[1:]
    liveness = '--liveness' in sys.argv[1:]
    args = [a for a in sys.argv[1:] if a not in ('--windows', '--liveness')]
    exe = args[0]
    count = int(args[1]) if len(args) > 1 else 150
    seed = int(args[2]) if len(args) > 2 else 1
    rnd = random.Random(seed)
    bad = checked = compiled = 0
    seen = {}
    full_states = por_states = 0
    import os
    import tempfile
    tmp = tempfile.mkdtemp(prefix='bc-por-random-')
    for idx in range(count):
        if liveness and idx % 2 == 1:
            text = LeanGen(rnd).spec(idx)
        else:
            text = Gen(rnd, windows, liveness).spec(idx)
        path = os.path.join(tmp, f'r{idx}.boot')
        with open(path, 'w') as f:
            f.write(text)
        rc0, a, err = run(exe, path, [], windows)
        if a is None:
            # the generator may write a spec the compiler rejects
            # (e.g. a goto right after end); it must be a clean error
            if 'error:' not in err:
                bad += 1
                print(f'FAIL r{idx}: exit 2 without a diagnostic: {err}')
            continue
        compiled += 1
        rc1, b, _ = run(exe, path, ['--por'], windows)
        rc2, c, _ = run(exe, path, ['--por', '--workers', '2'], windows)
        checked += 1
        ok = (rc0 == rc1 and b is not None and a[0] == b[0] and a[1] == b[1]
              and (a[1] or b[2] <= a[2]) and rc2 == rc1 and c == b)
        for status in (x[1] for x in a[0]):
            seen[status] = seen.get(status, 0) + 1
        if a[1]:
            seen['runtime error'] = seen.get('runtime error', 0) + 1
        if b is not None and not a[1]:
            full_states += a[2]
            por_states += b[2]
        if not ok:
            bad += 1
            keep = f'por-random-FAIL-{idx}.boot'
            with open(keep, 'w') as f:
                f.write(text)
            print(f'FAIL r{idx} (kept as {keep}): full {rc0} {a}, '
                  f'por {rc1} {b}, por -w2 {rc2} {c}')
    print(f'{checked} random specs checked ({count - compiled} rejected by '
          f'the compiler), states without --por {full_states}, with '
          f'{por_states}; verdicts {dict(sorted(seen.items()))}; '
          f'{bad} failures')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
