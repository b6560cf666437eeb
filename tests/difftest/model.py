"""A reference interpreter of generated specs (the semantics of
docs/language.md §7, written again from the document, sharing no code
with the checker).

It explores each configuration breadth first and gives the distinct
states, the number of orbits under renaming the members of a `symmetric`
family, every constraint's verdict and shortest counterexample length,
the exit status the spec's `expect` lines call for, and it replays a
trace from bootcheck's JSON report step by step.
"""
import itertools

from spec import fmt_value


WORK_LIMIT = 400000     # statement blocks run per configuration


class RtError(Exception):
    pass


class TooBig(Exception):
    pass


class Path:
    __slots__ = ('s', 'viol', 'flow')

    def __init__(self, s, viol, flow=None):
        self.s = s
        self.viol = viol
        self.flow = flow

    def copy(self):
        return Path(list(self.s), set(self.viol), self.flow)


class Model:
    def __init__(self, sp):
        self.sp = sp
        self.members = {}       # enum member -> (enum, index)
        self.enum_members = {}
        for e, ms in sp.enums:
            self.enum_members[e] = ms
            for i, m in enumerate(ms):
                self.members[m] = (e, i)
        self.consts = {}
        for n, e in sp.consts:
            self.consts[n] = (sp.overrides[n] if n in sp.overrides
                              else self.ev(e, None, {}))
        self.procedures = {n: (ps, b) for n, ps, b in sp.procedures}
        self.placements = sp.placements
        self.keys = []          # state layout: names
        self.kinds = []         # per key: 'bool' | 'int' | ('enum',E) | ('set',E)
        self.bounds = []        # per key: (lo, hi) for ints
        init = []
        for v in sp.vars:
            for key, env in self.elements(v.name, v.dims):
                self.add_key(key, v, init, env)
        self.insts = []         # [(proc, member or None)]
        self.labels = {}        # proc name -> [labels]
        for p in sp.procs:
            self.labels[p.name] = [lab for lab, _ in p.steps]
            mem = [None]
            if p.family:
                lo = self.ev(p.family[1], None, {})
                hi = self.ev(p.family[2], None, {})
                mem = list(range(lo, hi + 1))
            for m in mem:
                self.insts.append((p, m))
                pre = p.name if m is None else f'{p.name}[{m}]'
                env = {} if m is None else {p.family[0]: m}
                for v in p.locals:
                    self.add_key(f'{pre}.{v.name}', v, init, env)
        self.nuser = len(self.keys)
        for p, m in self.insts:
            self.keys.append(self.pckey(p.name, m))
            self.kinds.append('pc')
            self.bounds.append(None)
            init.append(0)
        for cid, _, kind, _ in sp.constraints:
            if kind == 'before':
                self.keys.append('#hist ' + cid)
                self.kinds.append('bool')
                self.bounds.append(None)
                init.append(False)
        self.pos = {k: i for i, k in enumerate(self.keys)}
        self.init = tuple(init)
        self.cons = sp.constraints
        self.sym = self.symmetry()
        self.work = 0

    # ------------------------------------------------------------ layout
    def elements(self, name, dims, env=None):
        env = dict(env or {})
        if not dims:
            yield name, env
            return
        n, lo, hi = dims[0]
        for i in range(self.ev(lo, None, {}), self.ev(hi, None, {}) + 1):
            env2 = dict(env)
            env2[n] = i
            for k, e in self.elements(name, dims[1:], env2):
                yield (f'{name}[{i}]' + k[len(name):], e)

    def add_key(self, key, v, init, env):
        t = v.ty
        if t == 'bool':
            kind, b, dflt = 'bool', None, False
        elif t[0] == 'range':
            lo = self.ev(t[1], None, {})
            hi = self.ev(t[2], None, {})
            kind, b, dflt = 'int', (lo, hi), lo
        elif t[0] == 'enum':
            kind, b, dflt = ('enum', t[1]), None, 0
        else:
            kind, b, dflt = ('set', t[1]), None, 0
        val = dflt if v.init is None else self.ev(v.init, None, env)
        self.keys.append(key)
        self.kinds.append(kind)
        self.bounds.append(b)
        init.append(val)
        self.check_range(len(self.keys) - 1, val)

    @staticmethod
    def pckey(proc, m):
        return f'#pc {proc}' if m is None else f'#pc {proc}[{m}]'

    def check_range(self, i, val):
        b = self.bounds[i]
        if b is not None and not b[0] <= val <= b[1]:
            raise RtError(f'value {val} out of range of {self.keys[i]}')

    def fmt(self, i, val):
        k = self.kinds[i]
        if k == 'bool':
            return fmt_value(bool(val))
        if k == 'int':
            return str(val)
        ms = self.enum_members[k[1]]
        if k[0] == 'enum':
            return ms[val]
        return '{' + ','.join(m for j, m in enumerate(ms)
                              if val >> j & 1) + '}'

    # ------------------------------------------------------- symmetry
    def symmetry(self):
        fams = [p for p in self.sp.procs if p.symmetric]
        if not fams:
            return None
        p = fams[0]
        mem = [m for q, m in self.insts if q is p]
        mvars = [v for v in self.sp.vars if v.member]
        perms = []
        for perm in itertools.permutations(mem):
            ren = dict(zip(mem, perm))
            src = list(range(len(self.keys)))
            for m in mem:
                pairs = [(self.pckey(p.name, m), self.pckey(p.name, ren[m]))]
                pairs += [(f'{p.name}[{m}].{v.name}',
                           f'{p.name}[{ren[m]}].{v.name}') for v in p.locals]
                pairs += [(f'{v.name}[{m}]', f'{v.name}[{ren[m]}]')
                          for v in mvars]
                for a, b in pairs:
                    src[self.pos[b]] = self.pos[a]
            perms.append(src)
        return perms

    def canon(self, s):
        return min(tuple(s[j] for j in src) for src in self.sym)

    # ---------------------------------------------------- expressions
    def dom(self, d, ctx, env):
        if d[0] == 'range':
            return list(range(self.ev(d[1], ctx, env),
                              self.ev(d[2], ctx, env) + 1))
        if d[0] == 'dset':
            v = self.ev(d[1], ctx, env)
            return [j for j in range(64) if v >> j & 1]
        return list(range(len(self.enum_members[d[1]])))

    def ev(self, e, ctx, env):
        k = e[0]
        if k in ('int', 'bool'):
            return e[1]
        if k == 'enum':
            return self.members[e[1]][1]
        if k == 'set':
            v = 0
            for m in e[1]:
                v |= 1 << self.members[m][1]
            return v
        if k == 'const':
            return self.consts[e[1]]
        if k == 'bound':
            return env[e[1]]
        if k == 'self':
            return env['self']
        if k == 'var':
            key = e[1] + ''.join(f'[{self.ev(i, ctx, env)}]' for i in e[2])
            j = self.pos.get(key)
            if j is None:
                raise RtError(f'index out of range: {key}')
            return ctx.s[j]
        if k == 'local':
            return ctx.s[self.pos[self.local_key(env, e[1])]]
        if k == 'arith':
            a = self.ev(e[2], ctx, env)
            b = self.ev(e[3], ctx, env)
            op = e[1]
            if op == '+':
                r = a + b
            elif op == '-':
                r = a - b
            elif op == '*':
                r = a * b
            elif op == '%':
                if b == 0:
                    raise RtError('division by zero')
                r = abs(a) % abs(b) * (1 if a >= 0 else -1)
            else:
                if b == 0:
                    raise RtError('division by zero')
                r = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
            if not -2**63 <= r < 2**63:
                raise RtError('overflow')
            return r
        if k == 'setop':
            a = self.ev(e[2], ctx, env)
            b = self.ev(e[3], ctx, env)
            return {'+': a | b, '*': a & b, '-': a & ~b}[e[1]]
        if k == 'cmp':
            a = self.ev(e[2], ctx, env)
            b = self.ev(e[3], ctx, env)
            op = e[1]
            if op == '=':
                return a == b
            if op == '!=':
                return a != b
            if e[4] == 'set':
                if op == '<=':
                    return a & ~b == 0
                if op == '<':
                    return a & ~b == 0 and a != b
                raise ValueError(op)
            return {'<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b}[op]
        if k == 'and':
            return self.ev(e[1], ctx, env) and self.ev(e[2], ctx, env)
        if k == 'or':
            return self.ev(e[1], ctx, env) or self.ev(e[2], ctx, env)
        if k == 'imp':
            return (not self.ev(e[1], ctx, env)) or self.ev(e[2], ctx, env)
        if k == 'iff':
            return bool(self.ev(e[1], ctx, env)) == bool(self.ev(e[2], ctx,
                                                                 env))
        if k == 'not':
            return not self.ev(e[1], ctx, env)
        if k in ('in', 'notin'):
            a = self.ev(e[1], ctx, env)
            d = e[2]
            if d[0] == 'range':
                r = self.ev(d[1], ctx, env) <= a <= self.ev(d[2], ctx, env)
            else:
                r = bool(self.ev(d[1], ctx, env) >> a & 1)
            return r if k == 'in' else not r
        if k == 'card':
            return bin(self.ev(e[1], ctx, env)).count('1')
        if k == 'ite':
            return self.ev(e[2] if self.ev(e[1], ctx, env) else e[3], ctx,
                           env)
        if k == 'quant':
            vals = self.dom(e[3], ctx, env)
            env2 = dict(env)
            for v in vals:
                env2[e[2]] = v
                r = self.ev(e[4], ctx, env2)
                if e[1] == 'forall' and not r:
                    return False
                if e[1] == 'exists' and r:
                    return True
            return e[1] == 'forall'
        if k == 'at':
            m = None if e[3] is None else self.ev(e[3], ctx, env)
            j = self.pos.get(self.pckey(e[1], m))
            if j is None:
                raise RtError('at_label index out of range')
            return ctx.s[j] == self.labels[e[1]].index(e[2])
        raise ValueError(e)

    @staticmethod
    def local_key(env, name):
        p, m = env['#inst']
        return f'{p}.{name}' if m is None else f'{p}[{m}].{name}'

    # ----------------------------------------------------- statements
    def run(self, ss, i, path, env, cfg):
        self.work += 1
        if self.work > WORK_LIMIT:
            raise TooBig('too many paths through the steps')
        while i < len(ss) and not path.flow:
            s = ss[i]
            k = s[0]
            if k in ('either', 'with', 'for', 'if', 'block', 'call', 'hook'):
                for p2 in self.run_one(s, path, env, cfg):
                    if p2.flow:
                        yield p2
                    else:
                        yield from self.run(ss, i + 1, p2, env, cfg)
                return
            if k == 'assign':
                name, idx, is_local = s[1]
                if is_local:
                    key = self.local_key(env, name)
                else:
                    key = name + ''.join(f'[{self.ev(x, path, env)}]'
                                         for x in idx)
                j = self.pos.get(key)
                if j is None:
                    raise RtError(f'index out of range: {key}')
                v = self.ev(s[2], path, env)
                self.check_range(j, v)
                path.s[j] = v
            elif k == 'await':
                if not self.ev(s[1], path, env):
                    return
            elif k == 'goto':
                path.flow = ('goto', s[1])
            elif k == 'end':
                path.flow = ('end',)
            elif k == 'violate':
                path.viol.add(s[1])
            i += 1
        yield path

    def run_one(self, s, path, env, cfg):
        k = s[0]
        if k == 'block':
            yield from self.run(s[1], 0, path, env, cfg)
        elif k == 'if':
            if self.ev(s[1], path, env):
                yield from self.run(s[2], 0, path, env, cfg)
            elif s[3] is not None:
                yield from self.run(s[3], 0, path, env, cfg)
            else:
                yield path
        elif k == 'either':
            for b in s[1]:
                yield from self.run(b, 0, path.copy(), env, cfg)
        elif k == 'with':
            for v in self.dom(s[2], path, env):
                env2 = dict(env)
                env2[s[1]] = v
                yield from self.run(s[3], 0, path.copy(), env2, cfg)
        elif k == 'for':
            vals = self.dom(s[2], path, env)
            yield from self.loop(s, vals, 0, path, env, cfg)
        elif k == 'call':
            params, body = self.procedures[s[1]]
            env2 = dict(env)
            for pn, a in zip(params, s[2]):
                env2[pn] = self.ev(a, path, env)
            yield from self.run(body, 0, path, env2, cfg)
        elif k == 'hook':
            self.events(('hook', s[1]), path, env)
            yield from self.placements_at(s[1], 0, path, env, cfg)

    def loop(self, s, vals, j, path, env, cfg):
        if j == len(vals):
            yield path
            return
        env2 = dict(env)
        env2[s[1]] = vals[j]
        for p2 in self.run(s[3], 0, path, env2, cfg):
            yield from self.loop(s, vals, j + 1, p2, env, cfg)

    def placements_at(self, hook, j, path, env, cfg):
        while j < len(self.placements) and cfg[j] != hook:
            j += 1
        if j == len(self.placements):
            yield path
            return
        name, _, body = self.placements[j]
        penv = {'#inst': env['#inst'], 'self': env['self']}
        self.events(('placement', name), path, penv)
        for p2 in self.run(body, 0, path, penv, cfg):
            yield from self.placements_at(hook, j + 1, p2, env, cfg)

    def events(self, ev, path, env):
        for cid, _, kind, pl in self.cons:
            if kind == 'at' and pl[0] == ev:
                if not self.ev(pl[1], path, env):
                    path.viol.add(cid)
            elif kind == 'before' and pl[1] == ev:
                if not path.s[self.pos['#hist ' + cid]]:
                    path.viol.add(cid)
        for cid, _, kind, pl in self.cons:
            if kind == 'before' and pl[0] == ev:
                path.s[self.pos['#hist ' + cid]] = True

    def step(self, s, ii, cfg):
        """Successors of state s by instance ii: [(state, violations)]."""
        p, m = self.insts[ii]
        pcj = self.pos[self.pckey(p.name, m)]
        pc = s[pcj]
        if pc < 0:
            return []
        label, body = p.steps[pc]
        env = {'#inst': (p.name, m), 'self': 0 if m is None else m}
        if m is not None:
            env[p.family[0]] = m
        path = Path(list(s), set())
        self.events(('step', p.name, label), path, env)
        out = []
        for r in self.run(body, 0, path, env, cfg):
            if r.flow and r.flow[0] == 'goto':
                r.s[pcj] = self.labels[p.name].index(r.flow[1])
            elif r.flow or pc + 1 == len(p.steps):
                r.s[pcj] = -1
            else:
                r.s[pcj] = pc + 1
            out.append((tuple(r.s), r.viol))
        return out

    def successors(self, s, cfg):
        out = []
        for ii in range(len(self.insts)):
            out += [(ii, t, v) for t, v in self.step(s, ii, cfg)]
        return out

    # ------------------------------------------------------ exploring
    def configs(self):
        """[(name, bindings dict, cfg tuple)] in bootcheck's sweep order."""
        if not self.placements:
            return [('(no placement)', {}, ())]
        out = []
        for combo in itertools.product(*[h for _, h, _ in self.placements]):
            binds = {p[0]: h for p, h in zip(self.placements, combo)}
            out.append((None, binds, combo))
        return out

    def state_ok(self, e, s):
        return self.ev(e, Path(s, None), {})

    def explore(self, cfg, limit):
        """Breadth-first search of one configuration."""
        self.work = 0
        depth = {self.init: 0}
        frontier = [self.init]
        res = {}
        for cid, _, kind, _ in self.cons:
            if kind in ('always', 'at', 'before', 'violations', 'deadlock'):
                res[cid] = ['holds', None]
            elif kind == 'reachable':
                res[cid] = ['violated', None]
            else:
                res[cid] = ['unknown', None]
        implicit = not any(k == 'deadlock' for _, _, k, _ in self.cons)
        if implicit:
            res['deadlock'] = ['holds', None]
        dl = [c for c, _, k, _ in self.cons if k == 'deadlock']
        if implicit:
            dl.append('deadlock')

        def mark(cid, length, status):
            r = res[cid]
            if r[0] != status:
                r[0] = status
                r[1] = length
            elif r[1] is None or length < r[1]:
                r[1] = length

        def on_state(s, d):
            for cid, _, kind, pl in self.cons:
                if kind == 'always' and not self.state_ok(pl, s):
                    mark(cid, d, 'violated')
                elif kind == 'reachable' and self.state_ok(pl, s):
                    mark(cid, d, 'holds')
        live = [(cid, pl) for cid, _, kind, pl in self.cons
                if kind == 'eventually']
        graph = {} if self.sp.windows or live else None
        moves = {} if live else None    # s -> [(instance, target)]
        on_state(self.init, 0)
        d = 0
        edges = 0
        while frontier:
            nxt = []
            for s in frontier:
                try:
                    succ = self.successors(s, cfg)
                except RtError as e:
                    # the search stops at the first runtime error; its
                    # trace leads to a state at this depth
                    return {'distinct': len(depth), 'orbits': None,
                            'diameter': d, 'results': res, 'windows': {},
                            'error': (d, str(e))}
                edges += len(succ)
                if not succ and any(s[self.pos[self.pckey(p.name, m)]] >= 0
                                    for p, m in self.insts):
                    for cid in dl:
                        mark(cid, d, 'violated')
                if graph is not None:
                    graph[s] = {t for _, t, _ in succ}
                if moves is not None:
                    moves[s] = [(ii, t) for ii, t, _ in succ]
                for _, t, viol in succ:
                    for cid in viol:
                        mark(cid, d + 1, 'violated')
                    if t not in depth:
                        depth[t] = d + 1
                        if len(depth) > limit:
                            raise TooBig(len(depth))
                        on_state(t, d + 1)
                        nxt.append(t)
            frontier = nxt
            d += 1
        for cid, pl in live:
            res[cid] = self.eventually(moves, pl)
        orbits = (len({self.canon(s) for s in depth}) if self.sym
                  else len(depth))
        wins = {}
        for wid, _, e in self.sp.windows:
            wins[wid] = self.exposure(graph, e)
        return {'distinct': len(depth), 'orbits': orbits,
                'diameter': max(depth.values()), 'results': res,
                'windows': wins, 'error': None}

    # ------------------------------------------------------ fairness
    def units_of(self, s, ii):
        """The fairness units (docs/liveness.md) a move of instance ii
        from s takes: ('p', ii) for a `fair`/`fair+` process, ('s', ii,
        label) for a `fair L:`/`fair+ L:` step at its label."""
        p, m = self.insts[ii]
        out = []
        if p.fair:
            out.append(('p', ii))
        pc = s[self.pos[self.pckey(p.name, m)]]
        if pc >= 0 and p.steps[pc][0] in p.step_fair:
            out.append(('s', ii, p.steps[pc][0]))
        return out

    def strong(self, u):
        p, _ = self.insts[u[1]]
        return (p.fair if u[0] == 'p' else p.step_fair[u[2]]) == 2

    def all_units(self):
        out = []
        for ii, (p, m) in enumerate(self.insts):
            if p.fair:
                out.append(('p', ii))
            out += [('s', ii, lab) for lab in p.step_fair]
        return out

    def fair_cycle(self, moves, comp):
        """Has the strongly connected set 'comp' (with at least one edge
        inside) a fair cycle? The run round all of it is the fairest: a
        weak unit must be taken inside or disabled somewhere, a strong one
        taken inside or disabled everywhere, else the states where it is
        enabled go and what is left is decomposed again (Emerson-Lei)."""
        taken, enabled = set(), {}
        for s in comp:
            en = set()
            for ii, t in moves[s]:
                us = self.units_of(s, ii)
                en.update(us)
                if t in comp:
                    taken.update(us)
            enabled[s] = en
        drop = set()
        for u in self.all_units():
            if u in taken:
                continue
            where = {s for s in comp if u in enabled[s]}
            if not self.strong(u):
                if len(where) == len(comp):
                    return False
            elif where:
                drop |= where
        if not drop:
            return True
        rest = comp - drop
        return any(self.fair_cycle(moves, c)
                   for c in self.sccs(moves, rest) if self.has_edge(moves, c))

    @staticmethod
    def has_edge(moves, comp):
        return any(t in comp for s in comp for _, t in moves[s])

    @staticmethod
    def sccs(moves, nodes):
        """Strongly connected components of the subgraph on 'nodes'
        (iterative Tarjan)."""
        index, low, onst, st, out = {}, {}, set(), [], []
        counter = [0]
        for root in nodes:
            if root in index:
                continue
            work = [(root, iter([t for _, t in moves[root] if t in nodes]))]
            index[root] = low[root] = counter[0]
            counter[0] += 1
            st.append(root)
            onst.add(root)
            while work:
                v, it = work[-1]
                pushed = False
                for w in it:
                    if w not in index:
                        index[w] = low[w] = counter[0]
                        counter[0] += 1
                        st.append(w)
                        onst.add(w)
                        work.append((w, iter([t for _, t in moves[w]
                                              if t in nodes])))
                        pushed = True
                        break
                    if w in onst:
                        low[v] = min(low[v], index[w])
                if pushed:
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    c = set()
                    while True:
                        w = st.pop()
                        onst.discard(w)
                        c.add(w)
                        if w == v:
                            break
                    out.append(c)
        return out

    def eventually(self, moves, e):
        """[verdict, None] of `eventually e` (docs/liveness.md): violated
        when a fair run from the initial state avoids e forever: the states
        where e is false, reached from the initial state through such
        states, hold one with no move (a run that ends) or a strongly
        connected set with a fair cycle (fair_cycle; without fairness
        declared, any cycle)."""
        if self.state_ok(e, self.init):
            return ['holds', None]
        bad = {self.init}
        todo = [self.init]
        while todo:
            s = todo.pop()
            if not moves[s]:
                return ['violated', None]
            for _, t in moves[s]:
                if t not in bad and not self.state_ok(e, t):
                    bad.add(t)
                    todo.append(t)
        for c in self.sccs(moves, bad):
            if self.has_edge(moves, c) and self.fair_cycle(moves, c):
                return ['violated', None]
        return ['holds', None]

    def raises(self, cfg, trace):
        """None when 'trace' replays and some move from its last state
        is a runtime error, else why not."""
        cur = self.replay_states(cfg, trace)
        if isinstance(cur, str):
            return cur
        for s in cur:
            try:
                self.successors(s, cfg)
            except RtError:
                return None
        return 'no move from the last state is a runtime error'

    def exposure(self, graph, e):
        """(status, steps) of a window (docs/language.md §4.1):
        ('bounded', n) or ('unbounded', None)."""
        inside = {s for s in graph if self.state_ok(e, s)}
        length = {}
        # iterative depth-first search over the states inside the window
        for root in inside:
            if root in length:
                continue
            stack = [(root, iter(graph[root]))]
            onstack = {root}
            while stack:
                s, it = stack[-1]
                pushed = False
                for t in it:
                    if t in inside and t not in length:
                        if t in onstack:
                            return ('unbounded', None)
                        stack.append((t, iter(graph[t])))
                        onstack.add(t)
                        pushed = True
                        break
                if pushed:
                    continue
                stack.pop()
                onstack.discard(s)
                length[s] = max((1 + (length[t] if t in inside else 0)
                                 for t in graph[s]), default=0)
        return ('bounded', max(length.values(), default=0))

    def expected_ok(self, binds, results):
        """Does this configuration's result match the expect lines?"""
        line = None
        for b, when, ids in self.sp.expects:
            if all(binds.get(p) == h for p, h in b) and (
                    when is None or self.ev(when, None, {})):
                line = (ids or [])
        viol = {c for c, r in results.items() if r[0] == 'violated'}
        if line is None:
            return not viol
        return viol == set(line)

    # -------------------------------------------------------- replay
    def replay(self, cfg, trace, cid=None, ends=None):
        """None when 'trace' (a JSON trace) is a real execution from the
        initial state (and, with cid, ends in a violation of cid as
        'ends' says), else why not."""
        cur = self.replay_states(cfg, trace)
        if isinstance(cur, str):
            return cur
        return self.replay_end(cfg, cur, cid, ends)

    def replay_lasso(self, cfg, trace, cid):
        """None when a liveness counterexample is one: its steps replay,
        `eventually P`'s predicate is false in every state, and the run
        either comes back to the state where its cycle starts or ends
        with no move."""
        pl = next(p for c, _, k, p in self.cons if c == cid)
        steps = trace['steps']
        n = len(steps)
        k = trace.get('cycle_start', n + 1) - 1
        sets = [{self.init: set()}]
        for i in range(n):
            cur = self.replay_states(cfg, {'steps': steps[:i + 1]})
            if isinstance(cur, str):
                return cur
            sets.append(cur)
        for i, cur in enumerate(sets):
            if all(self.state_ok(pl, s) for s in cur):
                return f'{cid} holds in state {i} of the lasso'
        if trace['ends'] == 'stops':
            if all(self.successors(s, cfg) for s in sets[-1]):
                return 'the run does not end where it says'
            return None
        if not set(sets[k]) & set(sets[-1]):
            return f'the cycle does not close (step {k + 1} to {n})'
        # the cycle treats every fairness unit fairly (when the replay
        # pins each state down)
        if all(len(x) == 1 for x in sets[k:]) and self.all_units():
            inst_of = {(p.name, m): ii for ii, (p, m) in enumerate(self.insts)}
            states = [next(iter(x)) for x in sets]
            taken, en_some, dis_some = set(), set(), set()
            for i in range(k, n):
                s = states[i]
                st = steps[i]
                taken.update(self.units_of(
                    s, inst_of[(st['process'], st['instance'])]))
                en = set()
                for ii, _, _ in self.successors(s, cfg):
                    en.update(self.units_of(s, ii))
                en_some |= en
                dis_some |= set(self.all_units()) - en
            for u in self.all_units():
                if u in taken:
                    continue
                if self.strong(u) and u in en_some:
                    return f'the cycle is not fair to {u} (strong)'
                if not self.strong(u) and u not in dis_some:
                    return f'the cycle is not fair to {u} (weak)'
        return None

    def replay_states(self, cfg, trace):
        """The candidate states (with the violations of the last move)
        after 'trace', or why it is not an execution."""
        self.work = -10**12     # no limit on replays
        cur = {self.init: set()}
        inst_of = {}
        for ii, (p, m) in enumerate(self.insts):
            inst_of[(p.name, m)] = ii
        steps = trace['steps']
        for n, st in enumerate(steps):
            ii = inst_of.get((st['process'], st['instance']))
            if ii is None:
                return f'step {n + 1}: no instance {st["process"]}' \
                       f'[{st["instance"]}]'
            p, m = self.insts[ii]
            want = {c['var']: (c['before'], c['after'])
                    for c in st['changes']}
            nxt = {}
            for s in cur:
                pc = s[self.pos[self.pckey(p.name, m)]]
                if pc < 0 or p.steps[pc][0] != st['label']:
                    continue
                for t, viol in self.step(s, ii, cfg):
                    ch = {self.keys[j]: (self.fmt(j, s[j]), self.fmt(j, t[j]))
                          for j in range(self.nuser) if s[j] != t[j]}
                    if ch == want:
                        nxt.setdefault(t, set()).update(viol)
            if not nxt:
                return (f'step {n + 1} ({st["process"]}'
                        f'{"" if m is None else f"[{m}]"}.{st["label"]}) '
                        f'is not a move of the spec from the state before')
            cur = nxt
        return cur

    def replay_end(self, cfg, cur, cid, ends):
        if cid is None or ends is None:
            return None
        kinds = {c: k for c, _, k, _ in self.cons}
        kind = kinds.get(cid, 'deadlock')
        if ends in ('cycle', 'stops'):
            return None     # checked by replay_lasso
        if ends == 'on_step':
            if not any(cid in v for v in cur.values()):
                return f'the last step does not violate {cid}'
            return None
        for s in cur:
            pl = next((p for c, _, k, p in self.cons if c == cid), None)
            if kind == 'always' and not self.state_ok(pl, s):
                return None
            if kind == 'reachable' and self.state_ok(pl, s):
                return None
            if kind == 'deadlock' and not self.successors(s, cfg) and any(
                    s[self.pos[self.pckey(p.name, m)]] >= 0
                    for p, m in self.insts):
                return None
        return f'the last state does not show {cid} ({kind})'
