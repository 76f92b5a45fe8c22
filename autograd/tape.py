"""The tape: a recorded graph compiled to straight-line numpy code and replayed over a batch.

``t = autograd.trace(root, inputs)`` records the graph behind ``root`` once
(see :mod:`autograd.core.trace`). ``inputs`` are the leaves fed per sample;
every other leaf is a parameter, read from its ``.data`` at each replay (so an
optimizer's updates are seen), or a constant (``op == "const"``, written into
the code as a number). The record is compiled to Python source, one line per
node in the forward pass and one line per chain-rule step in the backward pass,
each line one numpy operation on a column holding one number per sample:

- ``t.forward(*columns)``: the root's value for each sample (batch on the first
  axis; a trace of several roots gives shape ``(batch, roots)``). Plain numbers
  instead of columns replay the record on floats or complex numbers, as the
  core's trace does.
- ``t.backward(*columns, seed=None)``: the per-sample gradients with respect to
  ``inputs``, and adds to each parameter's ``.grad`` the batch sum of its
  gradients — what the scalar ``backward()`` of ``sum_s seed_s * root_s`` would
  add (``seed``: d(loss)/d(root) per sample, 1 by default). Constants get no grad.
- ``t.vjp(*columns)``: the forward values and a ``pullback(seed)`` that runs the
  backward pass from the same forward pass (what ``nets.fit(engine="tape")`` uses).
- ``t.source()``: the code that runs, for reading: backprop written out.
- ``t.check(*columns, fn=None)``: a few samples against the scalar engine;
  raises :class:`TapeMismatchError` on a mismatch.

A trace replays the recorded ops only: anything decided from a value while the
graph was built is frozen (Python control flow such as ``if v.data > 0:``, a
loss's branch on its target, a max shift). ``check`` with ``fn`` (the function
that builds the graph) finds such a difference on the samples it checks.

Values that are not finite inside the replay raise
:class:`~autograd.core.errors.DomainError` when they reach the root or a
parameter's gradient (an input's per-sample gradient is returned as it is, as
the scalar ``backward`` leaves a NaN ``.grad``); under
:func:`autograd.detect_anomaly` a non-finite gradient of a parameter or of an
input raises :class:`~autograd.core.errors.AnomalyError` before any ``.grad``
changes. Columns and seeds are read strictly: a bool or a string is a
TypeError, not a number.

How an op is replayed (from its :class:`~autograd.core.registry.OpDef`): its
``notation`` (``"{0} * {1}"``), or its float ``forward`` written out when that
is plain arithmetic (``dot``: ``w1 * x1 + w2 * x2 + b``), or else a call of its
``array_forward`` (element by element on its ``forward`` when it has none). Its
local derivatives are its own ``derivs`` (``array_derivs`` where given),
evaluated on symbols to write the code; a derivative that branches on a value
is called element by element instead.
"""

from __future__ import annotations

import functools
import keyword
import math
import numbers
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .core import (
    REGISTRY,
    AnomalyError,
    DomainError,
    OpDef,
    Trace,
    Value,
    apply,
    count,
    describe,
    flag,
    floatmath,
    grad,
    is_anomaly_enabled,
    real,
    value_list,
)

__all__ = ["Tape", "TapeMismatchError", "trace"]


class TapeMismatchError(AssertionError):
    """:meth:`Tape.check` found a sample where the tape and the scalar engine disagree."""


# -- symbols: an op's formulas evaluated on names, to write them as code -------------------------

# precedence, lowest first (Python's)
_CMP, _ADD, _MUL, _UNARY, _POW, _ATOM = range(6)


class _Sym:
    """An expression being written: its text, its precedence, whether it varies per sample,
    and the variable names it reads. Arithmetic on symbols writes code; anything else
    (truth values, ``float()``, ``math`` functions) raises TypeError."""

    __slots__ = ("text", "prec", "varying", "names")

    def __init__(self, text: str, prec: int = _ATOM, varying: bool = False, names: frozenset = frozenset()):
        self.text = text
        self.prec = prec
        self.varying = varying
        self.names = names

    def __bool__(self) -> bool:
        raise TypeError("a symbol has no truth value")

    __hash__ = None  # type: ignore[assignment]

    def _bin(self, other: Any, op: str, prec: int, reflected: bool = False) -> _Sym:
        o = _sym(other)
        if o is None:
            return NotImplemented
        left, right = (o, self) if reflected else (self, o)
        if prec == _POW:  # right-associative; the base of ** binds tighter than a unary minus
            lt = f"({left.text})" if left.prec <= _POW else left.text
            rt = f"({right.text})" if right.prec < _POW else right.text
        elif prec == _CMP:
            lt = f"({left.text})" if left.prec <= _CMP else left.text
            rt = f"({right.text})" if right.prec <= _CMP else right.text
        else:  # left-associative: a - (b + c) keeps its parentheses
            lt = f"({left.text})" if left.prec < prec else left.text
            rt = f"({right.text})" if right.prec <= prec else right.text
        return _Sym(f"{lt} {op} {rt}", prec, left.varying or right.varying, left.names | right.names)

    def __add__(self, o: Any) -> _Sym:
        return self._bin(o, "+", _ADD)

    def __radd__(self, o: Any) -> _Sym:
        if type(o) is int and o == 0:  # sum() starts from 0
            return self
        return self._bin(o, "+", _ADD, True)

    def __sub__(self, o: Any) -> _Sym:
        return self._bin(o, "-", _ADD)

    def __rsub__(self, o: Any) -> _Sym:
        return self._bin(o, "-", _ADD, True)

    def __mul__(self, o: Any) -> _Sym:
        return self._bin(o, "*", _MUL)

    def __rmul__(self, o: Any) -> _Sym:
        return self._bin(o, "*", _MUL, True)

    def __truediv__(self, o: Any) -> _Sym:
        return self._bin(o, "/", _MUL)

    def __rtruediv__(self, o: Any) -> _Sym:
        return self._bin(o, "/", _MUL, True)

    def __pow__(self, o: Any) -> _Sym:
        return self._bin(o, "**", _POW)

    def __rpow__(self, o: Any) -> _Sym:
        return self._bin(o, "**", _POW, True)

    def __neg__(self) -> _Sym:
        t = f"({self.text})" if self.prec < _UNARY else self.text
        return _Sym(f"-{t}", _UNARY, self.varying, self.names)

    def __pos__(self) -> _Sym:
        return self

    def __gt__(self, o: Any) -> _Sym:
        return self._bin(o, ">", _CMP)

    def __ge__(self, o: Any) -> _Sym:
        return self._bin(o, ">=", _CMP)

    def __lt__(self, o: Any) -> _Sym:
        return self._bin(o, "<", _CMP)

    def __le__(self, o: Any) -> _Sym:
        return self._bin(o, "<=", _CMP)

    def __eq__(self, o: Any) -> _Sym:  # type: ignore[override]
        return self._bin(o, "==", _CMP)

    def __ne__(self, o: Any) -> _Sym:  # type: ignore[override]
        return self._bin(o, "!=", _CMP)


def _literal(x: float) -> _Sym:
    text = repr(float(x))
    return _Sym(text, _UNARY if text.startswith("-") else _ATOM)


def _sym(x: Any) -> _Sym | None:
    if isinstance(x, _Sym):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x):
        return _literal(x)
    return None


class _SymMath:
    """``F`` on symbols: ``F.name(args)`` writes a call of the array function ``name``."""

    pi = math.pi
    e = math.e

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names  # F's function name -> its name in the generated code

    def __getattr__(self, name: str) -> Callable[..., _Sym]:
        if name.startswith("__") or name not in self._names:
            raise AttributeError(name)
        fname = self._names[name]

        def call(*args: Any) -> _Sym:
            syms = [_sym(a) for a in args]
            if any(s is None for s in syms):
                raise TypeError(f"F.{name}: an argument is neither a symbol nor a number")
            varying = any(s.varying for s in syms)
            names = frozenset().union(*(s.names for s in syms))
            return _Sym(f"{fname}({', '.join(s.text for s in syms)})", _ATOM, varying, names)

        return call


# -- the array functions the generated code calls ------------------------------------------------


def _array_function(op: OpDef) -> Callable[..., Any]:
    """``op`` on arrays: its ``array_forward`` with numpy, else its float forward element by element."""
    if op.array_forward is not None:
        return functools.partial(op.array_forward, np)
    return np.vectorize(op.forward, otypes=[np.float64])


def _elementwise_derivative(op: OpDef, index: int) -> Callable[..., Any]:
    """Derivative ``index`` of ``op`` element by element on floats: ``d(*xs, out)``."""
    d = op.derivs[index]
    return np.vectorize(lambda *a: float(d(floatmath, *a)), otypes=[np.float64])


def _namespace() -> tuple[dict[str, Any], dict[str, str]]:
    """The globals of the generated code (numpy, where, each op's array function) and F's names in it."""
    space: dict[str, Any] = {"np": np, "where": np.where}
    fnames = {"where": "where"}
    for name, op in REGISTRY.items():
        if name.isidentifier() and not keyword.iskeyword(name):
            space[name] = _array_function(op)
            fnames[name] = name
    return space, fnames


_RESERVED = {"np", "where", "seed", "forward", "backward"} | set(keyword.kwlist)


# -- the compiled program --------------------------------------------------------------------------


class _Program:
    """The source of one trace's forward and backward functions, and the functions compiled from it."""

    def __init__(self, tape: Tape, input_grads: bool) -> None:
        space, fnames = _namespace()
        self.space = space
        sym_f = _SymMath(fnames)
        n_in = len(tape.inputs)
        nodes = tape.nodes
        kind: dict[int, str] = {}  # slot -> "input", "param", "const", "step"
        for i in range(n_in):
            kind[i] = "input"
        for slot, v in tape.leaves:
            kind[slot] = "const" if v.op == "const" else "param"
        steps = {slot: (op, args) for slot, op, args in tape.steps}
        for slot in steps:
            kind[slot] = "step"

        # the steps the roots need (an input cuts the graph: its own parents are not replayed)
        live: set[int] = set()
        todo = [s for s in tape.outputs if kind[s] == "step"]
        while todo:
            s = todo.pop()
            if s in live:
                continue
            live.add(s)
            todo.extend(a for a in steps[s][1] if kind[a] == "step" and a not in live)
        order = [s for s, _, _ in tape.steps if s in live]

        # names: labels made identifiers where possible
        taken = set(_RESERVED) | set(space) | {f"seed_{j}" for j in range(len(tape.outputs))}
        self.name: dict[int, str] = {}
        for slot in range(len(nodes)):
            if kind[slot] == "const":
                continue
            default = {"input": "x", "param": "p", "step": "v"}[kind[slot]] + str(slot)
            label = re.sub(r"\W", "_", nodes[slot].label or "")
            if not label or label[0].isdigit() or label.startswith("g_") or not label.isidentifier():
                label = default
            if label in taken:
                label = f"{label}_{slot}"
            while label in taken:
                label += "_"
            taken.add(label)
            self.name[slot] = label
        self.params = [slot for slot, v in tape.leaves if kind[slot] == "param"]

        # constants: leaves, and steps of constants only, are numbers written into the code
        const: dict[int, float] = {slot: v.data for slot, v in tape.leaves if kind[slot] == "const"}
        varying: dict[int, bool] = {i: True for i in range(n_in)}
        varying.update({p: False for p in self.params})
        sym: dict[int, _Sym] = {}
        for slot in const:
            sym[slot] = _literal(const[slot])
        for slot in range(n_in):
            sym[slot] = _Sym(self.name[slot], _ATOM, True, frozenset([self.name[slot]]))
        for slot in self.params:
            sym[slot] = _Sym(self.name[slot], _ATOM, False, frozenset([self.name[slot]]))

        forward: list[str] = []
        self.scalar_steps = False  # a step computed from parameters only (numbers, not columns)
        edges: dict[int, list[tuple[int, Any]]] = {}  # step -> [(parent slot, local derivative)]

        def fresh(prefix: str) -> str:  # a helper's name, unlike any other
            k = 1
            while f"{prefix}{k}" in taken:
                k += 1
            taken.add(f"{prefix}{k}")
            return f"{prefix}{k}"

        for slot in order:
            op, args = steps[slot]
            if all(a in const for a in args):
                const[slot] = nodes[slot].data
                sym[slot] = _literal(const[slot])
                continue
            xs = [sym[a] for a in args]
            var = any(varying.get(a, False) for a in args)
            varying[slot] = var
            self.scalar_steps |= not var
            expr = self._forward_expression(op, xs, fnames)
            if expr is None:
                fname = fnames.get(op.name)
                if fname is None:  # an op whose name is not an identifier and has no notation
                    fname = fresh("op_")
                    space[fname] = _array_function(op)
                    fnames[op.name] = fname
                expr = f"{fname}({', '.join(x.text for x in xs)})"
            me = self.name[slot]
            forward.append(f"{me} = {expr}")
            out = _Sym(me, _ATOM, var, frozenset([me]))
            sym[slot] = out
            try:
                locals_ = self._derivatives(op, xs, out, sym_f)
            except Exception:  # a derivative that branches on a value: element by element
                locals_ = []
                for k in range(len(args)):
                    hname = fresh("d_")
                    space[hname] = _elementwise_derivative(op, k)
                    names = frozenset().union(*(x.names for x in xs), out.names)
                    text = f"{hname}({', '.join(x.text for x in xs)}, {me})"
                    locals_.append(_Sym(text, _ATOM, var, names))
            edges[slot] = list(zip(args, locals_))

        # which nodes need a gradient: parameters, inputs (if asked), steps leading to them
        needs: dict[int, bool] = {i: input_grads for i in range(n_in)}
        needs.update({p: True for p in self.params})
        for slot in order:
            if slot in edges:
                needs[slot] = any(needs.get(a, False) for a, _ in edges[slot])

        # backward: reverse order, one line per chain-rule step
        backward: list[str] = []
        self.roots = list(tape.outputs)
        state: dict[int, str] = {}  # slot -> "owned" (a fresh array or a number) or "borrowed" (an alias)
        seeds = []
        for j, r in enumerate(self.roots):
            if not needs.get(r, False):
                seeds.append(None)
                continue
            g = f"g_{self.name[r]}"
            seed = f"seed_{j}" if len(self.roots) > 1 else "seed"
            seeds.append(seed)
            if r in state:  # the same root twice
                backward.append(f"{g} = {g} + {seed}")
            elif varying.get(r, False):
                backward.append(f"{g} = {seed}")
                state[r] = "borrowed"
            else:
                backward.append(f"{g} = {seed}.sum()")
                state[r] = "owned"
        self.seeds = seeds
        reads: set[str] = set()
        for slot in reversed(order):
            if slot not in edges or slot not in state or not needs[slot]:
                continue
            gv = f"g_{self.name[slot]}"
            v_var = varying[slot]
            for parent, local in edges[slot]:
                if not needs.get(parent, False):
                    continue
                line = self._contribution(gv, v_var, parent, varying[parent], local, state, reads)
                if line is not None:
                    backward.append(line)

        # the function signatures
        self.inputs = list(range(n_in))
        self.saved = sorted(reads - {f"g_{self.name[s]}" for s in self.name}, key=self._slot_order())
        in_names = [self.name[i] for i in self.inputs]
        p_names = [self.name[p] for p in self.params]
        outs = [sym[r].text for r in self.roots]
        self.root_varying = [varying.get(r, True) if r not in const else False for r in self.roots]
        self.forward_lines = forward
        self.backward_lines = backward
        fwd = [f"def forward({', '.join(in_names + p_names)}):"]
        fwd += [f"    {line}" for line in forward] or ["    pass"]
        fwd.append(f"    return {_tuple(outs)}, {_tuple(self.saved)}")
        seed_args = [s for s in seeds if s is not None]
        bwd = [f"def backward({', '.join(seed_args + self.saved)}):"]
        bwd += [f"    {line}" for line in backward] or ["    pass"]
        g_in = [self._grad_of(i, state, "inputs") for i in self.inputs] if input_grads else []
        g_p = [self._grad_of(p, state, "params") for p in self.params]
        bwd.append(f"    return {_tuple(g_in)}, {_tuple(g_p)}")
        self.source = "\n".join(fwd) + "\n\n\n" + "\n".join(bwd) + "\n"
        code = compile(self.source, "<autograd tape>", "exec")
        exec(code, space)
        self.forward: Callable[..., Any] = space["forward"]
        self.backward: Callable[..., Any] = space["backward"]

    def _slot_order(self) -> Callable[[str], int]:
        rank = {name: slot for slot, name in self.name.items()}
        return lambda name: rank.get(name, -1)

    @staticmethod
    def _forward_expression(op: OpDef, xs: list[_Sym], fnames: dict[str, str]) -> str | None:
        if op.notation is not None:
            texts = [x.text if x.prec == _ATOM else f"({x.text})" for x in xs]
            try:
                return op.notation.format(*texts)
            except (IndexError, KeyError, ValueError):
                return None
        try:  # a forward of plain arithmetic, written out (dot: w1 * x1 + w2 * x2 + b)
            out = op.forward(*xs)
        except Exception:
            return None
        return out.text if isinstance(out, _Sym) else None

    @staticmethod
    def _derivatives(op: OpDef, xs: list[_Sym], out: _Sym, F: _SymMath) -> list[Any]:
        if op.array_derivs is not None:
            found = [d(F, *xs, out) for d in op.array_derivs]
        else:
            found = list(op.local_grads(F, xs, out))
        if len(found) != len(xs):
            raise ValueError(f"op {op.name!r}: {len(found)} local derivatives for {len(xs)} operands")
        checked = []
        for d in found:
            s = _sym(d)
            if s is None:
                raise TypeError(f"op {op.name!r}: a derivative is {d!r}")
            checked.append(d if isinstance(d, (int, float)) else s)
        return checked

    def _contribution(
        self, gv: str, v_var: bool, parent: int, p_var: bool, local: Any, state: dict[int, str],
        reads: set[str],
    ) -> str | None:
        """The line ``g_parent += g_node * local`` for one edge (``.dot`` sums over the batch)."""
        gp = f"g_{self.name[parent]}"
        number = None if isinstance(local, _Sym) else float(local)
        if number == 0.0:
            return None  # a zero local derivative adds nothing
        reads.add(gv)
        if isinstance(local, _Sym):
            reads.update(local.names)
            lt = f"({local.text})" if local.prec <= _MUL else local.text
        else:
            lt = _literal(number).text if number >= 0 else f"({_literal(number).text})"
        negate = number == -1.0
        if v_var and not p_var:  # a parameter: the batch sum of the per-sample products
            if isinstance(local, _Sym) and local.varying:
                c = f"{gv}.dot({local.text})"
            elif number == 1.0:
                c = f"{gv}.sum()"
            elif negate:
                c, negate = f"{gv}.sum()", True
            else:
                c = f"{gv}.sum() * {lt}"
            fresh = True
        elif number == 1.0 or negate:
            c, fresh = gv, False  # g_node itself: an alias, unless negated
        else:
            c, fresh = f"{gv} * {lt}", True
        if parent not in state:
            if negate:
                state[parent] = "owned"
                return f"{gp} = -{c}"
            state[parent] = "owned" if fresh or not v_var else "borrowed"
            return f"{gp} = {c}"
        op = "-" if negate else "+"
        if state[parent] == "borrowed":  # never change an alias in place
            state[parent] = "owned"
            return f"{gp} = {gp} {op} {c}"
        return f"{gp} {op}= {c}"

    def _grad_of(self, slot: int, state: dict[int, str], what: str) -> str:
        if slot not in state:
            return "0.0"
        return f"g_{self.name[slot]}"


def _tuple(names: Sequence[str]) -> str:
    return f"({names[0]},)" if len(names) == 1 else f"({', '.join(names)})"


class Tape(Trace):
    """A recorded graph (:class:`~autograd.core.trace.Trace`) that also replays over a batch with numpy.

    See the module's description. Attributes: those of a Trace, and ``params``, the
    leaves other than inputs and constants (the Values whose ``.grad`` ``backward``
    adds to).
    """

    def __init__(self, root: Value | Sequence[Value], inputs: Sequence[Value]) -> None:
        super().__init__(root, inputs)
        self._programs: dict[bool, _Program] = {}
        self.params: list[Value] = [v for _, v in self.leaves if v.op != "const"]
        self._several = not isinstance(root, Value)

    def __repr__(self) -> str:
        return (
            f"Tape({len(self.inputs)} inputs, {len(self.params)} parameters, {len(self)} ops"
            + (f", {len(self.roots)} roots)" if self._several else ")")
        )

    def _program(self, input_grads: bool) -> _Program:
        prog = self._programs.get(input_grads)
        if prog is None:
            prog = self._programs[input_grads] = _Program(self, input_grads)
        return prog

    def source(self, input_grads: bool = True) -> str:
        """The Python code the tape runs: ``forward`` (one line per node) and ``backward``.

        In ``backward``, ``g_v`` is d(sum of the seeded roots)/d(v) and each line is one
        chain-rule step, ``g_parent += g_node * local derivative``; for a parameter
        (the same number in every sample), ``.dot()`` and ``.sum()`` add up the batch. Inputs
        are columns (one number per sample); parameters are numbers, read from
        ``.data`` at each replay; constants are written in. ``input_grads=False``
        shows the backward pass that leaves out the inputs' gradients.
        """
        return self._program(flag(input_grads, "source: input_grads")).source

    # -- replays ---------------------------------------------------------------------------------
    def _columns(self, columns: Sequence[Any]) -> tuple[list[np.ndarray], int]:
        if len(columns) != len(self.inputs):
            raise TypeError(
                f"this tape takes {len(self.inputs)} column(s) (one per input), got {len(columns)}"
            )
        cols = []
        for i, c in enumerate(columns):
            a = _reals(c, f"tape: column {i}")
            if a.ndim > 1:
                raise ValueError(f"tape: column {i} must be 1-D (one number per sample), got shape {a.shape}")
            cols.append(a)
        sizes = {a.shape[0] for a in cols if a.ndim == 1}
        if len(sizes) > 1:
            raise ValueError(f"tape: the columns have different lengths {sorted(sizes)}")
        b = sizes.pop() if sizes else 1
        cols = [np.ascontiguousarray(np.broadcast_to(a, (b,))) if a.ndim == 0 or not a.flags.c_contiguous
                else a for a in cols]
        return cols, b

    def _param_values(self, prog: _Program) -> list[Any]:
        data = [v.data for v in self.params]
        if prog.scalar_steps:  # numpy scalars: inf and nan (then reported) instead of Python's exceptions
            return list(np.array(data, dtype=np.float64))
        return data

    def _run_forward(self, prog: _Program, columns: Sequence[Any]) -> tuple[np.ndarray, tuple, int]:
        cols, b = self._columns(columns)
        with np.errstate(all="ignore"):
            outs, saved = prog.forward(*cols, *self._param_values(prog))
        if len(outs) == 1 and not self._several:
            out = np.array(np.broadcast_to(outs[0], (b,)), dtype=np.float64)
        else:
            out = np.empty((b, len(outs)), dtype=np.float64)
            for j, o in enumerate(outs):
                out[:, j] = o
        if not np.isfinite(out).all():
            bad = np.argwhere(~np.isfinite(out))[0]
            raise DomainError(
                f"tape: the root is {float(out[tuple(bad)])!r} (not finite) for sample {int(bad[0])}; "
                "a value inside left its op's domain (the scalar engine names the op: replay that sample)"
            )
        return out, saved, b

    def forward(self, *columns: Any) -> Any:
        """The root's value for each sample: shape ``(batch,)``, or ``(batch, roots)`` for several roots.

        ``columns``: one per input, each a 1-D array (or list) with one number per
        sample; a number is used for every sample. If every argument is a plain
        number (float or complex), the record is replayed on numbers instead, as
        :meth:`autograd.core.trace.Trace.forward` does.

        Raises:
            TypeError: not one column per input, or a column that is not real numbers
                (bools, strings, complex numbers: no True read as 1.0, no "1.5" as 1.5).
            ValueError: a column that is not 1-D, columns of different lengths, or an
                int too large to be a float.
            DomainError: the root is not finite for some sample.
        """
        if all(isinstance(c, (int, float, complex)) and not isinstance(c, bool) for c in columns):
            return super().forward(*columns)
        out, _, _ = self._run_forward(self._program(False), columns)
        return out

    def vjp(self, *columns: Any, input_grads: bool = True) -> tuple[np.ndarray, Callable[..., Any]]:
        """``(values, pullback)``: the forward pass, and ``pullback(seed=None, accumulate=True)`` for it.

        ``pullback`` runs the backward pass from this forward pass (read once: the
        parameters' values are those of the forward pass) and returns the
        per-sample gradients with respect to the inputs (a list of columns; None
        when ``input_grads`` is False). With ``accumulate``, it adds each
        parameter's batch-summed gradient to its ``.grad``; else it returns
        ``(input grads, parameter grads as an array in the order of params)``.
        """
        input_grads = flag(input_grads, "vjp: input_grads")
        prog = self._program(input_grads)
        out, saved, b = self._run_forward(prog, columns)

        def pullback(seed: Any = None, accumulate: bool = True) -> Any:
            accumulate = flag(accumulate, "pullback: accumulate")
            seeds = self._seeds(seed, b, prog)
            with np.errstate(all="ignore"):
                g_in, g_p = prog.backward(*seeds, *saved)
            gp = np.array(g_p, dtype=np.float64) if g_p else np.zeros(0)
            ins = None
            if input_grads:
                ins = [np.array(np.broadcast_to(g, (b,)), dtype=np.float64) for g in g_in]
                if is_anomaly_enabled():
                    self._check_input_grads(ins)
            bad = ~np.isfinite(gp)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                what = AnomalyError if is_anomaly_enabled() else DomainError
                raise what(
                    f"tape backward: the gradient of parameter {self.params[i].label or i!r} became "
                    f"{float(gp[i])!r} (not finite); no .grad was changed"
                )
            if not accumulate:
                return ins, gp
            for p, g in zip(self.params, gp.tolist()):
                p.grad += g
            return ins

        return out, pullback

    def _check_input_grads(self, ins: list[np.ndarray]) -> None:
        """AnomalyError for the first per-sample input gradient that is not finite (under detect_anomaly)."""
        for i, g in enumerate(ins):
            bad = np.flatnonzero(~np.isfinite(g))
            if bad.size:
                s = int(bad[0])
                raise AnomalyError(
                    f"tape backward: the gradient of input {self.inputs[i].label or i!r} became "
                    f"{float(g[s])!r} (not finite) for sample {s}; no .grad was changed"
                )

    def _seeds(self, seed: Any, b: int, prog: _Program) -> list[np.ndarray]:
        m = len(self.roots)
        if seed is None:
            ones = np.ones(b)
            return [ones for name in prog.seeds if name is not None]  # never changed in place
        s = _reals(seed, "tape: seed")
        if not np.isfinite(s).all():
            bad = tuple(np.argwhere(~np.isfinite(s))[0])
            at = f" at index {bad[0] if len(bad) == 1 else bad}" if bad else ""
            raise ValueError(f"tape: seed must be finite numbers, got {float(s[bad])!r}{at}")
        shape = (b, m) if self._several else (b,)
        try:
            s = np.broadcast_to(s, shape)
        except ValueError:
            raise ValueError(
                f"tape: seed has shape {s.shape}; expected {shape} (d loss / d root for each sample)"
            ) from None
        if not self._several:
            return [s] if prog.seeds[0] is not None else []
        return [np.ascontiguousarray(s[:, j]) for j, name in enumerate(prog.seeds) if name is not None]

    def backward(self, *columns: Any, seed: Any = None) -> list[np.ndarray]:
        """The per-sample gradients with respect to the inputs (one column per input).

        Adds to each parameter's ``.grad`` the sum over the batch of
        ``seed_s * d root_s / d parameter``, as ``backward()`` of the scalar graph
        of ``sum_s seed_s * root_s`` would. ``seed``: d(loss)/d(root) per sample,
        shape ``(batch,)`` (``(batch, roots)`` for several roots); None means 1.

        Raises:
            TypeError, ValueError: bad columns (as :meth:`forward`), or a ``seed`` that
                is not real numbers (TypeError), not finite or of the wrong shape (ValueError).
            DomainError: the root, or a parameter's gradient, is not finite.
            AnomalyError: inside :func:`autograd.detect_anomaly`, a parameter's or an
                input's gradient is not finite (before any ``.grad`` changes).
        """
        _, pullback = self.vjp(*columns, input_grads=True)
        return pullback(seed)

    # -- checking against the scalar engine ---------------------------------------------------------
    def check(
        self,
        *columns: Any,
        fn: Callable[..., Any] | None = None,
        samples: int = 3,
        rtol: float = 1e-9,
        atol: float = 1e-12,
    ) -> None:
        """Compare a few samples (first, middle, last) with the scalar engine; raise on a mismatch.

        For each sample checked, the root's value, the gradients with respect to the
        inputs and those with respect to the parameters must agree within
        ``atol + rtol * |scalar|``. The scalar engine rebuilds the recorded ops; with
        ``fn`` (``fn(*input Values) -> root``, e.g. the model), it runs ``fn`` itself,
        so that a branch frozen in the trace is found. No ``.grad`` changes.
        No columns: the inputs' own values, one sample.

        Raises:
            TapeMismatchError: the first quantity that differs, with both values.
            TypeError, ValueError: ``samples`` not an int >= 1, ``rtol`` or ``atol`` not a
                finite number >= 0, ``fn`` not callable, or bad columns (as :meth:`forward`).
        """
        samples = count(samples, "check: samples", minimum=1)
        rtol = real(rtol, "check: rtol", minimum=0.0)
        atol = real(atol, "check: atol", minimum=0.0)
        if fn is not None and not callable(fn):
            raise TypeError(f"check: fn must be callable or None, got {type(fn).__name__}: {describe(fn)}")
        if not columns:
            columns = tuple([x.data] for x in self.inputs)
        cols, b = self._columns(columns)
        if b == 0:
            return
        picks = sorted({0, b // 2, b - 1})[:samples]
        for s in picks:
            row = [float(c[s]) for c in cols]
            out, pullback = self.vjp(*[[x] for x in row], input_grads=True)
            g_in, g_p = pullback(None, accumulate=False)
            want_out, want_in, want_p = self._scalar(row, fn)
            _compare("the root's value", s, out.reshape(-1), want_out, rtol, atol)
            _compare("d root / d input", s, np.array([g[0] for g in g_in]), want_in, rtol, atol,
                     [x.label or f"input {i}" for i, x in enumerate(self.inputs)])
            _compare("d root / d parameter", s, g_p, want_p, rtol, atol,
                     [p.label or f"parameter {i}" for i, p in enumerate(self.params)])

    def _scalar(self, row: list[float], fn: Callable[..., Any] | None) -> tuple[np.ndarray, ...]:
        xs = [Value(v, x.label) for v, x in zip(row, self.inputs)]
        if fn is not None:
            built = fn(*xs)
            roots = [built] if isinstance(built, Value) else list(built)
        else:
            made: dict[int, Value] = dict(enumerate(xs))
            made.update({slot: v for slot, v in self.leaves})
            for slot, op, args in self.steps:
                made[slot] = apply(op, [made[a] for a in args])
            roots = [made[r] for r in self.outputs]
        if len(roots) != len(self.roots):
            raise TapeMismatchError(
                f"tape check: fn gives {len(roots)} root(s); the tape has {len(self.roots)}"
            )
        total = roots[0]
        for r in roots[1:]:
            total = total + r
        gs = grad(total, xs + self.params)
        return (np.array([r.data for r in roots]), np.array(gs[: len(xs)], dtype=np.float64),
                np.array(gs[len(xs):], dtype=np.float64))


def _reals(x: Any, name: str) -> np.ndarray:
    """``x`` (a number, a list or an array of numbers) as a float64 array, read strictly.

    A bool, a string, a complex number or anything else that is not a real
    number is a TypeError naming ``name`` (not True taken as 1.0, nor "1.5" as
    1.5); an int too large for a float a ValueError. NaN and infinities pass.
    """
    try:
        a = np.asarray(x)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be numbers: {e}") from None
    kind = a.dtype.kind
    if kind in "iuf":
        return a.astype(np.float64, copy=False)
    if kind == "O":
        out = np.empty(a.shape, dtype=np.float64)
        for index, v in np.ndenumerate(a):
            out[index] = _real(v, name + "".join(f"[{j}]" for j in index))
        return out
    what = {"b": "bool", "U": "str", "S": "bytes", "c": "complex"}.get(kind, str(a.dtype))
    sample = f": {describe(a.flat[0].item())}" if a.size else ""
    raise TypeError(f"{name} must be real numbers, got {what}{sample}")


def _real(v: Any, name: str) -> float:
    """One entry of :func:`_reals`."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(v).__name__}: {describe(v)}")
    try:
        return float(v)
    except OverflowError:
        raise ValueError(f"{name}: {describe(v)} is too large to be a float") from None


def _compare(what: str, sample: int, got: np.ndarray, want: np.ndarray, rtol: float, atol: float,
             names: Sequence[str] | None = None) -> None:
    bad = ~(np.abs(got - want) <= atol + rtol * np.abs(want))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        who = f" ({names[i]})" if names else ("" if len(got) == 1 else f" (root {i})")
        raise TapeMismatchError(
            f"tape check: sample {sample}: {what}{who} is {float(got[i])!r} on the tape but "
            f"{float(want[i])!r} in the scalar engine (a branch taken from a value while the graph was "
            "built is frozen in the trace, or an op's array forward differs from its forward)"
        )


def trace(root: Value | Sequence[Value], inputs: Sequence[Value]) -> Tape:
    """Record the graph behind ``root`` (a Value, or a list of Values) as a :class:`Tape`.

    Args:
        root: the output Value, or several outputs (the tape then replays them all).
        inputs: Values of the graph (leaves, typically) to feed per sample, a list; every
            other leaf is a parameter (read from ``.data`` at each replay) or a constant.

    Raises:
        TypeError: ``root`` is not a Value or a list of Values, or ``inputs`` is not a list of Values.
        ValueError: an input is listed twice.
    """
    if isinstance(root, Value):
        roots = root
    else:
        if isinstance(root, (str, bytes)) or not isinstance(root, Sequence) or not root:
            raise TypeError(
                f"trace expects a Value or a list of Values, got {type(root).__name__}: {describe(root)}"
            )
        roots = value_list(root, "trace: root")
    return Tape(roots, value_list(inputs, "trace: inputs"))
