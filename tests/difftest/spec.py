"""The abstract syntax of a generated spec and its printer.

A spec is a `Spec` object holding declarations as plain Python data, so
that the generator (gen.py) can build it, the reference interpreter
(model.py) can run it, and the minimiser (run.py) can drop parts of it
and print it again.

Expressions are tuples:

    ('int', n)  ('bool', b)  ('enum', 'A')  ('set', ['A', 'B'])
    ('const', name)  ('var', name, [index exprs])  ('local', name)
    ('bound', name)  ('self',)
    ('arith', op, a, b)        op in + * % /  (integers)
    ('setop', op, a, b)        op in + * -    (sets of one enum)
    ('cmp', op, a, b)          op in = != < <= > >=
    ('and'|'or'|'imp'|'iff', a, b)  ('not', a)
    ('in', a, dom)  ('notin', a, dom)   dom: ('range', lo, hi) or ('dset', s)
    ('card', s)  ('ite', c, a, b)
    ('quant', 'forall'|'exists', name, dom, body)
    ('at', proc, label, index or None)

Domains (of with, for and quantifiers): ('range', lo, hi), ('dset', s),
('denum', E).

Statements are tuples:

    ('assign', (name, [index exprs], is_local), e)  ('await', c)  ('skip',)
    ('if', c, [then], [else] or None)  ('either', [[...], [...]])
    ('with', v, dom, [...])  ('for', v, dom, [...])  ('goto', L)  ('end',)
    ('hook', H)  ('violate', C)  ('call', P, [args])  ('block', [...])
"""


class Var:
    def __init__(self, name, ty, dims=(), init=None, member=False):
        self.name = name
        self.ty = ty            # 'bool' | ('range', lo, hi) | ('enum', E) | ('setof', E)
        self.dims = list(dims)  # [(index name, lo expr, hi expr)]
        self.init = init        # expr or None (the default)
        self.member = member    # indexed by a symmetric family's members


class Process:
    def __init__(self, name, family=None, symmetric=False):
        self.name = name
        self.family = family    # (index name, lo expr, hi expr) or None
        self.symmetric = symmetric
        self.locals = []        # [Var]
        self.steps = []         # [(label, [stmts])]
        self.fair = 0           # 1 `fair`, 2 `fair+` (docs/liveness.md)
        self.step_fair = {}     # label -> 1 or 2: `fair L:`, `fair+ L:`


class Spec:
    def __init__(self, name):
        self.name = name
        self.consts = []        # [(name, expr)]
        self.enums = []         # [(name, [members])]
        self.vars = []          # [Var]
        self.procs = []         # [Process]
        self.procedures = []    # [(name, [params], [stmts])]
        self.placements = []    # [(name, [hooks], [stmts])]
        self.constraints = []   # [(id, title, kind, payload)]
        self.windows = []       # [(id, title, expr)]
        self.expects = []       # [([(placement, hook)], when expr or None, [ids] or None)]
        self.overrides = {}     # -D NAME=VALUE used for every run
        self.alt = False        # True: TLA+ operators (/\ \/ ~ # \in ...);
                                # 'c': C-like ones (&& || ! ==, 0x2)
        self.short = False      # `if P then S` and `forall x in D: S`

    # constraint payloads: always/reachable/eventually: expr;
    # at: (event, expr); before: (event, event); deadlock/violations: None.
    # An event is ('placement', P) | ('hook', H) | ('step', proc, label).

    def dargs(self):
        out = []
        for k, v in self.overrides.items():
            out += ['-D', f'{k}={fmt_value(v)}']
        return out


def fmt_value(v):
    if v is True:
        return 'true'
    if v is False:
        return 'false'
    return str(v)


ALT = [False]
ALT_OPS = {'and': '/\\', 'or': '\\/', 'not': '~', '!=': '#', 'in': '\\in',
           'not in': '\\notin', 'forall': '\\A', 'exists': '\\E'}
ALT_SET = {'+': '\\cup', '*': '\\cap', '-': '\\', '<=': '\\subseteq'}


C_OPS = {'and': '&&', 'or': '||', 'not': '!', '=': '=='}
SHORT = [False]


def op(o):
    if ALT[0] == 'c':
        return C_OPS.get(o, o)
    return ALT_OPS.get(o, o) if ALT[0] else o


def pe(e):
    """Print an expression, fully parenthesised."""
    k = e[0]
    if k == 'int':
        return hex(e[1]) if ALT[0] == 'c' and e[1] >= 2 else str(e[1])
    if k == 'bool':
        return 'true' if e[1] else 'false'
    if k == 'enum':
        return e[1]
    if k == 'set':
        return '{' + ', '.join(e[1]) + '}'
    if k in ('const', 'bound', 'local'):
        return e[1]
    if k == 'self':
        return 'self'
    if k == 'var':
        return e[1] + ''.join(f'[{pe(i)}]' for i in e[2])
    if k == 'arith':
        return f'({pe(e[2])} {e[1]} {pe(e[3])})'
    if k == 'setop':
        o = ALT_SET[e[1]] if ALT[0] is True else e[1]
        return f'({pe(e[2])} {o} {pe(e[3])})'
    if k == 'cmp':
        o = op(e[1])
        if ALT[0] is True and e[4] == 'set' and e[1] == '<=':
            o = ALT_SET['<=']
        elif not ALT[0] and e[1] == '=' and len(e[2]) % 2:
            o = '=='
        return f'({pe(e[2])} {o} {pe(e[3])})'
    if k in ('and', 'or'):
        return f'({pe(e[1])} {op(k)} {pe(e[2])})'
    if k == 'imp':
        return f'({pe(e[1])} => {pe(e[2])})'
    if k == 'iff':
        return f'({pe(e[1])} <=> {pe(e[2])})'
    if k == 'not':
        return f'({op("not")} {pe(e[1])})'
    if k in ('in', 'notin'):
        o = op('in' if k == 'in' else 'not in')
        return f'({pe(e[1])} {o} {pd(e[2])})'
    if k == 'card':
        return f'card({pe(e[1])})'
    if k == 'ite':
        return f'(if {pe(e[1])} then {pe(e[2])} else {pe(e[3])})'
    if k == 'quant':
        return f'({op(e[1])} {e[2]} {op("in")} {pd(e[3])}: {pe(e[4])})'
    if k == 'at':
        idx = f'[{pe(e[3])}]' if e[3] is not None else ''
        return f'at_label({e[1]}.{e[2]}{idx})'
    raise ValueError(e)


def pd(d):
    if d[0] == 'range':
        return f'{pe(d[1])}..{pe(d[2])}'
    if d[0] == 'dset':
        return pe(d[1])
    return d[1]


def ptype(t):
    if t == 'bool':
        return 'bool'
    if t[0] == 'range':
        return f'{pe(t[1])}..{pe(t[2])}'
    if t[0] == 'enum':
        return t[1]
    return f'set of {t[1]}'


def pstmts(ss, ind):
    return ''.join(pstmt(s, ind) for s in ss)


def pblock(ss, ind):
    if not ss:
        return '{ }'
    return '{\n' + pstmts(ss, ind + 1) + '  ' * ind + '}'


def pstmt(s, ind):
    sp = '  ' * ind
    k = s[0]
    if k == 'assign':
        name, idx, _ = s[1]
        lv = name + ''.join(f'[{pe(i)}]' for i in idx)
        return f'{sp}{lv} := {pe(s[2])};\n'
    if k == 'await':
        return f'{sp}await {pe(s[1])};\n'
    if k == 'skip':
        return f'{sp}skip;\n'
    if k == 'if' and SHORT[0] and len(s[2]) == 1 and s[3] is None:
        return f'{sp}if {pe(s[1])} then\n' + pstmt(s[2][0], ind + 1)
    if k == 'for' and SHORT[0] and len(s[3]) == 1:
        return f'{sp}forall {s[1]} in {pd(s[2])}:\n' + pstmt(s[3][0],
                                                            ind + 1)
    if k == 'if':
        out = f'{sp}if {pe(s[1])} {pblock(s[2], ind)}'
        if s[3] is not None:
            out += f' else {pblock(s[3], ind)}'
        return out + '\n'
    if k == 'either':
        return sp + 'either ' + ' or '.join(pblock(b, ind)
                                            for b in s[1]) + '\n'
    if k in ('with', 'for'):
        return f'{sp}{k} {s[1]} in {pd(s[2])} {pblock(s[3], ind)}\n'
    if k == 'goto':
        return f'{sp}goto {s[1]};\n'
    if k == 'end':
        return f'{sp}end;\n'
    if k == 'hook':
        return f'{sp}hook {s[1]};\n'
    if k == 'violate':
        return f'{sp}violate {s[1]} "violated by a step";\n'
    if k == 'call':
        return f'{sp}{s[1]}({", ".join(pe(a) for a in s[2])});\n'
    if k == 'block':
        return sp + pblock(s[1], ind) + '\n'
    raise ValueError(s)


def pevent(ev):
    if ev[0] == 'step':
        return f'{ev[1]}.{ev[2]}'
    return ev[1]


def pvar(v, ind=''):
    dims = ''.join(f'[{n} in {pe(lo)}..{pe(hi)}]' for n, lo, hi in v.dims)
    init = f' = {pe(v.init)}' if v.init is not None else ''
    return f'{ind}var {v.name}{dims} : {ptype(v.ty)}{init};\n'


def print_spec(sp):
    ALT[0] = sp.alt
    SHORT[0] = sp.short
    out = [f'spec {sp.name} "a random spec (tests/difftest)";\n']
    if sp.alt is True:
        out.append('/* TLA+ operators */ \\* and comments\n')
    elif sp.alt == 'c':
        out.append('# C-like operators // and comments\n')
    for n, e in sp.consts:
        out.append(f'const {n} = {pe(e)};\n')
    for n, ms in sp.enums:
        out.append(f'enum {n} {{ {", ".join(ms)} }}\n')
    for v in sp.vars:
        out.append(pvar(v))
    for name, params, body in sp.procedures:
        out.append(f'procedure {name}({", ".join(params)}) '
                   f'{pblock(body, 0)}\n')
    for p in sp.procs:
        head = ['', 'fair ', 'fair+ '][p.fair] + f'process {p.name}'
        if p.family:
            n, lo, hi = p.family
            head += f'[{n} in {pe(lo)}..{pe(hi)}]'
        if p.symmetric:
            head += ' symmetric'
        out.append(head + ' {\n')
        for v in p.locals:
            out.append(pvar(v, '  '))
        for label, body in p.steps:
            fair = ['', 'fair ', 'fair+ '][p.step_fair.get(label, 0)]
            out.append(f'  {fair}{label}:\n' + pstmts(body, 2))
        out.append('}\n')
    for name, hooks, body in sp.placements:
        out.append(f'placement {name} at {", ".join(hooks)} '
                   f'{pblock(body, 0)}\n')
    for cid, title, kind, pl in sp.constraints:
        if kind in ('always', 'reachable', 'eventually'):
            body = f'{kind} {pe(pl)}'
        elif kind == 'at':
            body = f'at {pevent(pl[0])}: {pe(pl[1])}'
        elif kind == 'before':
            body = f'{pevent(pl[0])} before {pevent(pl[1])}'
        elif kind == 'deadlock':
            body = 'no deadlock'
        else:
            body = 'violations'
        out.append(f'constraint {cid} "{title}": {body};\n')
    for wid, title, e in sp.windows:
        out.append(f'window {wid} "{title}": {pe(e)};\n')
    for binds, when, ids in sp.expects:
        b = ', '.join(f'{p} at {h}' for p, h in binds)
        w = f' when {pe(when)}' if when is not None else ''
        v = 'holds' if not ids else 'violates ' + ', '.join(ids)
        out.append(f'expect{" " + b if b else ""}{w}: {v};\n')
    return ''.join(out)
