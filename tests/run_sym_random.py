#!/usr/bin/env python3
"""Random specs: symmetry reduction must not change a result.

Usage: run_sym_random.py BOOTCHECK [COUNT] [SEED] [--keep DIR] [--live]
                          [--por [--ref-full]] [--guards]

Generates COUNT (default 60) small random specs from a fixed seed (default
1), each with a `symmetric` family (numbered from 0 or 1) and what may tell
its members apart: `for` loops over the members whose iterations are
independent or see each other (through a shared variable, another member's
element, an `await`, a hook, a `with` over a set), with and without using
the loop variable as a member index, through procedures too; `with` and
quantifiers over the members (bodies that may fail at run time included);
arrays over the family's range with an extra element outside it; `self` in
placements reached by the members or by a single process; constraints of
every kind (`always` and `reachable` with quantifiers, `at` with `self`,
`before`, `violate`, deadlock) and a window.

Each spec is checked with symmetry and with --no-symmetry. A spec the
compiler rejects must get a located error (exit 2, `file:line:col:
error:`) both ways; otherwise the exit status, every constraint's status
and the length of its counterexample or witness, every window's status
and a bounded window's steps (an unbounded one's cycle may need more than
one lap of the reduced cycle to close: docs/language.md), and whether a
runtime error stopped the search must agree, and when both
searches were complete the reduced one must not store more states (a spec
for which either search stops at 100,000 states is only counted). A
failing spec is written to DIR (default: the current directory) as
sym-random-FAIL-<n>.boot.

With --live the specs also have fairness (`fair` and `fair+` processes,
`fair L:` steps, on the family and on the single processes) and liveness
constraints (`eventually`, `~>`, `always eventually`), and loop more: the
liveness verdicts on the symmetry-reduced graph (checker/explore/
live_sym.c) must be the unreduced pass's (lasso lengths may differ, as
neither is the shortest), and no violation on the quotient may have
needed the unreduced pass to be shown (the JSON note "decided
unreduced: no concrete lasso ...").

With --por both searches also run with --por: symmetry on top of
partial-order reduction (runs of twins in stubborn sets, a twin's
footprint taken from its leader's, renamed moves) must not change a
verdict; counterexample lengths are not compared, since neither search
promises the shortest then. Debug and sanitizer builds check the twins'
shortcuts as they go (checker/explore/por.c, BC_HOT_ASSERTS). With
--ref-full the run without symmetry is the reference without --por too:
the symmetric search and liveness pass, both reduced (docs/reductions.md,
"Liveness under --por"), against neither reduction.

With --guards the specs also have bool arrays over the members used as
guards: an element tested, then another array's element of the same
member read or written (`exists w: g[w] and a[w] >= 1`, `with w { await
g[w]; a[w] := ...; }`), which --por's guarded accesses refine
(docs/reductions.md, "Guarded accesses").
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_spec import constraint_results  # noqa: E402


class Gen:
    def __init__(self, rnd, live=False):
        self.r = rnd
        self.live = live
        self.n = rnd.choice([2, 3])
        self.lo = rnd.choice([0, 1])
        self.hi = self.lo + self.n - 1
        # arrays cover the family's range, some with one more element
        # outside it (a BSP slot): (name, lo, hi, valhi)
        self.arrays = []
        self.scalars = []     # (name, hi)
        self.bools = []
        self.guards = []      # bool arrays over the members (--guards)
        self.hooks = []       # (hook, in_family)
        self.procs = []       # procedure names taking one member index
        self.labels = {}
        self.cur_hook = None

    def ch(self, xs):
        return self.r.choice(xs)

    def p(self, x):
        return self.r.random() < x

    # -- expressions -------------------------------------------------------
    def rng(self, extra=False):
        """A range over the members, maybe with the element outside."""
        if extra and self.lo == 1:
            return f'0..{self.hi}'
        return f'{self.lo}..{self.hi}'

    def elem(self, k, arrays=None):
        name, alo, ahi, vhi = self.ch(arrays or self.arrays)
        return name, vhi, f'{name}[{k}]'

    def val(self, k, depth=0, avoid=()):
        """An integer expression reading own elements [k] and scalars."""
        r = self.r.random()
        if depth > 1 or r < 0.3:
            return str(self.r.randint(0, 2))
        if r < 0.5 and self.scalars:
            cand = [s for s in self.scalars if s[0] not in avoid]
            if cand:
                return self.ch(cand)[0]
        if r < 0.85 and k is not None:
            cand = [a for a in self.arrays if a[0] not in avoid]
            if cand:
                return self.elem(k, cand)[2]
        return f'({self.val(k, depth + 1, avoid)} + 1) % 3'

    def cond(self, k, depth=0, avoid=()):
        r = self.r.random()
        if r < 0.25 and self.bools:
            cand = [b for b in self.bools if b not in avoid]
            if cand:
                b = self.ch(cand)
                return b if self.p(0.7) else f'not {b}'
        if r < 0.4 and depth < 1:
            op = self.ch(['and', 'or'])
            return (f'({self.cond(k, depth + 1, avoid)} {op} '
                    f'{self.cond(k, depth + 1, avoid)})')
        if r < 0.55 and depth < 1:
            # a quantifier over the members; its body may divide
            q = self.ch(['forall', 'exists'])
            j = f'j{self.r.randint(0, 9)}'
            body = self.cond(j, depth + 1, avoid)
            if self.p(0.2) and self.arrays:
                name, vhi, e = self.elem(j)
                body = f'({body} or 6 / ({e} + 1) > 2)'
            if k is not None and self.p(0.3):
                body = f'({j} != {k} and {body})'
            return f'({q} {j} in {self.rng(self.p(0.3))}: {body})'
        op = self.ch(['==', '!=', '<', '>='])
        return (f'{self.val(k, depth + 1, avoid)} {op} '
                f'{self.val(k, depth + 1, avoid)}')

    def assign_own(self, k):
        name, vhi, e = self.elem(k)
        return f'{e} := ({self.val(k)}) % {vhi + 1};'

    # -- member 'for' loops -------------------------------------------------
    def for_body_independent(self, k, depth):
        """Iterations that cannot see each other: own elements, flags set
        to constants that the body does not read, procedures."""
        parts = []
        flags = [b for b in self.bools]
        flag = self.ch(flags) if flags and self.p(0.5) else None
        avoid = (flag,) if flag else ()
        for _ in range(self.r.randint(1, 2)):
            r = self.r.random()
            if r < 0.35:
                parts.append(f'if {self.cond(k, 1, avoid)} then '
                             f'{self.assign_own(k)}')
            elif r < 0.5 and self.procs:
                parts.append(f'{self.ch(self.procs)}({k});')
            elif r < 0.6:
                name, vhi, e = self.elem(k)
                parts.append(f'with v in 0..1 {{ {e} := v; }}')
            elif r < 0.7:
                parts.append(f'either {{ {self.assign_own(k)} }} or '
                             f'{{ skip; }}')
            elif r < 0.8 and depth < 1:
                # a nested loop over the members reading its own elements
                j = f'k{depth + 1}'
                parts.append(f'for {j} in {self.rng()} {{ if '
                             f'{self.cond(j, 1, avoid)} then {flag or "skip"}'
                             f'{" := true" if flag else ""}; }}')
            else:
                parts.append(self.assign_own(k))
        if flag:
            parts.append(f'if {self.cond(k, 1, avoid)} then {flag} := true;')
        return ' '.join(parts)

    def for_body_dependent(self, k, use_k):
        """Iterations that may see each other."""
        r = self.r.random()
        own = self.assign_own(k) if use_k else 'skip;'
        if r < 0.3 and self.bools:
            b = self.ch(self.bools)
            flip = self.ch(['true', f'not {b}'])
            return f'if {b} then {{ {own} }} {b} := {flip};'
        if r < 0.5 and self.scalars:
            s, hi = self.ch(self.scalars)
            return f'{s} := ({s} + 1) % {hi + 1}; if {s} == 1 then {{ {own} }}'
        if r < 0.65 and use_k:
            name, vhi, e = self.elem(k)
            j = 'j9'
            return (f'if not (exists {j} in {self.rng()}: {name}[{j}] != 0) '
                    f'then {e} := 1;')
        if r < 0.7 and self.cur_hook:
            return f'{own} hook {self.cur_hook};'
        if r < 0.8:
            name, vhi, e = self.elem(k) if use_k else (None, 0, None)
            cond = e + ' == 0' if use_k else self.cond(None, 1)
            return f'await {cond}; {own}'
        if self.scalars:
            s, hi = self.ch(self.scalars)
            return f'{own} {s} := {self.val(k if use_k else None)} % {hi + 1};'
        return own

    def member_for(self, depth=0):
        k = f'k{depth}'
        rng = self.rng(self.p(0.4))
        if self.p(0.55):
            body = self.for_body_independent(k, depth)
        else:
            body = self.for_body_dependent(k, self.p(0.35))
        return f'for {k} in {rng} {{ {body} }}'

    def live_pred(self):
        """A liveness predicate on where the members are and what they
        hold (a quantifier over them), or any condition."""
        r = self.r.random()
        q = self.ch(['forall', 'exists'])
        if r < 0.35:
            name, vhi, e = self.elem('c')
            return (f'({q} c in {self.lo}..{self.hi}: {e} == '
                    f'{self.r.randint(0, vhi)})')
        if r < 0.6 and self.labels.get('w'):
            lab = self.ch(self.labels['w'])
            neg = self.ch(['', 'not '])
            return (f'({q} c in {self.lo}..{self.hi}: '
                    f'{neg}at_label(w.{lab}[c]))')
        return self.cond(None)

    # -- steps ----------------------------------------------------------------
    def guarded(self, k):
        """Accesses under a guard (checker/explore/por.c, struct acc): a
        member's element tested, then another array's element of the
        same member; k: the own index, or None."""
        g = self.ch(self.guards)
        name, vhi, _ = self.elem('w')
        rg = f'{self.lo}..{self.hi}'
        if k is None and self.p(0.25):
            # tests of every member, whose ways out carry facts about
            # every element to the next step (por.c, cut_touch)
            t = self.ch(self.guards)
            r = self.r.random()
            if r < 0.4:
                return f'await forall w in {rg}: {g}[w] => {t}[w];'
            if r < 0.7:
                return f'await forall w in {rg}: {g}[w];'
            then = (f'{self.ch(self.bools)} := true;' if self.bools
                    else 'skip;')
            return (f'if exists w in {rg}: not {g}[w] and not {t}[w] '
                    f'then {{ skip; }} else {{ {then} }}')
        r = self.r.random()
        v = self.ch(['true', 'false', 'true'])
        if r < 0.3:
            if self.p(0.5):
                t = self.ch(self.guards)
                return f'with w in {rg} {{ await {g}[w]; {t}[w] := {v}; }}'
            return (f'with w in {rg} {{ await {g}[w]; '
                    f'{name}[w] := ({name}[w] + 1) % {vhi + 1}; }}')
        kk = self.r.randint(0, vhi)
        if r < 0.5:
            then = self.assign_own(k) if k is not None else 'skip;'
            return (f'if exists w in {rg}: {g}[w] and {name}[w] >= {kk} '
                    f'then {{ {then} }}')
        if r < 0.6:
            return f'await exists w in {rg}: {g}[w] and {name}[w] == {kk};'
        if r < 0.75 and k is not None:
            return f'{g}[{k}] := {v};'
        if r < 0.88:
            t = self.ch(self.guards)
            return f'for w in {rg} {{ if {g}[w] then {{ {t}[w] := {v}; }} }}'
        return f'with w in {rg} {{ await not {g}[w]; {g}[w] := true; }}'

    def family_stmt(self, labels, hook):
        if self.guards and self.p(0.3):
            return self.guarded('i')
        r = self.r.random()
        if self.live and r < 0.15:
            # pass something to another member (the members permute)
            name, vhi, e = self.elem('i')
            v = self.r.randint(0, vhi)
            u = self.r.randint(0, vhi)
            return (f'with j in {self.rng()} {{ await j != i and '
                    f'{name}[j] != {v}; {name}[j] := {v}; {name}[i] := {u}; }}')
        if self.live:
            r = self.r.random()
        if r < 0.2:
            return f'await {self.cond("i")};'
        if r < 0.3:
            return (f'either {{ {self.assign_own("i")} }} or '
                    f'{{ {self.assign_own("self")} }}')
        if r < 0.4:
            j = 'w'
            return (f'with {j} in {self.rng()} {{ if {j} != i then '
                    f'{self.assign_own(j)} }}')
        if r < 0.5 and hook:
            return f'hook {hook};'
        if r < 0.6:
            return self.member_for()
        if r < 0.7 and self.procs:
            return f'{self.ch(self.procs)}(i);'
        if r < 0.75 and self.bools:
            return f'{self.ch(self.bools)} := true;'
        return self.assign_own('i')

    def single_stmt(self, hook):
        if self.guards and self.p(0.3):
            return self.guarded(None)
        r = self.r.random()
        if r < 0.4:
            return self.member_for()
        if r < 0.55:
            return f'await {self.cond(None)};'
        if r < 0.65:
            j = 'w'
            return f'with {j} in {self.rng(self.p(0.3))} {{ {self.assign_own(j)} }}'
        if r < 0.75 and hook:
            return f'hook {hook};'
        if r < 0.85 and self.scalars:
            s, hi = self.ch(self.scalars)
            return f'{s} := ({self.val(None)}) % {hi + 1};'
        if self.lo == 1 and self.p(0.5):
            return self.assign_own(0)
        return 'skip;'

    def process(self, name, family, hook):
        k = self.r.randint(1, 3)
        self.cur_hook = hook
        labels = [f'{name}_{j}' for j in range(k)]
        self.labels[name] = labels
        steps = []
        fair = ''
        if self.live:
            fair = self.ch(['', 'fair ', 'fair ', 'fair+ ' if family and
                            self.p(0.3) or not family else 'fair '])
        for j in range(k):
            body = [self.family_stmt(labels, hook) if family
                    else self.single_stmt(hook)
                    for _ in range(self.r.randint(1, 2))]
            if self.p(0.35 if self.live else 0.12) and (j > 0 or self.live):
                body.append(f'goto {self.ch(labels)};')
            step_fair = ''
            if self.live and not fair and self.p(0.25):
                step_fair = self.ch(['fair ', 'fair ', 'fair+ '])
            steps.append(f'  {step_fair}{labels[j]}: ' + ' '.join(body))
        head = (f'{fair}process {name}[i in {self.lo}..{self.hi}] symmetric'
                if family else f'{fair}process {name}')
        return head + ' {\n' + '\n'.join(steps) + '\n}'

    def spec(self, idx):
        out = [f'spec sym_random_{idx};']
        for j in range(self.r.randint(0, 2)):
            self.bools.append(f'b{j}')
            out.append(f'var b{j} : bool;')
        for j in range(self.r.randint(0, 2)):
            hi = self.ch([1, 2])
            self.scalars.append((f'x{j}', hi))
            out.append(f'var x{j} : 0..{hi};')
        for j in range(self.r.randint(1, 2)):
            vhi = self.ch([1, 2])
            alo = 0 if self.lo == 1 and self.p(0.6) else self.lo
            self.arrays.append((f'a{j}', alo, self.hi, vhi))
            out.append(f'var a{j}[c in {alo}..{self.hi}] : 0..{vhi};')
        if GUARDS:
            for j in range(self.r.randint(1, 2)):
                self.guards.append(f'g{j}')
                out.append(f'var g{j}[c in {self.lo}..{self.hi}] : bool;')
        # extra-range indices must hit arrays that have them: keep the
        # loops over lo..hi unless every array covers 0
        if self.lo == 1 and not all(a[1] == 0 for a in self.arrays):
            self.rng = lambda extra=False: f'{self.lo}..{self.hi}'
        if self.p(0.5):
            pname = 'own'
            name, vhi, e = self.elem('c')
            body = f'{e} := ({self.val("c")}) % {vhi + 1};'
            if self.bools and self.p(0.5):
                body += f' {self.ch(self.bools)} := true;'
            out.append(f'procedure {pname}(c) {{ {body} }}')
            self.procs.append(pname)
        self.viol = self.p(0.3)
        # hooks: one in the family, maybe one in a single process
        fam_hook = 'H' if self.p(0.5) else None
        single_hook = 'G' if self.p(0.3) else None
        procs = [self.process('w', True, fam_hook),
                 self.process('p', False, single_hook)]
        if self.p(0.3):
            procs.append(self.process('q', False, None))
        if self.viol:
            procs[1] = procs[1].replace(
                '\n}', f' if {self.cond(None)} then violate V "v";\n}}', 1)
        out += procs
        hooks = [h for h in (fam_hook, single_hook) if h and
                 any(f'hook {h};' in pr for pr in procs)]
        if hooks:
            # 'self' is a member index where members reach the hook; the
            # single process's self, 0, must then be outside the range
            use_self = (fam_hook in hooks and
                        (single_hook not in hooks or self.lo == 1))
            cand = [a for a in self.arrays
                    if single_hook not in hooks or a[1] == 0]
            if use_self and cand and self.p(0.7):
                name, alo, ahi, vhi = self.ch(cand)
                body = (f'if {self.cond(None, 1)} then '
                        f'{name}[self] := ({self.val(None)}) % {vhi + 1};')
            elif self.scalars:
                s, hi = self.ch(self.scalars)
                body = f'{s} := ({self.val(None)}) % {hi + 1};'
            elif self.bools:
                body = f'{self.ch(self.bools)} := true;'
            else:
                body = 'skip;'
            out.append(f'placement P at {", ".join(hooks)} {{ {body} }}')
        cons = []
        if self.viol:
            cons.append('constraint V "no violate": violations;')
        if self.p(0.7):
            cons.append(f'constraint A "inv": always {self.cond(None)};')
        if self.p(0.5):
            name, alo, ahi, vhi = self.ch(self.arrays)
            cons.append(f'constraint L "per member": always forall c in '
                        f'{self.lo}..{self.hi}: {name}[c] <= '
                        f'{self.r.randint(0, vhi)} or {self.cond("c", 1)};')
        if self.p(0.6):
            cons.append(f'constraint R "reach": reachable {self.cond(None)};')
        if self.p(0.5):
            # the members' elements together with where they are
            name, alo, ahi, vhi = self.ch(self.arrays)
            lab = self.ch(self.labels['w'])
            q = self.ch(['forall', 'exists'])
            v = self.r.randint(0, vhi)
            cons.append(f'constraint M "members": always not (({q} c in '
                        f'{self.lo}..{self.hi}: {name}[c] == {v}) and '
                        f'(exists c in {self.lo}..{self.hi}: '
                        f'at_label(w.{lab}[c])));')
        if self.p(0.4):
            lab = self.ch(self.labels['w'])
            cons.append(f'constraint T "at": at w.{lab}: '
                        f'{self.cond("self", 1)};')
        if self.p(0.3):
            a = self.ch(self.labels['p'])
            b = self.ch(self.labels['w'])
            cons.append(f'constraint O "order": p.{a} before w.{b};')
        if self.p(0.3):
            cons.append(f'window W "win": {self.cond(None)};')
        if self.live:
            if self.p(0.6):
                cons.append(f'constraint E "ev": eventually '
                            f'{self.live_pred()};')
            if self.p(0.6):
                cons.append(f'constraint LT "lt": {self.live_pred()} ~> '
                            f'{self.live_pred()};')
            if self.p(0.4):
                cons.append(f'constraint AE "ae": always eventually '
                            f'{self.live_pred()};')
        out += cons
        return '\n'.join(out) + '\n'


MAX_STATES = 100000


LIVE_IDS = ('E', 'LT', 'AE')


POR = False
GUARDS = False


def run(exe, path, extra, por=None):
    por = POR if por is None else por
    p = subprocess.run([exe, 'check', path, '--format', 'json', '--quiet',
                        '--no-timing', '--workers', '1', '--max-states',
                        str(MAX_STATES), *extra,
                        *(['--por'] if por else [])],
                       capture_output=True, text=True, timeout=600)
    if p.returncode == 2 and not p.stdout:
        return p.returncode, None, p.stderr
    try:
        d = json.loads(p.stdout)
    except ValueError:  # a crash or a failed assertion: reported below
        return p.returncode, None, f'exit {p.returncode}: {p.stderr}'
    out = []
    for c in d['configurations']:
        err = c.get('error') is not None
        cons = [(i, st, None if i in LIVE_IDS or POR else n)
                for i, st, n in constraint_results(c)]
        for k in c['constraints']:
            if 'no concrete lasso' in (k.get('note') or ''):
                cons.append((k['id'], 'FALLBACK', None))
        # an unbounded window's steps are its cycle's, which may take
        # more than one lap of the reduced cycle to close concretely
        # (docs/language.md, windows): only bounded lengths must agree
        wins = tuple((w['id'], w['status'],
                      w.get('steps') if w['status'] != 'unbounded' else None)
                     for w in c.get('windows', []))
        out.append((c['name'], err, tuple(cons) if not err else None,
                    wins if not err else None, c.get('complete'),
                    c['stats']['distinct']))
    return p.returncode, out, p.stderr


def same(a, b):
    """Results without the counts (and, after a runtime error, without
    what the stopped search had found)."""
    return [x[:4] for x in a] == [x[:4] for x in b]


def main():
    args = sys.argv[1:]
    keep = '.'
    global POR, GUARDS
    live = '--live' in args
    if live:
        args.remove('--live')
    POR = '--por' in args
    if POR:
        args.remove('--por')
    ref_full = '--ref-full' in args
    if ref_full:
        args.remove('--ref-full')
    GUARDS = '--guards' in args
    if GUARDS:
        args.remove('--guards')
    if '--keep' in args:
        i = args.index('--keep')
        keep = args[i + 1]
        del args[i:i + 2]
    exe = args[0]
    count = int(args[1]) if len(args) > 1 else 60
    seed = int(args[2]) if len(args) > 2 else 1
    rnd = random.Random(seed)
    bad = compiled = 0
    full_states = red_states = 0
    seen = {}
    tmp = tempfile.mkdtemp(prefix='bc-sym-random-')
    for idx in range(count):
        text = Gen(rnd, live).spec(idx)
        path = os.path.join(tmp, f's{idx}.boot')
        with open(path, 'w') as f:
            f.write(text)
        rc0, a, err0 = run(exe, path, [])
        rc1, b, err1 = run(exe, path, ['--no-symmetry'],
                           POR and not ref_full)
        problem = None
        if a is None or b is None:
            if not (a is None and b is None and err0 == err1):
                problem = 'compiles one way only'
            elif ': error: ' not in err0:
                problem = 'exit 2 without a located error'
            else:
                first = err0.split('\n', 1)[0]
                key = first.split(': error: ', 1)[1][:40]
                seen['rejected: ' + key] = seen.get('rejected: ' + key, 0) + 1
        elif rc0 == 3 or rc1 == 3:
            # a spec too large to explore (the --max-states limit)
            compiled += 1
            seen['state limit'] = seen.get('state limit', 0) + 1
        else:
            compiled += 1
            if rc0 != rc1 or not same(a, b):
                problem = 'results differ'
            for x, y in zip(a, b):
                if x[4] and y[4] and not x[1] and x[5] > y[5]:
                    problem = 'more states with symmetry'
                if x[4] and y[4] and not x[1]:
                    red_states += x[5]
                    full_states += y[5]
                if x[1]:
                    seen['runtime error'] = seen.get('runtime error', 0) + 1
                for _, status, _ in (x[2] or ()):
                    seen[status] = seen.get(status, 0) + 1
        if problem:
            bad += 1
            os.makedirs(keep, exist_ok=True)
            out = os.path.join(keep, f'sym-random-FAIL-{idx}.boot')
            with open(out, 'w') as f:
                f.write(text)
            print(f'FAIL s{idx} ({problem}; kept as {out})')
            print(f'  symmetry:    exit {rc0} {a} {err0.strip()[:300]}')
            print(f'  no symmetry: exit {rc1} {b} {err1.strip()[:300]}')
    shutil.rmtree(tmp, ignore_errors=True)
    print(f'{count} random specs, {compiled} compiled ({count - compiled} '
          f'rejected with a located error); states with symmetry '
          f'{red_states}, without {full_states}; {dict(sorted(seen.items()))}; '
          f'{bad} failures')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
