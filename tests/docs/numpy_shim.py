"""A small stand-in for NumPy, used only when the real one is not installed.

It implements the few functions the tutorial's NumPy snippets use, on Python
floats and on 1-D arrays (class Array), with NumPy's elementwise semantics and
broadcasting of scalars. Anything else raises AttributeError, so a snippet that
uses more of NumPy fails loudly instead of being checked wrongly.
"""
import math as _m

pi = _m.pi
e = _m.e
inf = float("inf")
float64 = float


class Array:
    def __init__(self, values):
        self.v = [x for x in values]

    def __len__(self):
        return len(self.v)

    def __iter__(self):
        return iter(self.v)

    def __getitem__(self, i):
        if isinstance(i, Array):  # boolean mask or integer index array
            if all(isinstance(b, bool) for b in i.v):
                return Array([x for x, b in zip(self.v, i.v) if b])
            return Array([self.v[int(j)] for j in i.v])
        r = self.v[i]
        return Array(r) if isinstance(r, list) else r

    def __setitem__(self, i, value):
        self.v[i] = value

    def copy(self):
        return Array(self.v)

    def astype(self, kind):
        return Array([kind(x) for x in self.v])

    @property
    def shape(self):
        return (len(self.v),)

    @property
    def size(self):
        return len(self.v)

    def sum(self):
        total = 0.0
        for t in self.v:
            total += t
        return total

    def mean(self):
        return self.sum() / len(self.v)

    def max(self):
        best = self.v[0]
        for t in self.v:
            best = t if t > best else best
        return best

    def __repr__(self):
        return "Array(%r)" % (self.v,)


def _map(f, *args):
    arrays = [a for a in args if isinstance(a, Array)]
    if not arrays:
        return f(*args)
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError("shape mismatch")
    cols = [a.v if isinstance(a, Array) else [a] * n for a in args]
    return Array([f(*row) for row in zip(*cols)])


def _binary(name, f):
    def op(self, other):
        return _map(f, self, other)

    def rop(self, other):
        return _map(f, other, self)

    setattr(Array, "__%s__" % name, op)
    setattr(Array, "__r%s__" % name, rop)


for _name, _f in {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
    "pow": lambda a, b: a ** b,
}.items():
    _binary(_name, _f)
for _name, _f in {
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
}.items():
    setattr(Array, "__%s__" % _name, (lambda g: lambda self, other: _map(g, self, other))(_f))
Array.__neg__ = lambda self: Array([-x for x in self.v])
Array.__invert__ = lambda self: Array([not x for x in self.v])


def _safe_exp(x):
    try:
        return _m.exp(x)
    except OverflowError:
        return inf


def asarray(x, dtype=None):
    if isinstance(x, Array):
        return x
    if isinstance(x, (list, tuple)):
        return Array([float(t) for t in x])
    return float(x)


array = asarray


def vectorize(f):
    return lambda *args: _map(f, *args)


exp = vectorize(_safe_exp)
expm1 = vectorize(_m.expm1)
log = vectorize(lambda x: _m.log(x) if x > 0 else (-inf if x == 0 else float("nan")))
log1p = vectorize(lambda x: _m.log1p(x) if x > -1 else (-inf if x == -1 else float("nan")))
tanh = vectorize(_m.tanh)
sin = vectorize(_m.sin)
cos = vectorize(_m.cos)
cosh = vectorize(_m.cosh)
sqrt = vectorize(_m.sqrt)
abs = vectorize(lambda x: -x if x < 0 else x)
sign = vectorize(lambda x: (x > 0) - (x < 0))
maximum = vectorize(lambda a, b: a if a >= b else b)
minimum = vectorize(lambda a, b: a if a <= b else b)
where = vectorize(lambda c, a, b: a if c else b)
clip = vectorize(lambda x, lo, hi: lo if x < lo else (hi if x > hi else x))
zeros_like = lambda x: Array([0.0] * len(x)) if isinstance(x, Array) else 0.0
ones_like = lambda x: Array([1.0] * len(x)) if isinstance(x, Array) else 1.0


def logaddexp(a, b):
    def one(p, q):
        hi, lo = (p, q) if p > q else (q, p)
        return hi + _m.log1p(_m.exp(lo - hi))

    return _map(one, a, b)


def mean(x):
    return x.mean() if isinstance(x, Array) else x


def sum(x):  # noqa: A001 - NumPy's name
    if isinstance(x, Array):
        total = 0.0
        for t in x.v:
            total += t
        return total
    return x


def max(x):  # noqa: A001
    if isinstance(x, Array):
        best = x.v[0]
        for t in x.v:
            if t > best:
                best = t
        return best
    return x


def arange(n):
    return Array([float(i) for i in range(n)])
