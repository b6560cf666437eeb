"""A generator of random, well-formed, small specs over the whole language
of docs/language.md: constants (and -D), enums, bool, ranges, `set of`
with + * - and in, arrays of one and two dimensions, single processes and
families (`symmetric` ones using their member index only as the rules of
§2.5 allow), process-local variables, either/or, with, await anywhere in a
step, if/else, for, goto, end, procedures with parameters, hooks and
several placements, every constraint kind, windows, and `expect` lines
with `when`.

Types used while generating: 'bool', 'int' (a non-negative integer),
'mem' (a member index of the family: 1..N), ('enum', E), ('set', E).
"""
import random

from spec import Spec, Var, Process

ENUMS = [('E', ['A', 'B', 'C']), ('F', ['X', 'Y'])]
N_ = ('const', 'N')


def lit(n):
    return ('int', n)


def add(a, b):
    return ('arith', '+', a, b)


class Scope:
    """What an expression may use where it is generated."""

    def __init__(self, proc=None, state=False, self_ty=None, placement=False):
        self.proc = proc          # Process whose body this is, or None
        self.state = state        # a constraint or window (no locals)
        self.self_ty = self_ty    # type of `self` / the family index, or None
        self.bound = {}           # name -> type
        self.placement = placement
        self.in_for = False
        self.labels = []
        self.nfresh = 0

    def child(self):
        c = Scope(self.proc, self.state, self.self_ty, self.placement)
        c.bound = dict(self.bound)
        c.in_for = self.in_for
        c.labels = self.labels
        c.nfresh = self.nfresh
        return c


class Gen:
    def __init__(self, rnd, idx):
        self.r = rnd
        self.sp = Spec(f'random_{idx}')
        self.fresh = 0

    # --------------------------------------------------------- helpers
    def p(self, x):
        return self.r.random() < x

    def pick(self, xs):
        return self.r.choice(xs)

    def name(self, base):
        self.fresh += 1
        return f'{base}{self.fresh}'

    def cval(self, n):
        return self.consts_val[n]

    # --------------------------------------------------------- values
    def mem_names(self, sc):
        out = [n for n, t in sc.bound.items() if t == 'mem']
        if sc.self_ty == 'mem':
            out.append('self')
            if sc.proc is not None and sc.proc.family:
                out.append(sc.proc.family[0])
        return out

    def mem_expr(self, sc):
        ms = self.mem_names(sc)
        if not ms:
            return None
        m = self.pick(ms)
        return ('self',) if m == 'self' else ('bound', m)

    def fit(self, e, lo, hi):
        """lo + e % width, for a non-negative e; lo, hi are (expr, value)."""
        lo_e, lo_v = lo
        hi_e, hi_v = hi
        if hi_e[0] == 'int':
            w = lit(hi_v - lo_v + 1)
        elif lo_v == 1:
            w = hi_e
        else:
            w = add(hi_e, lit(1 - lo_v))
        m = ('arith', '%', e, w)
        return m if lo_v == 0 else add(lo_e, m)

    def vars_of(self, sc, kind):
        """Variables (global, and local unless in a state context) whose
        elements have type 'kind'."""
        out = []
        for v in self.sp.vars:
            if self.vkind(v) == kind:
                out.append((v, False))
        if sc.proc is not None and not sc.state and not sc.placement:
            for v in sc.proc.locals:
                if self.vkind(v) == kind:
                    out.append((v, True))
        return out

    @staticmethod
    def vkind(v):
        t = v.ty
        if t == 'bool':
            return 'bool'
        if t[0] == 'range':
            return 'int'
        if t[0] == 'enum':
            return ('enum', t[1])
        return ('set', t[1])

    def index(self, v, sc, d):
        """Index expressions for an element of v, or None."""
        idx = []
        for n, lo, hi in v.dims:
            lo_v = self.eval_const(lo)
            hi_v = self.eval_const(hi)
            if v.member:
                m = self.mem_expr(sc)
                if lo_v == 0 and (m is None or self.p(0.15)):
                    idx.append(lit(0))
                    continue
                if m is None:
                    if self.sym:
                        return None
                    m = self.fit(self.int_e(sc, d + 1), (lit(1), 1),
                                 (N_, self.cval('N')))
                idx.append(m)
            else:
                idx.append(self.fit(self.int_e(sc, d + 1), (lo, lo_v),
                                    (hi, hi_v)))
        return idx

    def eval_const(self, e):
        if e[0] == 'int':
            return e[1]
        if e[0] == 'const':
            return self.cval(e[1])
        if e[0] == 'arith':
            a, b = self.eval_const(e[2]), self.eval_const(e[3])
            return {'+': a + b, '-': a - b, '*': a * b}[e[1]]
        raise ValueError(e)

    def read(self, sc, kind, d):
        vs = self.vars_of(sc, kind)
        self.r.shuffle(vs)
        for v, is_local in vs:
            if is_local:
                return ('local', v.name)
            idx = self.index(v, sc, d)
            if idx is not None:
                return ('var', v.name, idx)
        return None

    def bound_of(self, sc, kind):
        ns = [n for n, t in sc.bound.items() if t == kind]
        return ('bound', self.pick(ns)) if ns else None

    # ---------------------------------------------------- expressions
    def int_e(self, sc, d=0):
        r = self.r.random()
        if d >= 2 or r < 0.25:
            return lit(self.r.randint(0, 3))
        if r < 0.32:
            return ('const', self.pick(['K', 'M']))
        if r < 0.55:
            e = self.read(sc, 'int', d)
            if e:
                return e
        if r < 0.62:
            e = self.bound_of(sc, 'int')
            if e:
                return e
        if r < 0.68 and not self.sym:
            e = self.mem_expr(sc)
            if e:
                return e
        if r < 0.74:
            return ('card', self.set_e(sc, ('set', 'E'), d + 1))
        if r < 0.8:
            return ('ite', self.bool_e(sc, d + 1), self.int_e(sc, d + 1),
                    self.int_e(sc, d + 1))
        op = self.pick(['+', '+', '*', '%', '/'])
        b = lit(self.r.randint(1, 3)) if op != '+' else self.int_e(sc, d + 1)
        return ('arith', op, self.int_e(sc, d + 1), b)

    def enum_e(self, sc, kind, d=0):
        r = self.r.random()
        ms = dict(ENUMS)[kind[1]]
        if d < 2 and r < 0.45:
            e = self.read(sc, kind, d)
            if e:
                return e
        if r < 0.6:
            e = self.bound_of(sc, kind)
            if e:
                return e
        if d < 2 and r < 0.68:
            return ('ite', self.bool_e(sc, d + 1), self.enum_e(sc, kind, d + 1),
                    self.enum_e(sc, kind, d + 1))
        return ('enum', self.pick(ms))

    def set_lit(self, kind, empty_ok):
        ms = dict(ENUMS)[kind[1]]
        xs = [m for m in ms if self.p(0.5)]
        if not xs and not empty_ok:
            xs = [self.pick(ms)]
        return ('set', xs)

    def set_e(self, sc, kind, d=0, empty_ok=False):
        r = self.r.random()
        if d < 2 and r < 0.4:
            e = self.read(sc, kind, d)
            if e:
                return e
        if d < 2 and r < 0.65:
            return ('setop', self.pick(['+', '*', '-']),
                    self.set_e(sc, kind, d + 1), self.set_e(sc, kind, d + 1))
        return self.set_lit(kind, empty_ok)

    def dom(self, sc, d):
        """(domain, type of the bound variable)."""
        r = self.r.random()
        if r < 0.35 and self.fam is not None:
            return ('range', lit(1), N_), 'mem'
        if r < 0.6:
            if self.sym:
                return ('range', lit(0), lit(1)), 'int'
            hi = self.pick([lit(1), lit(2), ('const', 'K')])
            return ('range', lit(0), hi), 'int'
        e = self.pick(ENUMS)[0]
        if r < 0.75:
            return ('denum', e), ('enum', e)
        return ('dset', self.set_e(sc, ('set', e), d + 1)), ('enum', e)

    def bool_e(self, sc, d=0):
        r = self.r.random()
        if d >= 3:
            r = r * 0.45
        if r < 0.05:
            return ('bool', self.p(0.5))
        if r < 0.08:
            return ('const', 'FLAG')
        if r < 0.25:
            e = self.read(sc, 'bool', d) or self.bound_of(sc, 'bool')
            if e:
                return e
        if r < 0.35:
            op = self.pick(['=', '!=', '<', '<=', '>', '>='])
            return ('cmp', op, self.int_e(sc, d + 1), self.int_e(sc, d + 1),
                    'int')
        if r < 0.41:
            k = ('enum', self.pick(ENUMS)[0])
            return ('cmp', self.pick(['=', '!=']), self.enum_e(sc, k, d + 1),
                    self.enum_e(sc, k, d + 1), 'enum')
        if r < 0.45:
            k = ('set', self.pick(ENUMS)[0])
            op = self.pick(['=', '!=', '<=', '<'])
            return ('cmp', op, self.set_e(sc, k, d + 1),
                    self.set_e(sc, k, d + 1, empty_ok=True), 'set')
        if r < 0.50:
            k = self.pick(ENUMS)[0]
            return (self.pick(['in', 'notin']),
                    self.enum_e(sc, ('enum', k), d + 1),
                    ('dset', self.set_e(sc, ('set', k), d + 1)))
        if r < 0.52:
            return ('in', self.int_e(sc, d + 1),
                    ('range', lit(1), lit(self.r.randint(1, 3))))
        if r < 0.56:
            ms = self.mem_names(sc)
            if len(ms) >= 2:
                a, b = self.r.sample(ms, 2)
                a = ('self',) if a == 'self' else ('bound', a)
                b = ('self',) if b == 'self' else ('bound', b)
                return ('cmp', self.pick(['=', '!=']), a, b, 'mem')
        if r < 0.62:
            return self.at_label(sc)
        if r < 0.75:
            return (self.pick(['and', 'or', 'and', 'imp', 'iff']),
                    self.bool_e(sc, d + 1), self.bool_e(sc, d + 1))
        if r < 0.8:
            return ('not', self.bool_e(sc, d + 1))
        if r < 0.9:
            dm, ty = self.dom(sc, d)
            v = self.name('q')
            sc2 = sc.child()
            sc2.bound[v] = ty
            return ('quant', self.pick(['forall', 'exists']), v, dm,
                    self.bool_e(sc2, d + 1))
        if r < 0.95:
            return ('ite', self.bool_e(sc, d + 1), self.bool_e(sc, d + 1),
                    self.bool_e(sc, d + 1))
        return ('bool', self.p(0.5))

    def at_label(self, sc):
        procs = [p for p in self.sp.procs if p.steps]
        if not procs:
            return ('bool', True)
        p = self.pick(procs)
        lab = self.pick(p.steps)[0]
        if p.family is None:
            return ('at', p.name, lab, None)
        m = self.mem_expr(sc)
        if m is None:
            if self.sym and p.symmetric:
                return ('bool', False)
            m = lit(self.r.randint(1, self.cval('N')))
        return ('at', p.name, lab, m)

    def value(self, sc, v, d=0):
        k = self.vkind(v)
        if k == 'bool':
            return self.bool_e(sc, d)
        if k == 'int':
            lo = self.eval_const(v.ty[1])
            hi = self.eval_const(v.ty[2])
            return self.fit(self.int_e(sc, d), (v.ty[1], lo), (v.ty[2], hi))
        if k[0] == 'enum':
            return self.enum_e(sc, k, d)
        return self.set_e(sc, k, d, empty_ok=True)

    # ----------------------------------------------------- statements
    def assign(self, sc, d):
        cands = [(v, False) for v in self.sp.vars]
        if sc.proc is not None and not sc.placement:
            cands += [(v, True) for v in sc.proc.locals]
        self.r.shuffle(cands)
        for v, is_local in cands:
            if v.name == 'done':
                continue        # a completion flag: only `done[self] := true`
            if is_local:
                return ('assign', (v.name, [], True), self.value(sc, v, d))
            idx = self.index(v, sc, d)
            if idx is not None:
                val = self.value(sc, v, d)
                if self.risky and self.p(0.1) and self.vkind(v) == 'int':
                    # may leave the range: a runtime error (§7)
                    val = add(self.int_e(sc, 1), lit(self.r.randint(0, 2)))
                return ('assign', (v.name, idx, False), val)
        return ('skip',)

    def stmt(self, sc, d):
        r = self.r.random()
        if d >= 2:
            r = 0.5 + r * 0.5
        if r < 0.1:
            return ('either', [self.block(sc, d + 1, 1, 2)
                               for _ in range(self.r.randint(2, 3))])
        if r < 0.2:
            return ('if', self.bool_e(sc), self.block(sc, d + 1, 1, 2),
                    self.block(sc, d + 1, 1, 2) if self.p(0.5) else None)
        if r < 0.27:
            dm, ty = self.dom(sc, 1)
            v = self.name('w')
            sc2 = sc.child()
            sc2.bound[v] = ty
            return ('with', v, dm, self.block(sc2, d + 1, 1, 2))
        if r < 0.33:
            dm, ty = self.dom(sc, 1)
            v = self.name('k')
            sc2 = sc.child()
            sc2.bound[v] = ty
            sc2.in_for = True
            return ('for', v, dm, self.block(sc2, d + 1, 1, 2))
        if r < 0.36:
            if self.fam and self.p(0.5):
                return self.member_loop(sc, d)
            return ('block', self.block(sc, d + 1, 1, 2))
        if r < 0.5:
            return ('await', self.bool_e(sc))
        if r < 0.55 and self.procs_ok(sc):
            return self.call(sc)
        if r < 0.6 and self.hooks and sc.proc is not None \
                and not sc.placement:
            h = self.pick(self.hooks)
            self.used_hooks.add(h)
            return ('hook', h)
        if r < 0.63 and self.viol_ids:
            return ('violate', self.pick(self.viol_ids))
        if r < 0.66 and self.flags and sc.proc is not None and \
                sc.proc.family and not sc.placement:
            # a completion flag (frozen once set, for --por)
            return ('assign', ('done', [('self',)], False), ('bool', True))
        if r < 0.67 and self.viol_ids:
            return ('violate', self.pick(self.viol_ids))
        if r < 0.65:
            return ('skip',)
        return self.assign(sc, d)

    def member_loop(self, sc, d):
        """A `for` over the members whose iterations pass a fact to each
        other through an ordinary variable (issue 11's symmetry case)."""
        k = self.name('k')
        sc2 = sc.child()
        sc2.bound[k] = 'mem'
        sc2.in_for = True
        mv = [v for v in self.sp.vars if v.member]
        gs = [v for v in self.sp.vars if not v.dims and not v.member]
        if not mv or not gs:
            return ('skip',)
        m = self.pick(mv)
        g = self.pick(gs)
        cond = self.bool_e(sc2, 1)
        if g.ty == 'bool' and self.p(0.6):
            cond = ('var', g.name, [])
        body = [('if', cond,
                 [('assign', (m.name, [('bound', k)], False),
                   self.value(sc2, m, 1))], None),
                ('assign', (g.name, [], False), self.value(sc2, g, 1))]
        if self.p(0.5):
            body.reverse()
        return ('for', k, ('range', lit(1), N_), body)

    def procs_ok(self, sc):
        return any(self.callable(sc, p) for p in self.sp.procedures)

    def callable(self, sc, proc):
        kinds = self.param_kinds[proc[0]]
        return all(k != 'mem' or self.mem_names(sc) for k in kinds) and \
            proc[0] not in sc.bound.get('#calling', ())

    def call(self, sc):
        ps = [p for p in self.sp.procedures if self.callable(sc, p)]
        name, params, _ = self.pick(ps)
        args = []
        for k in self.param_kinds[name]:
            if k == 'mem':
                args.append(self.mem_expr(sc))
            elif k == 'int':
                args.append(self.int_e(sc, 1))
            elif k == 'bool':
                args.append(self.bool_e(sc, 1))
            else:
                args.append(self.set_e(sc, k, 1))
        return ('call', name, args)

    def block(self, sc, d, lo, hi, jumps=True):
        ss = [self.stmt(sc, d) for _ in range(self.r.randint(lo, hi))]
        if jumps and sc.labels and not sc.in_for and self.p(0.12):
            ss.append(('goto', self.pick(sc.labels)) if self.p(0.7)
                      else ('end',))
        return ss

    # ------------------------------------------------------- the spec
    def gen(self, size=1.0):
        sp = self.sp
        r = self.r
        N = r.choice([2, 2, 3])
        K = r.randint(1, 2)
        FLAG = self.p(0.5)
        sp.consts = [('N', lit(N)), ('K', lit(K)), ('FLAG', ('bool', FLAG)),
                     ('M', add(('const', 'K'), lit(1)))]
        self.consts_val = {'N': N, 'K': K, 'FLAG': FLAG, 'M': K + 1}
        if self.p(0.4):
            c = self.pick(['N', 'K', 'FLAG'])
            v = {'N': self.pick([2, 3]), 'K': self.pick([1, 2, 3]),
                 'FLAG': not FLAG}[c]
            sp.overrides[c] = v
            self.consts_val[c] = v
            self.consts_val['M'] = self.consts_val['K'] + 1
        sp.enums = list(ENUMS)
        self.risky = self.p(0.15)
        sp.alt = self.pick([False, False, True, 'c'])
        sp.short = self.p(0.4)
        self.fam = self.p(0.75)
        self.sym = self.fam and self.p(0.6)
        # global variables
        for j in range(r.randint(1, 3)):
            sp.vars.append(self.rand_var(f'g{j}', True))
        if self.p(0.5):
            lo = self.pick([0, 1])
            dims = [('c', lit(lo), self.pick([lit(lo + 1), ('const', 'K')]))]
            if self.p(0.5) and not self.sym:
                dims.append(('d', lit(0), lit(1)))
            v = self.rand_var('arr', False)
            v.dims = dims
            sp.vars.append(v)
        if self.fam:
            for j in range(r.randint(1, 2)):
                v = self.rand_var(f'm{j}', False)
                v.member = True
                v.dims = [('c', lit(self.pick([1, 1, 0])), N_)]
                sp.vars.append(v)
        self.flags = self.fam and self.p(0.4)
        if self.flags:
            v = Var('done', 'bool', [('c', lit(1), N_)], member=True)
            sp.vars.append(v)
        # hooks, violate targets, procedures
        self.hooks = [f'h{j}' for j in range(r.choice([0, 1, 2, 3]))]
        self.used_hooks = set()
        self.viol_ids = ['V'] if self.p(0.35) else []
        procs = []
        # processes first (without bodies) so at_label can name them
        for j in range(r.randint(1, 2)):
            procs.append(Process(f'p{j}'))
        if self.fam:
            procs.append(Process('f', ('i', lit(1), N_), self.sym))
        for p in procs:
            nsteps = r.randint(1, 3)
            p.steps = [(f'{p.name}s{k}', []) for k in range(nsteps)]
        sp.procs = procs
        # fairness (docs/liveness.md), from a stream of its own so that the
        # main one, and every spec a seed gave before, stays as it was
        fr = random.Random(hash(r.getstate()[1]))
        self.fr = fr
        self.fair = fr.random() < 0.5
        if self.fair:
            for p in procs:
                p.fair = fr.choice([0, 1, 1, 2])
                for lab, _ in p.steps:
                    if not p.fair and fr.random() < 0.3:
                        p.step_fair[lab] = fr.choice([1, 1, 2])
        self.param_kinds = {}
        for j in range(r.choice([0, 1, 2])):
            name = f'proc{j}'
            kinds = [self.pick(['int', 'bool', 'mem', ('set', 'E')])
                     for _ in range(r.randint(1, 2))]
            if not self.fam:
                kinds = [k if k != 'mem' else 'int' for k in kinds]
            params = [f'a{j}_{n}' for n in range(len(kinds))]
            sc = Scope()
            sc.bound = dict(zip(params, [k if k != 'int' else 'int'
                                         for k in kinds]))
            sc.bound['#calling'] = (name,)
            body = [self.stmt(sc, 1) for _ in range(r.randint(1, 2))]
            sp.procedures.append((name, params, body))
            self.param_kinds[name] = kinds
        # process bodies
        for p in procs:
            for k in range(r.randint(0, 1)):
                v = self.rand_var(f'l{k}', False)
                p.locals.append(v)
            self_ty = None
            if p.family:
                self_ty = 'mem'
            for k, (lab, _) in enumerate(p.steps):
                sc = Scope(p, self_ty=self_ty)
                sc.labels = [lb for lb, _ in p.steps]
                body = self.block(sc, 0, 1, 3)
                p.steps[k] = (lab, body)
        # every hook must appear in some step
        for h in self.hooks:
            if h not in self.used_hooks:
                p = self.pick(procs)
                k = r.randrange(len(p.steps))
                lab, body = p.steps[k]
                pos = r.randint(0, len(body))
                if pos and body[pos - 1][0] in ('goto', 'end'):
                    pos -= 1
                body.insert(pos, ('hook', h))
        # placements
        if self.hooks:
            for j in range(r.choice([1, 1, 2])):
                hs = r.sample(self.hooks, min(len(self.hooks),
                                              r.randint(1, 2)))
                sc = Scope(placement=True)
                body = [self.stmt(sc, 1) for _ in range(r.randint(1, 2))]
                sp.placements.append((f'P{j}', hs, body))
            covered = {h for _, hs, _ in sp.placements for h in hs}
            for h in self.hooks:
                if h not in covered:
                    name, hs, body = sp.placements[0]
                    hs.append(h)
        self.constraints()
        return sp

    def rand_var(self, name, init_ok):
        r = self.r.random()
        if r < 0.3:
            ty = 'bool'
        elif r < 0.65:
            lo = self.pick([0, 0, 1])
            ty = ('range', lit(lo), self.pick([lit(lo + 1), lit(lo + 2),
                                                ('const', 'M')]))
        elif r < 0.8:
            ty = ('enum', self.pick(ENUMS)[0])
        else:
            ty = ('setof', 'E')
        v = Var(name, ty)
        if self.p(0.4):
            if ty == 'bool':
                v.init = ('const', 'FLAG') if self.p(0.5) else ('bool', True)
            elif ty[0] == 'range':
                v.init = ty[2]
            elif ty[0] == 'enum':
                v.init = ('enum', dict(ENUMS)[ty[1]][-1])
            else:
                v.init = ('set', ['A', 'C'])
        return v

    def events(self):
        evs = [('step', p.name, lab) for p in self.sp.procs
               for lab, _ in p.steps]
        evs += [('hook', h) for h in self.hooks]
        evs += [('placement', n) for n, _, _ in self.sp.placements]
        return evs

    def constraints(self):
        sp = self.sp
        cons = []
        n = 0
        for _ in range(self.r.randint(2, 5)):
            n += 1
            cid = f'C{n}'
            kind = self.pick(['always', 'always', 'at', 'before', 'reachable',
                              'reachable', 'eventually', 'deadlock'])
            sc = Scope(state=True)
            if kind in ('always', 'reachable', 'eventually'):
                if kind == 'eventually' and self.p(0.6) and not self.fair:
                    continue
                cons.append((cid, f'{kind} {n}', kind, self.bool_e(sc)))
            elif kind == 'at':
                ev = self.pick(self.events())
                if ev[0] == 'step':
                    p = next(q for q in sp.procs if q.name == ev[1])
                    if p.family:
                        sc.self_ty = 'mem'
                cons.append((cid, f'at {n}', 'at', (ev, self.bool_e(sc))))
            elif kind == 'before':
                a, b = self.pick(self.events()), self.pick(self.events())
                cons.append((cid, f'before {n}', 'before', (a, b)))
            elif kind == 'deadlock':
                if any(k == 'deadlock' for _, _, k, _ in cons):
                    continue
                cons.append((cid, 'no deadlock', 'deadlock', None))
        if self.fair:
            # one more `eventually`, drawn from the fairness stream
            main, self.r = self.r, self.fr
            try:
                cons.append(('EF', 'eventually, fairly', 'eventually',
                             self.bool_e(Scope(state=True))))
            finally:
                self.r = main
        if self.viol_ids:
            cons.append(('V', 'violations', 'violations', None))
        sp.constraints = cons
        if self.p(0.3):
            sp.windows.append(('W1', 'a window', self.bool_e(Scope(state=True))))

    def expects(self, model, verdicts):
        """Expect lines from the reference verdicts: some right, some
        wrong, with and without bindings and `when`."""
        sp = self.sp
        ids = [c for c, _, k, _ in sp.constraints]
        if not any(k == 'deadlock' for _, _, k, _ in sp.constraints):
            ids.append('deadlock')
        for _ in range(self.r.choice([0, 1, 1, 2, 3])):
            binds = []
            cfgs = list(verdicts)
            if sp.placements and self.p(0.6):
                for pn, hs, _ in self.r.sample(
                        sp.placements, self.r.randint(1, len(sp.placements))):
                    h = self.pick(hs)
                    binds.append((pn, h))
                    cfgs = [b for b in cfgs if dict(b)[pn] == h]
            when = None
            if self.p(0.3):
                when = self.pick([('const', 'FLAG'), ('not', ('const', 'FLAG')),
                                  ('cmp', '=', ('const', 'K'), lit(2), 'int'),
                                  ('cmp', '>=', ('const', 'N'), lit(3),
                                   'int')])
            if cfgs and self.p(0.7):
                v = verdicts[self.pick(cfgs)]
                vs = [c for c in ids if v.get(c, ['holds'])[0] == 'violated']
            else:
                vs = [c for c in ids if self.p(0.3)]
            sp.expects.append((binds, when, vs))


COVERAGE = [
    ('const', r'^const '), ('-D override', None), ('enum', r'^enum '),
    ('bool var', r': bool'), ('range var', r': \S+\.\.\S+[ ;]'),
    ('set of', r': set of'), ('set + * -', r'\} [-+*] \{|\) [-+*] \{'),
    ('in / not in', r' (not )?in \{'), ('card', r'card\('),
    ('array', r'^var \w+\['), ('2-dim array', r'^var \w+\[[^]]*\]\['),
    ('family', r'^process \w+\['), ('symmetric', r' symmetric \{'),
    ('local var', r'^  var '), ('either/or', r'either \{'),
    ('with', r'^\s+with '), ('for', r'^\s+for '), ('await', r'await '),
    ('await after another statement', None), ('if', r'^\s+if '),
    ('else', r'\} else \{'), ('goto', r'goto '), ('end', r'^\s+end;'),
    ('procedure', r'^procedure '), ('call', r'^\s+proc\d\('),
    ('hook', r'hook '), ('placement', r'^placement '),
    ('2 placements', r'^placement P1'),
    ('violate', r'violate '), ('forall', r'forall '),
    ('exists', r'exists '), ('at_label', r'at_label\('),
    ('if-expression', r'\(if '), ('self', r'\bself\b'),
    ('always', r': always '), ('at', r': at '), ('before', r' before '),
    ('no deadlock', r': no deadlock'), ('reachable', r': reachable '),
    ('eventually', r': eventually '), ('violations', r': violations'),
    ('window', r'^window '), ('expect', r'^expect'),
    ('expect binding', r'^expect \w+ at '), ('expect when', r' when '),
]


def coverage(sp, text):
    """{construct: 1 or 0} for one spec (its AST and printed text)."""
    import re
    out = {}
    for name, rx in COVERAGE:
        if rx is not None:
            out[name] = 1 if re.search(rx, text, re.M) else 0
    out['-D override'] = 1 if sp.overrides else 0
    late = 0

    def walk(ss, first):
        nonlocal late
        for j, s in enumerate(ss):
            if s[0] == 'await' and not (first and j == 0):
                late = 1
            for sub in (s[2:4] if s[0] == 'if' else
                        s[1] if s[0] == 'either' else
                        [s[3]] if s[0] in ('with', 'for') else
                        [s[1]] if s[0] == 'block' else []):
                if sub:
                    walk(sub, False)
    for p in sp.procs:
        for _, body in p.steps:
            walk(body, True)
    out['await after another statement'] = late
    return out
