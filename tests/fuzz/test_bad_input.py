"""The bad-input table: every public entry point of autograd and nets, fed what a careful user gets wrong.

Each cell of docs/bad_input.md is one :class:`Cell` here and one test case:
an entry point, a kind of bad input (a column of the table), the exact call,
and what it must do — raise this exception type with a message that names the
argument (as the user spells it), or accept the input (and what then holds).
A call that raises must change nothing: the model's parameters and grads, the
Values' data, grads and labels, the optimizer's step count, the op registry
and the files in the test's directory are compared before and after. Each
call runs under a 20-second watchdog, so a hang fails instead of stalling;
calls that would exhaust memory when they misbehave run in a subprocess
capped at 256 MB.

A cell with ``bug=...`` is a misbehaviour found by the sweep and not fixed
yet: its test asserts the intended behaviour and is marked
``xfail(strict=True)``, so it fails the day the bug is fixed. Then delete the
``bug=`` text and regenerate the table:

    .venv/bin/python -m tests.fuzz.test_bad_input > docs/bad_input.md

(a test checks that docs/bad_input.md is what this module writes).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import autograd as A
import nets
from autograd import Value
from autograd.see.render import GraphvizNotFoundError, RenderError, graphviz_pure
from nets import datasets, reference

TYPE, LENGTH, EMPTY, NAN, DOMAIN, HUGE, BOOL = (
    "wrong type",
    "wrong length",
    "empty",
    "NaN/inf",
    "out of domain",
    "huge int",
    "bool",
)
KINDS = (TYPE, LENGTH, EMPTY, NAN, DOMAIN, HUGE, BOOL)
DOC = Path(__file__).resolve().parents[2] / "docs" / "bad_input.md"


@dataclass(frozen=True)
class Cell:
    """One bad input to one entry point, and what the entry point must do with it."""

    entry: str  #: the row: the entry point as the user calls it
    kind: str  #: the column: one of KINDS
    code: str  #: the call, a Python expression over the names of :func:`namespace`
    raises: type[BaseException] | None  #: the exception type, exactly; None: the input is accepted
    names: tuple[str, ...] = ()  #: texts the message must contain (the argument, the function)
    then: str = ""  #: accepted: an expression over ``out`` (the result) and the namespace, true afterwards
    setup: str = ""  #: statements run first (before the state the call must not change is taken)
    bug: str = ""  #: a known misbehaviour (xfail, strict) — what happens today
    isolated: bool = False  #: run in a subprocess capped at 256 MB (it may exhaust memory today)


def c(entry, kind, code, raises, *names, then="", bug="", isolated=False, setup="") -> Cell:
    return Cell(entry, kind, code, raises, tuple(names), then=then, setup=setup, bug=bug, isolated=isolated)


#: entry points whose row shows more than (preds, targets) or (params, lr, ...)
SIG = {"bce": "preds, targets, eps"}
OPT_SIG = {
    "SGD": "params, lr, momentum, nesterov, ...",
    "Adam": "params, lr, betas, eps, ...",
    "RMSprop": "params, lr, alpha, eps, ...",
}
#: every built-in op of one argument with a function of its own name (abs, cos, exp, ...): one row each
UNARY_OPS = sorted(n for n, op in A.REGISTRY.items() if op.builtin and op.arity == 1 and n.isidentifier())
HUGE_INT = 10**5000  # beyond floats, and beyond Python's 4,300-digit limit for printing an int
DomainError = A.DomainError
AnomalyError = A.AnomalyError


# -- the cells ------------------------------------------------------------------------------------------

CELLS: list[Cell] = [
    # ---- autograd: making Values -----------------------------------------------------------------
    c("Value(data, label)", TYPE, "Value('1.5')", TypeError, "Value", "str"),
    c("Value(data, label)", TYPE, "Value(None)", TypeError, "Value", "NoneType"),
    c("Value(data, label)", TYPE, "Value(1 + 2j)", TypeError, "Value", "complex"),
    c("Value(data, label)", TYPE, "Value(np.array([1.0, 2.0]))", TypeError, "Value", "ndarray"),
    c("Value(data, label)", TYPE, "Value(1.0, 5)", TypeError, "label"),
    c("Value(data, label)", TYPE, "Value(1.0, (x,), '+')", TypeError, "defop"),
    c("Value(data, label)", NAN, "Value(nan)", DomainError, "Value", "nan"),
    c("Value(data, label)", NAN, "Value(-inf)", DomainError, "Value", "inf"),
    c("Value(data, label)", HUGE, "Value(HUGE)", DomainError, "Value", "5001 digits"),
    c("Value(data, label)", BOOL, "Value(True)", TypeError, "Value", "bool"),
    c("Value(data, label)", BOOL, "Value(np.bool_(True))", TypeError, "Value", "bool"),
    c("Value(data, label)", TYPE, "Value(np.float32(0.1))", None, then="type(out.data) is float"),
    c("Value.data = ...", TYPE, "setattr(x, 'data', '1.5')", TypeError, "Value.data"),
    c("Value.data = ...", NAN, "setattr(x, 'data', nan)", DomainError, "Value.data"),
    c("Value.data = ...", HUGE, "setattr(x, 'data', HUGE)", DomainError, "Value.data", "5001 digits"),
    c("Value.data = ...", BOOL, "setattr(x, 'data', True)", TypeError, "Value.data", "bool"),
    c("Value.grad = ...", TYPE, "setattr(x, 'grad', 'abc')", TypeError, "Value.grad", "str"),
    c("Value.grad = ...", TYPE, "setattr(x, 'grad', None)", TypeError, "Value.grad", "0.0"),
    c("Value.grad = ...", TYPE, "setattr(x, 'grad', 0)", None,
      then="x.grad == 0.0 and type(x.grad) is float"),
    c("Value.grad = ...", NAN, "setattr(x, 'grad', nan)", None, then="math.isnan(x.grad)"),
    c("Value.grad = ...", HUGE, "setattr(x, 'grad', HUGE)", ValueError, "Value.grad", "5001 digits"),
    c("Value.grad = ...", BOOL, "setattr(x, 'grad', True)", TypeError, "Value.grad", "bool"),
    c("Value.label = ...", TYPE, "setattr(x, 'label', 5)", TypeError, "label", "int"),
    c("Value.label = ...", TYPE, "setattr(x, 'label', None)", TypeError, "label", "NoneType"),
    c("const(x)", TYPE, "A.const('a')", TypeError, "const", "str"),
    c("const(x)", TYPE, "A.const(x)", TypeError, "const", "Value"),
    c("const(x)", NAN, "A.const(nan)", DomainError, "const", "nan"),
    c("const(x)", HUGE, "A.const(HUGE)", DomainError, "const", "5001 digits"),
    c("const(x)", BOOL, "A.const(True)", TypeError, "const", "bool"),
    # ---- autograd: operators -------------------------------------------------------------------------
    c("x + y, x - y, x * y, x / y", TYPE, "x + 'a'", TypeError, "+", "str"),
    c("x + y, x - y, x * y, x / y", TYPE, "x * None", TypeError, "*", "NoneType"),
    c("x + y, x - y, x * y, x / y", TYPE, "x - [1.0]", TypeError, "-", "list"),
    c("x + y, x - y, x * y, x / y", NAN, "x + nan", DomainError, "+", "nan"),
    c("x + y, x - y, x * y, x / y", NAN, "x * inf", DomainError, "*", "inf"),
    c("x + y, x - y, x * y, x / y", DOMAIN, "x / 0", DomainError, "/", "division by zero"),
    c("x + y, x - y, x * y, x / y", DOMAIN, "Value(1e200) * 1e200", DomainError, "*", "inf"),
    c("x + y, x - y, x * y, x / y", HUGE, "x + HUGE", DomainError, "+", "5001 digits"),
    c("x + y, x - y, x * y, x / y", HUGE, "HUGE * x", DomainError, "*", "5001 digits"),
    c("x + y, x - y, x * y, x / y", BOOL, "x + True", TypeError, "+", "bool"),
    c("x + y, x - y, x * y, x / y", BOOL, "False * x", TypeError, "*", "bool"),
    c("x ** y", TYPE, "x ** 'a'", TypeError, "**", "str"),
    c("x ** y", NAN, "x ** nan", DomainError, "**", "nan"),
    c("x ** y", DOMAIN, "Value(-1.0) ** 0.5", DomainError, "**0.5", "-1.0"),
    c("x ** y", DOMAIN, "Value(0.0) ** -1", DomainError, "**-1", "0.0"),
    c("x ** y", DOMAIN, "Value(-2.0) ** x", DomainError, "**", "base >= 0"),
    c("x ** y", DOMAIN, "Value(0.0) ** Value(0.0)", None, then="out.data == 1.0"),
    c("x ** y", HUGE, "x ** HUGE", DomainError, "**", "5001 digits"),
    c("x ** y", BOOL, "x ** True", TypeError, "**", "bool"),
    c("x < y (comparisons)", TYPE, "x < 'a'", TypeError, "comparison", "str"),
    c("x < y (comparisons)", NAN, "x < nan", DomainError, "comparison", "nan"),
    c("x < y (comparisons)", HUGE, "x > HUGE", DomainError, "comparison", "5001 digits"),
    c("x < y (comparisons)", BOOL, "x > True", TypeError, "comparison", "bool"),
    # ---- autograd: the ops, each one ------------------------------------------------------------------
    *[
        cell
        for name in UNARY_OPS
        for cell in (
            c(f"{name}(x)", TYPE, f"A.{name}('a')", TypeError, name, "str"),
            c(f"{name}(x)", TYPE, f"A.{name}([1.0])", TypeError, name, "list"),
            c(f"{name}(x)", NAN, f"A.{name}(nan)", DomainError, name, "nan"),
            c(f"{name}(x)", NAN, f"A.{name}(-inf)", DomainError, name, "inf"),
            c(f"{name}(x)", HUGE, f"A.{name}(HUGE)", DomainError, name, "5001 digits"),
            c(f"{name}(x)", BOOL, f"A.{name}(True)", TypeError, name, "bool"),
        )
    ],
    c("log(x)", DOMAIN, "A.log(-1.0)", DomainError, "log", "-1.0"),
    c("log(x)", DOMAIN, "A.log(0)", DomainError, "log", "0.0"),
    c("log1p(x)", DOMAIN, "A.log1p(-1.0)", DomainError, "log1p", "-1.0"),
    c("log1p(x)", DOMAIN, "A.log1p(1e308)", None, then="math.isclose(out.data, math.log(1e308))"),
    c("sqrt(x)", DOMAIN, "A.sqrt(-1)", DomainError, "sqrt", "-1.0"),
    c("sqrt(x)", DOMAIN, "A.sqrt(Value(0.0))", DomainError, "sqrt", "derivative"),
    c("exp(x)", DOMAIN, "A.exp(1000)", DomainError, "exp", "overflows"),
    c("tanh(x)", DOMAIN, "A.tanh(1e308)", None, then="out.data == 1.0"),
    c("sigmoid(x)", DOMAIN, "A.sigmoid(-1e308)", None, then="out.data == 0.0"),
    c("softplus(x)", DOMAIN, "A.softplus(1e308)", None, then="out.data == 1e308"),
    c("log_sigmoid(x)", DOMAIN, "A.log_sigmoid(-1e308)", None, then="out.data == -1e308"),
    c("dot(ws, xs, bias)", TYPE, "A.dot(x, y)", TypeError, "dot", "ws"),
    c("dot(ws, xs, bias)", TYPE, "A.dot(['a'], [x])", TypeError, "dot weight", "str"),
    c("dot(ws, xs, bias)", TYPE, "A.dot([x], [y], 'b')", TypeError, "dot bias", "str"),
    c("dot(ws, xs, bias)", LENGTH, "A.dot([x, y], [x])", ValueError, "dot", "2 weights but 1 inputs"),
    c("dot(ws, xs, bias)", EMPTY, "A.dot([], [])", ValueError, "dot", "at least one"),
    c("dot(ws, xs, bias)", NAN, "A.dot([x], [nan])", DomainError, "dot input", "nan"),
    c("dot(ws, xs, bias)", NAN, "A.dot([x], [y], inf)", DomainError, "dot bias", "inf"),
    c("dot(ws, xs, bias)", DOMAIN, "A.dot([1e200], [1e200])", DomainError, "dot", "not finite"),
    c("dot(ws, xs, bias)", HUGE, "A.dot([x], [HUGE])", DomainError, "dot input", "5001 digits"),
    c("dot(ws, xs, bias)", BOOL, "A.dot([x], [True])", TypeError, "dot input", "bool"),
    # ---- autograd: passes ----------------------------------------------------------------------------
    c("backward(root, grad)", TYPE, "A.backward(3.0)", TypeError, "backward", "float"),
    c("backward(root, grad)", TYPE, "A.backward(f, 'a')", TypeError, "backward seed grad", "str"),
    c("backward(root, grad)", NAN, "A.backward(f, nan)", DomainError, "backward seed grad", "nan"),
    c("backward(root, grad)", NAN, "A.backward(f, inf)", DomainError, "backward seed grad", "inf"),
    c("backward(root, grad)", HUGE, "A.backward(f, HUGE)", DomainError, "backward seed grad", "5001 digits"),
    c("backward(root, grad)", BOOL, "A.backward(f, True)", TypeError, "backward seed grad", "bool"),
    c("backward(root, grad)", TYPE, "f.backward(np.float32(2.0))", None, then="x.grad == -1.0"),
    c("backward(root, grad)", DOMAIN, "A.backward(overflowing)", None, then="math.isnan(tiny.grad)"),
    c("backward(root, grad) inside detect_anomaly()", DOMAIN, "anomalous(lambda: A.backward(overflowing))",
      AnomalyError, "backward", "tiny", "-inf", then=""),
    c("backward_steps(root, grad)", TYPE, "A.backward_steps(3.0)", TypeError, "backward_steps", "float"),
    c("backward_steps(root, grad)", TYPE, "A.backward_steps(f, 'a')", TypeError, "backward_steps seed grad"),
    c("backward_steps(root, grad)", NAN, "A.backward_steps(f, nan)", DomainError, "backward_steps seed grad"),
    c("backward_steps(root, grad)", HUGE, "A.backward_steps(f, HUGE)", DomainError, "backward_steps", "5001"),
    c("backward_steps(root, grad)", BOOL, "A.backward_steps(f, True)", TypeError, "backward_steps", "bool"),
    c("backward_steps(root, grad) inside detect_anomaly()", DOMAIN,
      "anomalous(lambda: list(A.backward_steps(overflowing)))", AnomalyError, "backward_steps", "tiny"),
    c("backward_steps(root, grad)", DOMAIN, "next(A.backward_steps(f))", RuntimeError, "backward_steps",
      "close()", setup="first = A.backward_steps(f); next(first)"),
    c("topological_order(root)", TYPE, "A.topological_order(3.0)", TypeError, "topological_order", "float"),
    c("topological_order(root)", TYPE, "A.topological_order([x])", TypeError, "topological_order", "list"),
    c("grad(output, inputs, create_graph)", TYPE, "A.grad(3.0, [x])", TypeError, "grad", "output"),
    c("grad(output, inputs, create_graph)", TYPE, "A.grad(f, x)", TypeError, "grad", "inputs", "[x]"),
    c("grad(output, inputs, create_graph)", TYPE, "A.grad(f, [x, None])", TypeError, "grad", "inputs[1]"),
    c("grad(output, inputs, create_graph)", TYPE, "A.grad(f, [x], 'yes')", TypeError, "grad", "create_graph"),
    c("grad(output, inputs, create_graph)", TYPE, "A.grad(f, {x, y})", TypeError, "grad", "inputs", "set"),
    c("grad(output, inputs, create_graph)", BOOL, "A.grad(f, [x], np.bool_(True))", None,
      then="isinstance(out[0], Value)"),
    c("grad(output, inputs, create_graph)", EMPTY, "A.grad(f, [])", None, then="out == []"),
    c("grad(output, inputs, create_graph)", DOMAIN, "in_no_grad(lambda: A.grad(f, [x], create_graph=True))",
      RuntimeError, "create_graph", "no_grad"),
    c("grad(output, inputs, create_graph)", DOMAIN, "A.grad(overflowing, [tiny])", None,
      then="math.isnan(out[0])"),
    c("grad(output, inputs, create_graph) inside detect_anomaly()", DOMAIN,
      "anomalous(lambda: A.grad(overflowing, [tiny]))", AnomalyError, "grad", "tiny"),
    c("grad(output, inputs, create_graph) inside detect_anomaly()", DOMAIN,
      "anomalous(lambda: A.grad(overflowing, [tiny], create_graph=True))", AnomalyError, "grad", "tiny"),
    c("explain(output, param, max_paths)", TYPE, "A.explain(3.0, x)", TypeError, "explain", "output"),
    c("explain(output, param, max_paths)", TYPE, "A.explain(f, 3.0)", TypeError, "explain", "param"),
    c("explain(output, param, max_paths)", TYPE, "A.explain(f, x, 1.5)", TypeError, "explain", "max_paths"),
    c("explain(output, param, max_paths)", TYPE, "A.explain(f, x, '10')", TypeError, "explain", "max_paths"),
    c("explain(output, param, max_paths)", TYPE, "A.explain(f, x, np.int64(3))", None,
      then="out.npaths == 1"),
    c("explain(output, param, max_paths)", NAN, "A.explain(f, x, nan)", TypeError, "explain", "max_paths"),
    c("explain(output, param, max_paths)", DOMAIN, "A.explain(f, x, -1)", ValueError, "explain", "max_paths"),
    c("explain(output, param, max_paths)", DOMAIN, "A.explain(overflowing, tiny)", DomainError, "explain",
      "path 1", "detect_anomaly"),
    c("explain(output, param, max_paths)", HUGE, "A.explain(f, x, HUGE)", None, then="out.npaths == 1"),
    c("explain(output, param, max_paths)", HUGE, "A.explain(f, Value(2.0), HUGE)", None,
      then="out.npaths == 0"),
    c("explain(output, param, max_paths)", HUGE, "A.explain(f, x, -HUGE)", ValueError, "explain", "max_paths",
      "5001 digits"),
    c("explain(output, param, max_paths)", BOOL, "A.explain(f, x, True)", TypeError, "explain", "max_paths"),
    c("trace(root, inputs)", TYPE, "A.trace(3.0, [x])", TypeError, "trace", "float"),
    c("trace(root, inputs)", TYPE, "A.trace(f, 3.0)", TypeError, "trace", "inputs"),
    c("trace(root, inputs)", TYPE, "A.trace(f, [3.0])", TypeError, "trace", "inputs[0]"),
    c("trace(root, inputs)", EMPTY, "A.trace([], [x])", TypeError, "trace", "[]"),
    c("trace(root, inputs)", DOMAIN, "A.trace(f, [x, x])", ValueError, "trace", "twice"),
    c("Tape.forward(*columns)", LENGTH, "A.trace(f, [x]).forward(np.ones(2), np.ones(2))", TypeError,
      "1 column"),
    c("Tape.forward(*columns)", TYPE, "A.trace(f, [x]).forward(['a'])", TypeError, "column 0"),
    c("Tape.forward(*columns)", NAN, "A.trace(f, [x]).forward(np.array([nan]))", DomainError, "tape", "nan"),
    c("Tape.forward(*columns)", HUGE, "A.trace(f, [x]).forward([HUGE])", ValueError, "column 0"),
    c("Tape.forward(*columns)", BOOL, "A.trace(f, [x]).forward(np.array([True]))", TypeError, "column 0"),
    c("Tape.backward(*columns, seed)", NAN, "A.trace(f, [x]).backward(np.ones(1), seed=np.array([nan]))",
      ValueError, "seed"),
    c("Tape.backward(*columns, seed)", TYPE, "A.trace(f, [x]).backward(np.ones(1), seed='a')", TypeError,
      "seed"),
    c("Tape.backward(*columns, seed)", LENGTH, "A.trace(f, [x]).backward(np.ones(1), seed=np.ones(2))",
      ValueError, "seed", "(2,)"),
    c("Tape.backward(*columns, seed) inside detect_anomaly()", DOMAIN,
      "anomalous(lambda: A.trace(overflowing, [tiny]).backward(np.array([1e-320])))", AnomalyError, "tiny"),
    # ---- autograd: declaring ops -----------------------------------------------------------------------
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop(5, ident, D1, R1)", TypeError, "name",
      "int"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', 5, D1, R1)", TypeError, "bi_op",
      "forward"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', ident, (5,), R1)", TypeError,
      "derivs[0]"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', ident, D1, (5,))", TypeError,
      "rules[0]"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', ident, D1[0], R1)", TypeError,
      "bi_op", "derivs"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', ident, D1, R1, kinks=5)", TypeError,
      "bi_op", "kinks"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', ident, D1, R1, kinks=('a',))",
      TypeError, "bi_op", "kinks"),
    c("defop(name, forward, derivs, rules, ...)", TYPE, "A.defop('bi_op', ident, D1, R1, method='yes')",
      TypeError, "bi_op", "method"),
    c("defop(name, forward, derivs, rules, ...)", LENGTH, "A.defop('bi_op', ident, D1 * 2, R1)", ValueError,
      "bi_op", "2 derivative(s) but 1 rule"),
    c("defop(name, forward, derivs, rules, ...)", EMPTY, "A.defop('', ident, D1, R1)", ValueError, "name"),
    c("defop(name, forward, derivs, rules, ...)", EMPTY, "A.defop('bi_op', lambda: 1.0, (), ())", ValueError,
      "bi_op", "derivs"),
    c("defop(name, forward, derivs, rules, ...)", DOMAIN, "A.defop('tanh', ident, D1, R1)", ValueError,
      "tanh", "built-in"),
    c("defop(name, forward, derivs, rules, ...)", DOMAIN, "A.defop('data', ident, D1, R1, method=True)",
      ValueError, "data"),
    c("defop(name, forward, derivs, rules, ...)", DOMAIN,
      "A.defop('__add__', ident, D1, R1, method=True) and (Value(1.0) + 1.0).data", ValueError, "__add__",
      isolated=True),
    c("defop(name, forward, derivs, rules, ...)", DOMAIN, "A.defop('bi_op', ident, D1, R1, domain=(2, 1))",
      ValueError, "bi_op", "domain"),
    c("defop(name, forward, derivs, rules, ...)", NAN, "A.defop('bi_op', ident, D1, R1, domain=(nan, 1))",
      ValueError, "bi_op", "domain"),
    c("defop(name, forward, derivs, rules, ...)", NAN, "A.defop('bi_op', ident, D1, R1, kinks=(nan,))",
      ValueError, "bi_op", "kinks"),
    c("defop(name, forward, derivs, rules, ...)", HUGE, "A.defop('bi_op', ident, D1, R1, kinks=(HUGE,))",
      ValueError, "bi_op", "kinks"),
    c("defop(name, forward, derivs, rules, ...)", BOOL, "A.defop('bi_op', ident, D1, R1, kinks=(True,))",
      TypeError, "bi_op", "kinks"),
    c("an op made by defop, called", TYPE, "op(x)", TypeError, "bi_op", "result", "str",
      setup="op = A.defop('bi_op', lambda x: 'a', D1, R1)"),
    c("an op made by defop, called", NAN, "op(x)", DomainError, "bi_op", "nan",
      setup="op = A.defop('bi_op', lambda x: nan, D1, R1)"),
    c("an op made by defop, called", NAN, "op(x)", DomainError, "bi_op", "d/dx",
      setup="op = A.defop('bi_op', ident, (lambda F, x, out: nan,), R1)"),
    c("an op made by defop, called", HUGE, "op(x)", DomainError, "bi_op", "overflows",
      setup="op = A.defop('bi_op', lambda x: HUGE, D1, R1)"),
    c("an op made by defop, called", BOOL, "op(x)", TypeError, "bi_op", "bool",
      setup="op = A.defop('bi_op', lambda x: True, D1, R1)"),
    c("an op made by defop, called", DOMAIN, "op(x)", DomainError, "bi_op", "complex",
      setup="op = A.defop('bi_op', lambda x: 1 + 2j, D1, R1)"),
    c("OpDef(name, forward, derivs, rules, ...)", TYPE, "A.OpDef(None, ident, D1, R1)", TypeError, "name"),
    c("OpDef(name, forward, derivs, rules, ...)", HUGE, "A.OpDef('bi_op', ident, D1, R1, kinks=(HUGE,))",
      ValueError, "bi_op", "kinks"),
    # ---- autograd: checking gradients ----------------------------------------------------------------
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(3.0, [x])", TypeError, "check_grads", "fn"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, x)", TypeError, "check_grads", "inputs",
      "[x]"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [3.0])", TypeError, "check_grads",
      "inputs[0]"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(lambda a: 3.0, [x])", TypeError, "check_grads",
      "fn must return one Value"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [x], method=5)", ValueError, "check_grads",
      "method"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [x], fast='yes')", TypeError, "check_grads",
      "fast"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [x], eps='1e-6')", TypeError, "check_grads",
      "eps"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [x], order=1.5)", TypeError, "check_grads",
      "order"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [x], seed='a')", TypeError, "check_grads",
      "seed"),
    c("check_grads(fn, inputs, ...)", TYPE, "A.check_grads(sq, [x], eps=np.float32(1e-3))", None,
      then="out is True"),
    c("check_grads(fn, inputs, ...)", EMPTY, "A.check_grads(sq, [])", ValueError, "check_grads", "inputs"),
    c("check_grads(fn, inputs, ...)", NAN, "A.check_grads(sq, [x], eps=nan)", ValueError, "check_grads",
      "eps"),
    c("check_grads(fn, inputs, ...)", NAN, "A.check_grads(sq, [x], atol=nan)", ValueError, "check_grads",
      "atol"),
    c("check_grads(fn, inputs, ...)", NAN, "A.check_grads(sq, [x], rtol=inf)", ValueError, "check_grads",
      "rtol"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(sq, [x], order=5)", ValueError, "check_grads",
      "order"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(sq, [x], eps=0)", ValueError, "check_grads",
      "eps"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(sq, [x], atol=-1)", ValueError, "check_grads",
      "atol"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(sq, [x], method='forward')", ValueError,
      "check_grads", "method"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(sq, [x], fast=True, directions=0)", ValueError,
      "check_grads", "directions"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(sq, [x], eps=1e300)", DomainError, "check_grads",
      "eps=1e+300"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "A.check_grads(A.log, [Value(1e-7)])", DomainError,
      "check_grads", "moved from 1e-07"),
    c("check_grads(fn, inputs, ...)", DOMAIN, "no_grad_check()", RuntimeError, "no_grad"),
    c("check_grads(fn, inputs, ...)", HUGE, "A.check_grads(sq, [x], order=HUGE)", ValueError, "check_grads",
      "order"),
    c("check_grads(fn, inputs, ...)", HUGE, "A.check_grads(sq, [x], eps=HUGE)", ValueError, "check_grads",
      "eps"),
    c("check_grads(fn, inputs, ...)", HUGE, "A.check_grads(sq, [x], seed=HUGE)", None, then="out is True"),
    c("check_grads(fn, inputs, ...)", BOOL, "A.check_grads(sq, [x], order=True)", TypeError, "check_grads",
      "order"),
    c("check_grads(fn, inputs, ...)", BOOL, "A.check_grads(sq, [x], eps=True)", TypeError, "check_grads",
      "eps"),
    c("check_grads(fn, inputs, ...)", BOOL, "A.check_grads(sq, [x], fast=True, directions=True)", TypeError,
      "check_grads", "directions"),
    c("gradcheck(fn, inputs, eps, atol, rtol)", TYPE, "A.gradcheck(3.0, [x])", TypeError, "gradcheck", "fn"),
    c("gradcheck(fn, inputs, eps, atol, rtol)", EMPTY, "A.gradcheck(sq, [])", ValueError, "gradcheck",
      "inputs"),
    c("gradcheck(fn, inputs, eps, atol, rtol)", NAN, "A.gradcheck(sq, [x], eps=nan)", ValueError, "gradcheck",
      "eps"),
    c("gradcheck(fn, inputs, eps, atol, rtol)", DOMAIN, "A.gradcheck(sq, [x], eps=0)", ValueError,
      "gradcheck", "eps"),
    c("gradcheck(fn, inputs, eps, atol, rtol)", HUGE, "A.gradcheck(sq, [x], atol=HUGE)", ValueError,
      "gradcheck", "atol"),
    c("gradcheck(fn, inputs, eps, atol, rtol)", BOOL, "A.gradcheck(sq, [x], eps=True)", TypeError,
      "gradcheck", "eps"),
    c("gradgradcheck(fn, inputs, eps, atol, rtol)", TYPE, "A.gradgradcheck(sq, 3.0)", TypeError,
      "gradgradcheck", "inputs"),
    c("gradgradcheck(fn, inputs, eps, atol, rtol)", EMPTY, "A.gradgradcheck(sq, [])", ValueError,
      "gradgradcheck", "inputs"),
    c("gradgradcheck(fn, inputs, eps, atol, rtol)", NAN, "A.gradgradcheck(sq, [x], eps=nan)", ValueError,
      "gradgradcheck", "eps"),
    c("gradgradcheck(fn, inputs, eps, atol, rtol)", BOOL, "A.gradgradcheck(sq, [x], atol=True)", TypeError,
      "gradgradcheck", "atol"),
    c("assert_gradcheck(fn, inputs, **tolerances)", TYPE, "A.assert_gradcheck(3, [x])", TypeError, "fn"),
    c("assert_gradcheck(fn, inputs, **tolerances)", TYPE, "A.assert_gradcheck(sq, [x], order=2)", TypeError,
      "order"),
    c("assert_gradcheck(fn, inputs, **tolerances)", EMPTY, "A.assert_gradcheck(sq, [])", ValueError,
      "inputs"),
    c("assert_gradcheck(fn, inputs, **tolerances)", NAN, "A.assert_gradcheck(sq, [x], eps=nan)", ValueError,
      "eps"),
    c("assert_gradcheck(fn, inputs, **tolerances)", DOMAIN, "A.assert_gradcheck(bad_cube, [x])",
      AssertionError, "order 1", "analytic"),
    # ---- autograd: pictures -----------------------------------------------------------------------------
    c("draw(root, ...)", TYPE, "A.draw(3.0)", TypeError, "draw", "float"),
    c("draw(root, ...)", TYPE, "A.draw(f, rankdir=5)", ValueError, "rankdir"),
    c("draw(root, ...)", TYPE, "A.draw(f, show=5)", TypeError, "show"),
    c("draw(root, ...)", TYPE, "A.draw(f, edge_grads='no')", TypeError, "draw", "edge_grads"),
    c("draw(root, ...)", TYPE, "A.draw(f, hide_constants=1)", TypeError, "draw", "hide_constants"),
    c("draw(root, ...)", TYPE, "A.draw(f, highlight=[3.0])", TypeError, "highlight"),
    c("draw(root, ...)", TYPE, "A.draw(f, groups=5)", TypeError, "groups"),
    c("draw(root, ...)", TYPE, "A.draw(f, groups={x: 5})", TypeError, "groups"),
    c("draw(root, ...)", TYPE, "A.draw(f, collapse=5)", TypeError, "collapse"),
    c("draw(root, ...)", TYPE, "A.draw(f, number_format=5)", TypeError, "number_format"),
    c("draw(root, ...)", TYPE, "A.draw(f, order=5)", TypeError, "order"),
    c("draw(root, ...)", TYPE, "A.draw(f, grads=5)", TypeError, "grads"),
    c("draw(root, ...)", TYPE, "A.draw(f, grads={x: 'a'})", TypeError, "grads"),
    c("draw(root, ...)", TYPE, "A.draw(f, pending=5)", TypeError, "pending"),
    c("draw(root, ...)", EMPTY, "A.draw(f, show=())", None, then="'data' not in out.source"),
    c("draw(root, ...)", NAN, "A.draw(f, grads={x: nan}).source", None, then="'grad nan' in out"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, rankdir='XY')", ValueError, "rankdir", "'XY'"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, show=('value',))", ValueError, "show", "'value'"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, number_format='.4q')", ValueError, "number_format"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, highlight=[Value(2.0)])", ValueError, "highlight",
      "not in the graph"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, highlight={'bold': [x]})", ValueError, "highlight", "'bold'"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, highlight=[(f, 5)])", ValueError, "highlight", "edge index 5"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, pending=[3.0])", ValueError, "pending"),
    c("draw(root, ...)", DOMAIN, "A.draw(f, groups={x: ('g',) * 101})", ValueError, "groups", "100"),
    c("draw(root, ...)", HUGE, "A.draw(f, grads={x: HUGE})", ValueError, "grads"),
    c("draw(root, ...)", BOOL, "A.draw(f, grads={x: True})", TypeError, "grads"),
    c("draw_dot(root, format, rankdir)", TYPE, "A.draw_dot(3.0)", TypeError, "draw", "float"),
    c("draw_dot(root, format, rankdir)", DOMAIN, "A.draw_dot(f, format='exe')", ValueError, "draw_dot",
      "format"),
    c("draw_dot(root, format, rankdir)", DOMAIN, "A.draw_dot(f, rankdir='XY')", ValueError, "rankdir"),
    c("render_svg(graph, dot)", TYPE, "A.render_svg(3.0)", TypeError, "graphviz.Digraph", "float"),
    c("render_svg(graph, dot)", TYPE, "A.render_svg(g, dot=5)", TypeError, "dot"),
    c("render_svg(graph, dot)", DOMAIN, "A.render_svg('not dot')", RenderError, "syntax error"),
    c("render_svg(graph, dot)", DOMAIN, "A.render_svg(g, dot='/nonexistent/dot')", GraphvizNotFoundError,
      "/nonexistent/dot"),
    c("render_png(graph, dpi, dot)", TYPE, "A.render_png(g, dpi='96')", TypeError, "dpi"),
    c("render_png(graph, dpi, dot)", NAN, "A.render_png(g, dpi=nan)", ValueError, "dpi"),
    c("render_png(graph, dpi, dot)", DOMAIN, "A.render_png(g, dpi=0)", ValueError, "dpi"),
    c("render_png(graph, dpi, dot)", DOMAIN, "A.render_png(g, dpi=1e9)", ValueError, "dpi"),
    c("render_png(graph, dpi, dot)", HUGE, "A.render_png(g, dpi=HUGE)", ValueError, "dpi"),
    c("render_png(graph, dpi, dot)", BOOL, "A.render_png(g, dpi=True)", TypeError, "dpi"),
    c("save(graph, path, dpi, dot)", TYPE, "A.save(3.0, tmp / 'g.svg')", TypeError, "graphviz.Digraph"),
    c("save(graph, path, dpi, dot)", TYPE, "A.save(g, 5)", TypeError, "path"),
    c("save(graph, path, dpi, dot)", EMPTY, "A.save(g, '')", ValueError, "save", "suffix"),
    c("save(graph, path, dpi, dot)", DOMAIN, "A.save(g, tmp / 'g.exe')", ValueError, "save", "'.exe'"),
    c("save(graph, path, dpi, dot)", DOMAIN, "A.save(g, tmp / 'g.pdf', dot=PURE)", RenderError, "PDF",
      "system Graphviz"),
    c("save(graph, path, dpi, dot)", DOMAIN, "A.save(g, tmp / 'missing' / 'g.svg')", FileNotFoundError,
      "missing"),
    c("save(graph, path, dpi, dot)", NAN, "A.save(g, tmp / 'g.png', dpi=nan)", ValueError, "dpi"),
    c("save(graph, path, dpi, dot)", NAN, "A.save(g, tmp / 'g.svg', dpi=nan)", ValueError, "dpi"),
    # ---- autograd: Stepper ---------------------------------------------------------------------------------
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(3.0)", TypeError, "Stepper", "float"),
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(f, 5)", ValueError, "Stepper direction"),
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(f, grad='a')", TypeError, "Stepper", "grad"),
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(f, max_steps=1.5)", TypeError, "Stepper",
      "max_steps"),
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(f, number_format=5)", TypeError,
      "number_format"),
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(f, hide_constants='no')", TypeError, "Stepper",
      "hide_constants"),
    c("Stepper(root, direction, grad, ...)", TYPE, "A.Stepper(f, groups=5)", TypeError, "groups"),
    c("Stepper(root, direction, grad, ...)", NAN, "A.Stepper(f, grad=nan)", DomainError, "Stepper", "grad"),
    c("Stepper(root, direction, grad, ...)", NAN, "A.Stepper(f, max_steps=nan)", TypeError, "Stepper",
      "max_steps"),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, 'sideways')", ValueError,
      "Stepper direction", "'sideways'"),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, order='random')", ValueError,
      "Stepper order"),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, 'forward', order='naive')", ValueError,
      "Stepper", "naive"),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, max_steps=0)", ValueError, "Stepper",
      "max_steps"),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, max_steps=1)", ValueError, "Stepper",
      "2 steps", "max_steps="),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, rankdir='XY')", ValueError, "rankdir"),
    c("Stepper(root, direction, grad, ...)", DOMAIN, "A.Stepper(f, groups={x: ('g',) * 101})", ValueError,
      "groups", "100"),
    c("Stepper(root, direction, grad, ...)", HUGE, "A.Stepper(f, grad=HUGE)", DomainError, "Stepper", "grad"),
    c("Stepper(root, direction, grad, ...)", HUGE, "A.Stepper(f, max_steps=HUGE)", None,
      then="len(out) == 2"),
    c("Stepper(root, direction, grad, ...)", BOOL, "A.Stepper(f, grad=True)", TypeError, "Stepper", "grad"),
    c("Stepper(root, direction, grad, ...)", BOOL, "A.Stepper(f, max_steps=True)", TypeError, "Stepper",
      "max_steps"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", TYPE, "s.goto(1.5)", TypeError,
      "step position"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", TYPE, "s.goto('1')", TypeError,
      "step position"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", TYPE, "s.goto(np.int64(1)).position", None,
      then="out == 1"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", NAN, "s.goto(nan)", TypeError, "step position"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", DOMAIN, "s.goto(5)", IndexError, "5", "0..1"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", DOMAIN, "s.goto(-1)", IndexError, "-1"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", DOMAIN, "s.html(start=2)", IndexError, "2"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", DOMAIN, "s.text_at(7)", IndexError, "7"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", EMPTY, "A.Stepper(x).goto(0)", IndexError,
      "no steps"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", HUGE, "s.goto(HUGE)", IndexError,
      "5001 digits"),
    c("Stepper.goto(i), .draw(i), .text_at(i), .html(start)", BOOL, "s.goto(True)", TypeError,
      "step position", "bool"),
    c("Stepper.save_html(path, start)", TYPE, "s.save_html(5)", TypeError, "path"),
    c("Stepper.save_html(path, start)", DOMAIN, "s.save_html(tmp / 'p.html', start=5)", IndexError, "5"),
    c("Stepper.save(path, seconds_per_step)", DOMAIN, "s.save(tmp / 's.exe')", ValueError, "'.exe'"),
    c("Stepper.save(path, seconds_per_step)", DOMAIN, "s.save(tmp / 's.gif', seconds_per_step=0)", ValueError,
      "seconds_per_step"),
    c("Stepper.save(path, seconds_per_step)", TYPE, "s.save(tmp / 's.gif', seconds_per_step='1')", TypeError,
      "seconds_per_step"),
    c("Stepper.save(path, seconds_per_step)", NAN, "s.save(tmp / 's.gif', seconds_per_step=nan)", ValueError,
      "seconds_per_step"),
    c("Stepper.save(path, seconds_per_step)", HUGE, "s.save(tmp / 's.gif', seconds_per_step=HUGE)",
      ValueError, "seconds_per_step"),
    c("Stepper.save(path, seconds_per_step)", BOOL, "s.save(tmp / 's.gif', seconds_per_step=True)", TypeError,
      "seconds_per_step"),
    # ---- nets: models --------------------------------------------------------------------------------------
    c("MLP(nin, nouts, activation, ...)", TYPE, "nets.MLP('3', [1])", ValueError, "MLP nin", "'3'"),
    c("MLP(nin, nouts, activation, ...)", TYPE, "nets.MLP(2, 3)", ValueError, "MLP nouts"),
    c("MLP(nin, nouts, activation, ...)", TYPE, "nets.MLP(2, [1.5])", ValueError, "MLP nouts[0]"),
    c("MLP(nin, nouts, activation, ...)", TYPE, "nets.MLP(2, [1], activation=5)", ValueError, "activation"),
    c("MLP(nin, nouts, activation, ...)", TYPE, "nets.MLP(2, [1], fused='no')", TypeError, "MLP", "fused"),
    c("MLP(nin, nouts, activation, ...)", TYPE, "nets.MLP(2, [1], seed=[1, 2])", TypeError, "MLP", "seed"),
    c("MLP(nin, nouts, activation, ...)", EMPTY, "nets.MLP(2, [])", ValueError, "MLP nouts", "non-empty"),
    c("MLP(nin, nouts, activation, ...)", NAN, "nets.MLP(nan, [1])", ValueError, "MLP nin", "nan"),
    c("MLP(nin, nouts, activation, ...)", NAN, "nets.MLP(2, [1], seed=nan)", TypeError, "MLP", "seed"),
    c("MLP(nin, nouts, activation, ...)", DOMAIN, "nets.MLP(0, [1])", ValueError, "MLP nin", ">= 1"),
    c("MLP(nin, nouts, activation, ...)", DOMAIN, "nets.MLP(2, [0])", ValueError, "MLP nouts[0]"),
    c("MLP(nin, nouts, activation, ...)", DOMAIN, "nets.MLP(2, [1], activation='softmax')", ValueError,
      "activation", "'softmax'"),
    c("MLP(nin, nouts, activation, ...)", DOMAIN, "nets.MLP(2, [1], output_activation='softmax')", ValueError,
      "output_activation"),
    c("MLP(nin, nouts, activation, ...)", DOMAIN, "nets.MLP(2, [1], init='zeros')", ValueError, "init",
      "'zeros'"),
    c("MLP(nin, nouts, activation, ...)", HUGE, "nets.MLP(HUGE, [1])", ValueError, "MLP nin", isolated=True),
    c("MLP(nin, nouts, activation, ...)", HUGE, "nets.MLP(2, [HUGE])", ValueError, "MLP nouts[0]",
      isolated=True),
    c("MLP(nin, nouts, activation, ...)", HUGE, "nets.MLP(-HUGE, [1])", ValueError, "MLP nin", "5001 digits"),
    c("MLP(nin, nouts, activation, ...)", BOOL, "nets.MLP(True, [1])", ValueError, "MLP nin", "True"),
    c("MLP(nin, nouts, activation, ...)", BOOL, "nets.MLP(2, [True])", ValueError, "MLP nouts[0]", "True"),
    c("model(x)", TYPE, "m('ab')", ValueError, "MLP", "str"),
    c("model(x)", TYPE, "m(['1', 1.0])", ValueError, "MLP input X1", "str"),
    c("model(x)", TYPE, "m([1 + 2j, 1.0])", ValueError, "MLP input X1", "complex"),
    c("model(x)", TYPE, "m(np.array([[1.0, 2.0]]))", ValueError, "MLP", "(1, 2)"),
    c("model(x)", LENGTH, "m([1.0])", ValueError, "MLP expects 2 inputs, got 1"),
    c("model(x)", EMPTY, "m([])", ValueError, "MLP expects 2 inputs, got 0"),
    c("model(x)", NAN, "m([nan, 1.0])", ValueError, "MLP input X1", "nan"),
    c("model(x)", NAN, "m([1.0, inf])", ValueError, "MLP input X2", "inf"),
    c("model(x)", HUGE, "m([HUGE, 1.0])", ValueError, "MLP input X1", "5001 digits"),
    c("model(x)", BOOL, "m([True, 1.0])", ValueError, "MLP input X1", "bool"),
    c("Neuron(nin, activation, ...)", TYPE, "nets.Neuron('2')", ValueError, "Neuron nin"),
    c("Neuron(nin, activation, ...)", TYPE, "nets.Neuron(2, rng=5)", TypeError, "Neuron", "rng"),
    c("Neuron(nin, activation, ...)", LENGTH, "nets.Neuron(2)([1.0])", ValueError, "Neuron expects 2 inputs"),
    c("Neuron(nin, activation, ...)", NAN, "nets.Neuron(2)([nan, 1.0])", ValueError, "Neuron input X1"),
    c("Neuron(nin, activation, ...)", DOMAIN, "nets.Neuron(0)", ValueError, "Neuron nin"),
    c("Neuron(nin, activation, ...)", DOMAIN, "nets.Neuron(2, 'softmax')", ValueError, "activation"),
    c("Neuron(nin, activation, ...)", DOMAIN, "nets.Neuron(2, fan_out=0)", ValueError, "Neuron fan_out"),
    c("Neuron(nin, activation, ...)", HUGE, "nets.Neuron(HUGE)", ValueError, "Neuron nin", isolated=True),
    c("Neuron(nin, activation, ...)", BOOL, "nets.Neuron(2, layer=True)", ValueError, "Neuron layer"),
    c("Layer(nin, nout, activation, ...)", TYPE, "nets.Layer('2', 2)", ValueError, "Layer nin"),
    c("Layer(nin, nout, activation, ...)", LENGTH, "nets.Layer(2, 2)([1.0])", ValueError,
      "Layer 1 expects 2"),
    c("Layer(nin, nout, activation, ...)", DOMAIN, "nets.Layer(2, 0)", ValueError, "Layer nout"),
    c("Layer(nin, nout, activation, ...)", HUGE, "nets.Layer(2, HUGE)", ValueError, "Layer nout",
      isolated=True),
    c("Layer(nin, nout, activation, ...)", BOOL, "nets.Layer(2, 2, layer=True)", ValueError, "Layer layer"),
    c("MLP.set_phi(phi)", TYPE, "m.set_phi('abcdefghi')", ValueError, "set_phi", "phi"),
    c("MLP.set_phi(phi)", TYPE, "m.set_phi(np.zeros(9, dtype=complex))", ValueError, "set_phi", "complex"),
    c("MLP.set_phi(phi)", TYPE, "m.set_phi(['1.5'] * 9)", ValueError, "set_phi", "phi"),
    c("MLP.set_phi(phi)", LENGTH, "m.set_phi([1.0] * 8)", ValueError, "set_phi", "(9,)", "(8,)"),
    c("MLP.set_phi(phi)", EMPTY, "m.set_phi([])", ValueError, "set_phi", "(0,)"),
    c("MLP.set_phi(phi)", NAN, "m.set_phi([0.0] * 8 + [nan])", ValueError, "set_phi", "finite", "(8,)"),
    c("MLP.set_phi(phi)", HUGE, "m.set_phi([0.0] * 8 + [HUGE])", ValueError, "set_phi", "5001 digits"),
    c("MLP.set_phi(phi)", BOOL, "m.set_phi([True] * 9)", ValueError, "set_phi", "bool"),
    c("Layer.set_weights(W, b)", TYPE, "L1.set_weights('ab', [0.0, 0.0])", ValueError, "set_weights", "W"),
    c("Layer.set_weights(W, b)", TYPE, "L1.set_weights([[1.0, 2.0], [1.0, 2.0]], None)", ValueError,
      "set_weights", "b"),
    c("Layer.set_weights(W, b)", TYPE, "L1.set_weights([['1.5', 2.0], [1.0, 2.0]], [0.0, 0.0])", ValueError,
      "set_weights", "W"),
    c("Layer.set_weights(W, b)", LENGTH, "L1.set_weights([[1.0]], [0.0, 0.0])", ValueError, "set_weights",
      "W", "(2, 2)"),
    c("Layer.set_weights(W, b)", EMPTY, "L1.set_weights([], [])", ValueError, "set_weights", "W"),
    c("Layer.set_weights(W, b)", NAN, "L1.set_weights([[1.0, 2.0], [1.0, 2.0]], [0.0, nan])", ValueError,
      "set_weights", "b", "finite"),
    c("Layer.set_weights(W, b)", HUGE, "L1.set_weights([[HUGE, 2.0], [1.0, 2.0]], [0.0, 0.0])", ValueError,
      "set_weights", "W", "5001 digits"),
    c("Layer.set_weights(W, b)", BOOL, "L1.set_weights([[True, 2.0], [1.0, 2.0]], [0.0, 0.0])", ValueError,
      "set_weights", "bool"),
    c("Role(layer, neuron, kind, index)", DOMAIN, "nets.Role(1, 1, 'q')", ValueError, "Role kind"),
    c("Role(layer, neuron, kind, index)", TYPE, "nets.Role('1', 1, 'w')", TypeError, "Role", "layer"),
    c("Role(layer, neuron, kind, index)", DOMAIN, "nets.Role(0, 1, 'w')", ValueError, "Role", "layer"),
    c("Role(layer, neuron, kind, index)", HUGE, "nets.Role(HUGE, 1, 'w')", ValueError, "Role", "layer"),
    c("Role(layer, neuron, kind, index)", BOOL, "nets.Role(True, 1, 'w')", TypeError, "Role", "layer"),
    c("neuron_of(root), neuron_groups(root)", TYPE, "nets.neuron_of(3.0)", TypeError, "neuron_of"),
    c("neuron_of(root), neuron_groups(root)", TYPE, "nets.neuron_groups(3.0)", TypeError, "neuron_groups"),
    c("KAN(nin, nouts, grid, input_range, ...)", TYPE, "nets.KAN('2', [1])", ValueError, "nin"),
    c("KAN(nin, nouts, grid, input_range, ...)", TYPE, "nets.KAN(2, [1], input_range=('0', 2))", ValueError,
      "KAN", "input_range"),
    c("KAN(nin, nouts, grid, input_range, ...)", LENGTH, "nets.KAN(2, [1], input_range=(0,))", ValueError,
      "KAN", "input_range"),
    c("KAN(nin, nouts, grid, input_range, ...)", EMPTY, "nets.KAN(2, [])", ValueError, "KAN nouts"),
    c("KAN(nin, nouts, grid, input_range, ...)", NAN, "nets.KAN(2, [1], input_range=(nan, 0))", ValueError,
      "KAN", "input_range"),
    c("KAN(nin, nouts, grid, input_range, ...)", DOMAIN, "nets.KAN(2, [1], input_range=(1, 0))", ValueError,
      "KAN", "input_range"),
    c("KAN(nin, nouts, grid, input_range, ...)", DOMAIN, "nets.KAN(2, [1], grid=0)", ValueError, "grid"),
    c("KAN(nin, nouts, grid, input_range, ...)", DOMAIN, "nets.KAN(2, [1], init='zeros')", None,
      then="isinstance(out, nets.KAN)"),
    c("KAN(nin, nouts, grid, input_range, ...)", HUGE, "nets.KAN(HUGE, [1])", ValueError, "nin",
      isolated=True),
    c("KAN(nin, nouts, grid, input_range, ...)", HUGE, "nets.KAN(2, [1], grid=HUGE)", ValueError, "grid"),
    c("KAN(nin, nouts, grid, input_range, ...)", HUGE, "nets.KAN(2, [1], input_range=(0, HUGE))", ValueError,
      "KAN", "input_range"),
    c("KAN(nin, nouts, grid, input_range, ...)", BOOL, "nets.KAN(True, [1])", ValueError, "nin"),
    c("KAN(nin, nouts, grid, input_range, ...)", BOOL, "nets.KAN(2, [1], input_range=(True, 2))", ValueError,
      "KAN", "input_range", "bool"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", LENGTH, "nets.KAN(2, [1])([1.0])",
      ValueError, "KANLayer 1 expects 2 inputs"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", TYPE,
      "nets.KAN(2, [1])(['1', 1.0])", ValueError, "x", "str"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", EMPTY, "nets.KAN(2, [1])([])",
      ValueError, "KANLayer 1 expects 2 inputs"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", NAN, "nets.KAN(2, [1])([nan, 1.0])",
      ValueError, "L1.phi1,1", "nan"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", DOMAIN, "nets.Spline(seed=0)(1e308)",
      None, then="math.isfinite(out.data)"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", HUGE,
      "nets.KAN(2, [1])([HUGE, 1.0])", ValueError, "L1.phi1,1"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", BOOL, "nets.Spline()(True)",
      ValueError, "phi", "bool"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", DOMAIN, "nets.KANLayer(2, 0)",
      ValueError, "KANLayer nout"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", DOMAIN, "nets.Spline(grid=0)",
      ValueError, "Spline", "grid"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", TYPE, "nets.Spline(label=5)",
      TypeError, "Spline", "label"),
    c("kan(x), KANLayer(nin, nout), Spline(grid, ...)", DOMAIN, "nets.Spline(init='x')",
      ValueError, "Spline", "init"),
    # ---- nets: losses --------------------------------------------------------------------------------------
    *[
        cell
        for name in ("mse", "half_mse", "sse")
        for cell in (
            c(f"{name}({SIG.get(name, 'preds, targets')})", TYPE, f"nets.{name}('a', 'b')", ValueError, name,
              "preds"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", TYPE, f"nets.{name}(x, 1.0)", ValueError, name,
              "wrap it in a list"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", TYPE, f"nets.{name}([x], ['a'])", ValueError,
              name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", TYPE, f"nets.{name}([x], ['1.5'])", ValueError,
              name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", LENGTH, f"nets.{name}([x], [1.0, 2.0])",
              ValueError, name, "1 predictions but 2 targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", LENGTH, f"nets.{name}([[x, y]], [[1.0]])",
              ValueError, name, "targets", "(1, 2)"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", EMPTY, f"nets.{name}([], [])", ValueError, name,
              "preds is empty"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", NAN, f"nets.{name}([x], [nan])", ValueError, name,
              "targets", "nan"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", NAN, f"nets.{name}([nan], [1.0])", ValueError,
              name, "preds[0]", "nan"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", DOMAIN, f"nets.{name}([Value(1e200)], [-1e200])",
              DomainError, "**2"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", HUGE, f"nets.{name}([x], [HUGE])", ValueError,
              name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", BOOL, f"nets.{name}([x], [True])", ValueError,
              name, "targets"),
        )
    ],
    *[
        cell
        for name, preds in (("bce", "P"), ("bce_with_logits", "[x, y]"), ("hinge", "[x, y]"))
        for cell in (
            c(f"{name}({SIG.get(name, 'preds, targets')})", TYPE, f"nets.{name}({preds}, ['a', 'b'])",
              ValueError, name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", TYPE, f"nets.{name}({preds}, ['1', '0'])",
              ValueError, name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", LENGTH, f"nets.{name}({preds}, [1])", ValueError,
              name, "2 predictions but 1 targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", EMPTY, f"nets.{name}([], [])", ValueError, name,
              "preds is empty"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", NAN, f"nets.{name}({preds}, [1, nan])",
              ValueError, name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", DOMAIN, f"nets.{name}({preds}, [1, 2])",
              ValueError, name, "labels 0 or 1"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", DOMAIN, f"nets.{name}({preds}, [1, 0.5])",
              ValueError, name, "labels 0 or 1"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", HUGE, f"nets.{name}({preds}, [1, HUGE])",
              ValueError, name, "targets"),
            c(f"{name}({SIG.get(name, 'preds, targets')})", BOOL, f"nets.{name}({preds}, [True, False])",
              ValueError, name, "targets"),
        )
    ],
    c("bce(preds, targets, eps)", DOMAIN, "nets.bce([Value(1.5)], [1])", ValueError, "bce", "preds[0]",
      "probability"),
    c("bce(preds, targets, eps)", NAN, "nets.bce(P, [1, 0], eps=nan)", ValueError, "bce", "eps"),
    c("bce(preds, targets, eps)", DOMAIN, "nets.bce(P, [1, 0], eps=0.6)", ValueError, "bce", "eps"),
    c("bce(preds, targets, eps)", HUGE, "nets.bce(P, [1, 0], eps=HUGE)", ValueError, "bce", "eps"),
    c("bce(preds, targets, eps)", BOOL, "nets.bce(P, [1, 0], eps=True)", TypeError, "bce", "eps"),
    c("cross_entropy(preds, targets)", TYPE, "nets.cross_entropy(Z, ['1'])", ValueError, "cross_entropy",
      "targets"),
    c("cross_entropy(preds, targets)", LENGTH, "nets.cross_entropy(Z, [1, 0])", ValueError, "cross_entropy",
      "1 predictions but 2 targets"),
    c("cross_entropy(preds, targets)", LENGTH, "nets.cross_entropy([[x], [x, y]], [0, 0])", ValueError,
      "cross_entropy", "preds[0] has 1 outputs but preds[1] has 2"),
    c("cross_entropy(preds, targets)", LENGTH, "nets.cross_entropy([x, y], [0, 0])", ValueError,
      "cross_entropy", "m >= 2"),
    c("cross_entropy(preds, targets)", EMPTY, "nets.cross_entropy([], [])", ValueError, "cross_entropy",
      "preds is empty"),
    c("cross_entropy(preds, targets)", EMPTY, "nets.cross_entropy([[]], [0])", ValueError, "cross_entropy",
      "no outputs"),
    c("cross_entropy(preds, targets)", NAN, "nets.cross_entropy(Z, [nan])", ValueError, "cross_entropy",
      "targets"),
    c("cross_entropy(preds, targets)", DOMAIN, "nets.cross_entropy(Z, [2])", ValueError, "cross_entropy",
      "class indices 0..1"),
    c("cross_entropy(preds, targets)", DOMAIN, "nets.cross_entropy(Z, [0.5])", ValueError, "cross_entropy",
      "class indices"),
    c("cross_entropy(preds, targets)", HUGE, "nets.cross_entropy(Z, [HUGE])", ValueError, "cross_entropy",
      "targets"),
    c("cross_entropy(preds, targets)", BOOL, "nets.cross_entropy(Z, [True])", ValueError, "cross_entropy",
      "targets"),
    c("l2(params)", TYPE, "nets.l2(5)", TypeError, "l2", "params"),
    c("l2(params)", TYPE, "nets.l2(m)", TypeError, "l2", "params"),
    c("l2(params)", TYPE, "nets.l2([1.0])", ValueError, "l2", "params[0]"),
    c("l2(params)", EMPTY, "nets.l2([])", ValueError, "l2", "no parameters"),
    c("l2(params)", DOMAIN, "nets.l2([Value(1e200)])", DomainError, "*", "inf"),
    # ---- nets: optimizers -------------------------------------------------------------------------------
    *[
        cell
        for name in ("SGD", "Adam", "RMSprop")
        for cell in (
            c(f"{name}({OPT_SIG[name]})", TYPE, f"nets.{name}(m.parameters(), lr='0.1')", TypeError,
              "learning rate", "str"),
            c(f"{name}({OPT_SIG[name]})", TYPE, f"nets.{name}(m, lr=0.1)", TypeError, name, "params"),
            c(f"{name}({OPT_SIG[name]})", TYPE, f"nets.{name}([1.0], lr=0.1)", ValueError, name, "params[0]"),
            c(f"{name}({OPT_SIG[name]})", DOMAIN, f"nets.{name}([x, x], lr=0.1)", ValueError, name, "twice"),
            c(f"{name}({OPT_SIG[name]})", EMPTY, f"nets.{name}([], lr=0.1)", ValueError, name,
              "params is empty"),
            c(f"{name}({OPT_SIG[name]})", NAN, f"nets.{name}(m.parameters(), lr=nan)", ValueError,
              "learning rate", "nan"),
            c(f"{name}({OPT_SIG[name]})", DOMAIN, f"nets.{name}(m.parameters(), lr=-0.1)", ValueError,
              "learning rate", "-0.1"),
            c(f"{name}({OPT_SIG[name]})", NAN, f"nets.{name}(m.parameters(), lr=0.1, weight_decay=inf)",
              ValueError, "weight_decay"),
            c(f"{name}({OPT_SIG[name]})", HUGE, f"nets.{name}(m.parameters(), lr=HUGE)", ValueError,
              "learning rate", "5001 digits"),
            c(f"{name}({OPT_SIG[name]})", BOOL, f"nets.{name}(m.parameters(), lr=True)", TypeError,
              "learning rate", "bool"),
        )
    ],
    c("SGD(params, lr, momentum, nesterov, ...)", TYPE, "nets.SGD(5, lr=0.1)", TypeError, "SGD", "params"),
    c("SGD(params, lr, momentum, nesterov, ...)", TYPE,
      "nets.SGD(m.parameters(), lr=0.1, momentum=0.9, nesterov='no')", TypeError, "SGD", "nesterov"),
    c("SGD(params, lr, momentum, nesterov, ...)", NAN, "nets.SGD(m.parameters(), lr=0.1, momentum=nan)",
      ValueError, "momentum"),
    c("SGD(params, lr, momentum, nesterov, ...)", DOMAIN, "nets.SGD(m.parameters(), lr=0.1, nesterov=True)",
      ValueError, "nesterov", "momentum > 0"),
    c("Adam(params, lr, betas, eps, ...)", LENGTH, "nets.Adam(m.parameters(), betas=(0.9,))", ValueError,
      "Adam", "betas"),
    c("Adam(params, lr, betas, eps, ...)", TYPE, "nets.Adam(m.parameters(), betas=0.9)", ValueError, "Adam",
      "betas"),
    c("Adam(params, lr, betas, eps, ...)", DOMAIN, "nets.Adam(m.parameters(), betas=(1.0, 0.999))",
      ValueError, "beta1"),
    c("Adam(params, lr, betas, eps, ...)", NAN, "nets.Adam(m.parameters(), eps=nan)", ValueError, "eps"),
    c("Adam(params, lr, betas, eps, ...)", BOOL, "nets.Adam(m.parameters(), betas=(True, 0.999))", TypeError,
      "beta1"),
    c("RMSprop(params, lr, alpha, eps, ...)", DOMAIN, "nets.RMSprop(m.parameters(), alpha=1.5)", ValueError,
      "alpha"),
    c("RMSprop(params, lr, alpha, eps, ...)", NAN, "nets.RMSprop(m.parameters(), alpha=nan)", ValueError,
      "alpha"),
    c("Optimizer.step()", TYPE, "setattr(m.parameters()[3], 'grad', None)", TypeError, "Value.grad"),
    c("Optimizer.step()", NAN, "opt.step()", ValueError, "SGD step 1", "params[3]", "L1.N2.w1",
      "nothing was updated", setup="m.parameters()[3].grad = nan"),
    c("Optimizer.step()", DOMAIN, "nets.SGD(m.parameters(), lr=1e10).step()", ValueError, "params[3]",
      "diverged", "nothing was updated", setup="m.parameters()[3].grad = 1e308"),
    c("Optimizer.step()", NAN, "nets.SGD(m.parameters(), lr=lambda t: nan).step()", ValueError, "lr(0)",
      "nan"),
    c("Optimizer.step()", TYPE, "nets.SGD(m.parameters(), lr=lambda t: 'a').step()", TypeError, "lr(0)",
      "str"),
    c("Optimizer.step()", HUGE, "nets.SGD(m.parameters(), lr=lambda t: HUGE).step()", ValueError, "lr(0)",
      "5001 digits"),
    c("Optimizer.step()", BOOL, "nets.SGD(m.parameters(), lr=lambda t: True).step()", TypeError, "lr(0)",
      "bool"),
    c("Optimizer.step()", DOMAIN, "nets.Optimizer(m.parameters(), lr=0.1).step()", NotImplementedError,
      "Optimizer"),
    # ---- nets: save and load ----------------------------------------------------------------------------
    c("save(model, path)", TYPE, "nets.save(5, tmp / 'm.json')", TypeError, "save", "MLP"),
    c("save(model, path)", TYPE, "nets.save(m, 5)", TypeError, "save", "path"),
    c("save(model, path)", EMPTY, "nets.save(m, '')", ValueError, "save", "path"),
    c("save(model, path)", DOMAIN, "nets.save(m, tmp)", IsADirectoryError, "save", "{tmp}"),
    c("save(model, path)", DOMAIN, "nets.save(m, tmp / 'f.txt' / 'm.json')", NotADirectoryError, "save",
      "f.txt", setup="(tmp / 'f.txt').write_text('x')"),
    c("save(model, path)", DOMAIN, "nets.save(m, tmp / 'missing' / 'm.json')", FileNotFoundError, "save",
      "missing"),
    c("save(model, path)", NAN, "nets.save(nm, tmp / 'm.json')", ValueError, "save", "non-finite",
      setup="nm = nets.MLP(2, [1], seed=0); nm.layers[0].weights = lambda: (np.array([[nan, 1.0]]), "
      "np.zeros(1))"),
    c("load(path)", TYPE, "nets.load(5)", TypeError, "load", "path"),
    c("load(path)", TYPE, "nets.load(p)", ValueError, "m.json", "top level", setup="p = write('[1, 2, 3]')"),
    c("load(path)", TYPE, "nets.load(p)", ValueError, "m.json", "'nin'", "'3'", setup="p = saved(nin='3')"),
    c("load(path)", LENGTH, "nets.load(p)", ValueError, "m.json", "'layers'", setup="p = saved(layers=[])"),
    c("load(path)", EMPTY, "nets.load(p)", ValueError, "m.json", "not valid JSON", setup="p = write('')"),
    c("load(path)", EMPTY, "nets.load('')", ValueError, "load", "path"),
    c("load(path)", NAN, "nets.load(p)", ValueError, "m.json", "NaN",
      setup="p = write(SAVED.replace(FIRST_WEIGHT, 'NaN', 1))"),
    c("load(path)", NAN, "nets.load(p)", ValueError, "m.json", "W[0][0]", "finite",
      setup="p = write(SAVED.replace(FIRST_WEIGHT, '1e999', 1))"),
    c("load(path)", DOMAIN, "nets.load(p)", ValueError, "m.json", "'version'", setup="p = saved(version=2)"),
    c("load(path)", DOMAIN, "nets.load(p)", ValueError, "m.json", "'activation'",
      setup="p = saved(activation='softmax')"),
    c("load(path)", DOMAIN, "nets.load(p)", ValueError, "m.json", "'nin'", "twice",
      setup="p = write(SAVED.replace('\"nin\": 2', '\"nin\": 2, \"nin\": 2'))"),
    c("load(path)", DOMAIN, "nets.load(tmp / 'missing.json')", FileNotFoundError, "missing.json"),
    c("load(path)", DOMAIN, "nets.load(tmp)", IsADirectoryError, "{tmp}"),
    c("load(path)", HUGE, "nets.load(p)", ValueError, "m.json", "4300 digits",
      setup="p = write(SAVED.replace(FIRST_WEIGHT, '1' + '0' * 5000, 1))"),
    c("load(path)", BOOL, "nets.load(p)", ValueError, "m.json", "'version'", setup="p = saved(version=True)"),
    c("load(path)", BOOL, "nets.load(p)", ValueError, "m.json", "'nin'", setup="p = saved(nin=True)"),
    c("to_torch(model), from_torch(seq) without torch", TYPE, "without_torch(lambda: nets.to_torch(5))",
      TypeError, "to_torch", "MLP"),
    c("to_torch(model), from_torch(seq) without torch", DOMAIN, "without_torch(lambda: nets.to_torch(m))",
      ImportError, "chainrule[torch]"),
    c("to_torch(model), from_torch(seq) without torch", DOMAIN,
      "without_torch(lambda: nets.from_torch(None))", ImportError, "chainrule[torch]"),
    # ---- nets: training -----------------------------------------------------------------------------------
    c("fit(model, X, y, ...)", TYPE, "fit(X='ab')", ValueError, "fit", "X"),
    c("fit(model, X, y, ...)", TYPE, "fit(X=[['1', 1.0], [1.0, 0.0]])", ValueError, "fit", "X"),
    c("fit(model, X, y, ...)", TYPE, "fit(y=['1', '0'])", ValueError, "fit", "y"),
    c("fit(model, X, y, ...)", TYPE, "fit(model=5)", TypeError, "fit", "model"),
    c("fit(model, X, y, ...)", TYPE, "fit(loss=5)", ValueError, "fit", "loss"),
    c("fit(model, X, y, ...)", TYPE, "fit(optimizer=5)", ValueError, "fit", "optimizer"),
    c("fit(model, X, y, ...)", TYPE, "fit(optimizer=nets.SGD(nets.MLP(2, [2, 1]).parameters(), lr=0.1))",
      ValueError, "fit", "none of this model's parameters"),
    c("fit(model, X, y, ...)", TYPE, "fit(callbacks=5)", TypeError, "fit", "callbacks"),
    c("fit(model, X, y, ...)", TYPE, "fit(callbacks=[5])", ValueError, "fit", "callbacks"),
    c("fit(model, X, y, ...)", TYPE, "fit(progress='no')", TypeError, "fit", "progress"),

    c("fit(model, X, y, ...)", TYPE, "fit(seed='a')", TypeError, "fit", "seed"),
    c("fit(model, X, y, ...)", TYPE, "fit(epochs='1')", TypeError, "fit", "epochs"),

    c("fit(model, X, y, ...)", TYPE, "fit(engine='gpu')", ValueError, "fit", "engine"),
    c("fit(model, X, y, ...)", LENGTH, "fit(y=[1.0])", ValueError, "fit", "2 samples but y has 1"),
    c("fit(model, X, y, ...)", LENGTH, "fit(X=[[0.0], [1.0]])", ValueError, "fit", "X", "(n, 2)"),
    c("fit(model, X, y, ...)", EMPTY, "fit(X=[], y=[])", ValueError, "fit", "X"),
    c("fit(model, X, y, ...)", EMPTY, "fit(epochs=0).steps", None, then="out == 0"),
    c("fit(model, X, y, ...)", NAN, "fit(X=[[nan, 1.0], [1.0, 0.0]])", ValueError, "fit", "X", "nan"),
    c("fit(model, X, y, ...)", NAN, "fit(y=[1.0, nan])", ValueError, "fit", "y[1]", "nan"),
    c("fit(model, X, y, ...)", NAN, "fit(l2=nan)", ValueError, "fit", "l2"),
    c("fit(model, X, y, ...)", NAN, "fit(seed=nan)", TypeError, "fit", "seed"),
    c("fit(model, X, y, ...)", DOMAIN, "fit(y=[1, 5], loss=nets.hinge)", ValueError, "fit", "hinge", "y[1]"),
    c("fit(model, X, y, ...)", DOMAIN, "fit(epochs=-1)", ValueError, "fit", "epochs"),
    c("fit(model, X, y, ...)", DOMAIN, "fit(batch_size=0)", ValueError, "fit", "batch_size"),
    c("fit(model, X, y, ...)", DOMAIN, "fit(l2=-1)", ValueError, "fit", "l2"),
    c("fit(model, X, y, ...)", HUGE, "fit(X=[[HUGE, 1.0], [1.0, 0.0]])", ValueError, "fit", "X"),
    c("fit(model, X, y, ...)", HUGE, "fit(y=[1.0, HUGE])", ValueError, "fit", "y[1]"),
    c("fit(model, X, y, ...)", HUGE, "fit(l2=HUGE)", ValueError, "fit", "l2", "5001 digits"),

    c("fit(model, X, y, ...)", HUGE, "fit(epochs=-HUGE)", ValueError, "fit", "epochs", "5001 digits"),

    c("fit(model, X, y, ...)", BOOL, "fit(X=[[True, 1.0], [1.0, 0.0]])", ValueError, "fit", "X"),
    c("fit(model, X, y, ...)", BOOL, "fit(y=[True, False])", ValueError, "fit", "y"),
    c("fit(model, X, y, ...)", BOOL, "fit(epochs=True)", TypeError, "fit", "epochs"),

    c("fit(model, X, y, ...)", BOOL, "fit(batch_size=True)", TypeError, "fit", "batch_size"),

    c("fit(model, X, y, ...)", BOOL, "fit(l2=True)", TypeError, "fit", "l2"),

    c("predict(model, X)", TYPE, "nets.predict(5, X)", TypeError, "predict", "model"),
    c("predict(model, X)", TYPE, "nets.predict(m, 'ab')", ValueError, "predict", "X"),
    c("predict(model, X)", TYPE, "nets.predict(m, [['1', 1.0]])", ValueError, "predict", "X"),
    c("predict(model, X)", LENGTH, "nets.predict(m, [[0.0]])", ValueError, "predict", "X", "(n, 2)"),
    c("predict(model, X)", LENGTH, "nets.predict(m, [0.0, 1.0])", ValueError, "predict", "X", "(2,)"),
    c("predict(model, X)", EMPTY, "nets.predict(m, [])", ValueError, "predict", "X"),
    c("predict(model, X)", NAN, "nets.predict(m, [[nan, 1.0]])", ValueError, "predict", "X", "nan"),
    c("predict(model, X)", HUGE, "nets.predict(m, [[HUGE, 1.0]])", ValueError, "predict", "X"),
    c("predict(model, X)", BOOL, "nets.predict(m, [[True, 1.0]])", ValueError, "predict", "X"),
    c("accuracy(model, X, y)", LENGTH, "nets.accuracy(m, X, [1])", ValueError, "accuracy",
      "2 samples but y has 1"),
    c("accuracy(model, X, y)", EMPTY, "nets.accuracy(m, [], [])", ValueError, "accuracy", "X"),
    c("accuracy(model, X, y)", TYPE, "nets.accuracy(m, X, ['a', 'b'])", ValueError, "accuracy", "y"),

    c("accuracy(model, X, y)", NAN, "nets.accuracy(m, X, [nan, 1])", ValueError, "accuracy", "y", "nan"),

    c("accuracy(model, X, y)", DOMAIN, "nets.accuracy(m, X, [7, 1])", ValueError, "accuracy", "y"),
    c("accuracy(model, X, y)", DOMAIN, "nets.accuracy(m, X, [0.5, 1])", ValueError, "accuracy", "y"),
    c("accuracy(model, X, y)", HUGE, "nets.accuracy(m, X, [HUGE, 1])", ValueError, "accuracy", "y"),

    c("accuracy(model, X, y)", BOOL, "nets.accuracy(m, X, [True, False])", ValueError, "accuracy", "y"),
    c("decision_grid(model, xlim, ylim, steps)", TYPE, "nets.decision_grid(5, (0, 1), (0, 1))", TypeError,
      "decision_grid", "model"),
    c("decision_grid(model, xlim, ylim, steps)", TYPE, "nets.decision_grid(m, ('0', 1), (0, 1))", TypeError,
      "decision_grid", "xlim[0]"),

    c("decision_grid(model, xlim, ylim, steps)", TYPE, "nets.decision_grid(m, (0, 1), (0, 1), steps=1.5)",
      TypeError, "decision_grid", "steps"),

    c("decision_grid(model, xlim, ylim, steps)", LENGTH, "nets.decision_grid(m, (0,), (0, 1))", ValueError,
      "decision_grid", "xlim"),
    c("decision_grid(model, xlim, ylim, steps)", LENGTH,
      "nets.decision_grid(nets.MLP(3, [1]), (0, 1), (0, 1))", ValueError, "decision_grid", "2 inputs"),
    c("decision_grid(model, xlim, ylim, steps)", NAN, "nets.decision_grid(m, (nan, 1), (0, 1))", ValueError,
      "decision_grid", "xlim"),
    c("decision_grid(model, xlim, ylim, steps)", DOMAIN, "nets.decision_grid(m, (1, 0), (0, 1))", ValueError,
      "decision_grid", "xlim"),
    c("decision_grid(model, xlim, ylim, steps)", DOMAIN, "nets.decision_grid(m, (0, 1), (0, 1), steps=1)",
      ValueError, "decision_grid", "steps"),
    c("decision_grid(model, xlim, ylim, steps)", DOMAIN, "nets.decision_grid(m, (-1e308, 1e308), (0, 1))",
      ValueError, "decision_grid", "xlim", "overflows"),

    c("decision_grid(model, xlim, ylim, steps)", DOMAIN, "nets.decision_grid(m, (0, 1), (0, 1), steps=10**9)",
      ValueError, "decision_grid", "steps", isolated=True),

    c("decision_grid(model, xlim, ylim, steps)", HUGE, "nets.decision_grid(m, (0, HUGE), (0, 1))", ValueError,
      "decision_grid", "xlim[1]", "5001 digits"),

    c("decision_grid(model, xlim, ylim, steps)", HUGE, "nets.decision_grid(m, (0, 1), (0, 1), steps=HUGE)",
      ValueError, "decision_grid", "steps"),
    c("decision_grid(model, xlim, ylim, steps)", BOOL, "nets.decision_grid(m, (True, 2), (0, 1))", TypeError,
      "decision_grid", "xlim[0]", "bool"),

    # ---- nets: tables and pictures -------------------------------------------------------------------------
    c("delta_table(model, x, y, loss)", TYPE, "nets.delta_table(5, [0.0, 1.0], 1.0)", TypeError,
      "delta_table", "MLP"),
    c("delta_table(model, x, y, loss)", TYPE, "nets.delta_table(m, [0.0, 1.0], 1.0, loss=5)", TypeError,
      "loss"),
    c("delta_table(model, x, y, loss)", TYPE, "nets.delta_table(m, [0.0, 1.0], '1')", ValueError, "half_mse",
      "targets"),
    c("delta_table(model, x, y, loss)", LENGTH, "nets.delta_table(m, [0.0], 1.0)", ValueError,
      "MLP expects 2"),
    c("delta_table(model, x, y, loss)", LENGTH, "nets.delta_table(m, [0.0, 1.0], [1.0, 2.0])", ValueError,
      "half_mse", "targets"),
    c("delta_table(model, x, y, loss)", NAN, "nets.delta_table(m, [nan, 1.0], 1.0)", ValueError,
      "MLP input X1"),
    c("delta_table(model, x, y, loss)", NAN, "nets.delta_table(m, [0.0, 1.0], nan)", ValueError, "half_mse",
      "targets"),
    c("delta_table(model, x, y, loss)", HUGE, "nets.delta_table(m, [0.0, 1.0], HUGE)", ValueError, "half_mse",
      "targets"),
    c("delta_table(model, x, y, loss)", BOOL, "nets.delta_table(m, [0.0, 1.0], True)", ValueError, "half_mse",
      "targets"),
    c("parameter_table(model, x, y, loss, eps)", TYPE, "nets.parameter_table(5, [0.0, 1.0], 1.0)", TypeError,
      "parameter_table", "MLP"),
    c("parameter_table(model, x, y, loss, eps)", TYPE, "nets.parameter_table(m, [0.0, 1.0], 1.0, eps='1e-6')",
      TypeError, "eps"),
    c("parameter_table(model, x, y, loss, eps)", NAN, "nets.parameter_table(m, [0.0, 1.0], 1.0, eps=nan)",
      ValueError, "eps"),
    c("parameter_table(model, x, y, loss, eps)", DOMAIN, "nets.parameter_table(m, [0.0, 1.0], 1.0, eps=0)",
      ValueError, "eps"),
    c("parameter_table(model, x, y, loss, eps)", DOMAIN,
      "nets.parameter_table(m, [0.0, 1.0], 1.0, eps=1e300)", DomainError, "eps"),
    c("parameter_table(model, x, y, loss, eps)", HUGE, "nets.parameter_table(m, [0.0, 1.0], 1.0, eps=HUGE)",
      ValueError, "eps"),
    c("parameter_table(model, x, y, loss, eps)", BOOL, "nets.parameter_table(m, [0.0, 1.0], 1.0, eps=True)",
      TypeError, "eps"),
    c("draw_network(model, x, y, loss, collapsed, ...)", TYPE, "nets.draw_network(5, [0.0, 1.0])", TypeError,
      "draw_network", "MLP"),
    c("draw_network(model, x, y, loss, collapsed, ...)", TYPE,
      "nets.draw_network(m, [0.0, 1.0], collapsed='no')", TypeError, "draw_network", "collapsed"),
    c("draw_network(model, x, y, loss, collapsed, ...)", TYPE,
      "nets.draw_network(m, [0.0, 1.0], weights='no')", TypeError, "draw_network", "weights"),
    c("draw_network(model, x, y, loss, collapsed, ...)", TYPE,
      "nets.draw_network(m, [0.0, 1.0], max_width='a')", TypeError, "draw_network", "max_width"),
    c("draw_network(model, x, y, loss, collapsed, ...)", LENGTH, "nets.draw_network(m, [0.0])", ValueError,
      "MLP expects 2"),
    c("draw_network(model, x, y, loss, collapsed, ...)", NAN, "nets.draw_network(m, [0.0, 1.0], nan)",
      ValueError, "targets"),
    c("draw_network(model, x, y, loss, collapsed, ...)", NAN,
      "nets.draw_network(m, [0.0, 1.0], max_width=nan)", ValueError, "draw_network", "max_width"),
    c("draw_network(model, x, y, loss, collapsed, ...)", DOMAIN,
      "nets.draw_network(m, [0.0, 1.0], rankdir='XY')", ValueError, "rankdir"),
    c("draw_network(model, x, y, loss, collapsed, ...)", HUGE,
      "nets.draw_network(m, [0.0, 1.0], max_width=HUGE)", ValueError, "draw_network", "max_width"),
    c("TrainingView(model, X, y, every, ...)", TYPE, "nets.TrainingView(5, X, [1, 0])", TypeError,
      "TrainingView", "MLP"),
    c("TrainingView(model, X, y, every, ...)", TYPE, "nets.TrainingView(m, X, [1, 0], loss=5)", TypeError,
      "TrainingView", "loss"),
    c("TrainingView(model, X, y, every, ...)", TYPE, "nets.TrainingView(m, X, [1, 0], display='no')",
      TypeError, "TrainingView", "display"),
    c("TrainingView(model, X, y, every, ...)", TYPE, "nets.TrainingView(m, X, [1, 0], xlim=5)", ValueError,
      "TrainingView", "xlim"),
    c("TrainingView(model, X, y, every, ...)", TYPE, "nets.TrainingView(m, X, [1, 0], steps=1.5)", TypeError,
      "TrainingView", "steps"),
    c("TrainingView(model, X, y, every, ...)", LENGTH, "nets.TrainingView(m, X, [1])", ValueError,
      "TrainingView", "2 samples but y has 1"),
    c("TrainingView(model, X, y, every, ...)", EMPTY, "nets.TrainingView(m, [], [])", ValueError,
      "TrainingView", "X"),
    c("TrainingView(model, X, y, every, ...)", NAN, "nets.TrainingView(m, [[nan, 1.0], [1.0, 0.0]], [1, 0])",
      ValueError, "TrainingView", "X"),
    c("TrainingView(model, X, y, every, ...)", NAN, "nets.TrainingView(m, X, [1, 0], dpi=nan)", ValueError,
      "TrainingView", "dpi"),
    c("TrainingView(model, X, y, every, ...)", DOMAIN, "nets.TrainingView(m, X, [1, 0], every=0)", ValueError,
      "TrainingView", "every"),
    c("TrainingView(model, X, y, every, ...)", DOMAIN, "nets.TrainingView(m, X, [1, 0], sample=5)",
      ValueError, "TrainingView", "sample"),
    c("TrainingView(model, X, y, every, ...)", DOMAIN, "nets.TrainingView(m, X, [1, 0], xlim=(1, 0))",
      ValueError, "TrainingView", "xlim"),
    c("TrainingView(model, X, y, every, ...)", DOMAIN, "nets.TrainingView(m, X, [1, 0], dpi=0)", ValueError,
      "TrainingView", "dpi"),
    c("TrainingView(model, X, y, every, ...)", HUGE, "nets.TrainingView(m, X, [1, 0], dpi=HUGE)", ValueError,
      "TrainingView", "dpi"),
    c("TrainingView(model, X, y, every, ...)", BOOL, "nets.TrainingView(m, X, [1, 0], every=True)",
      TypeError, "TrainingView", "every"),
    c("TrainingView(model, X, y, every, ...)", BOOL, "nets.TrainingView(m, X, [1, 0], dpi=True)", TypeError,
      "TrainingView", "dpi"),
    # ---- nets.datasets -------------------------------------------------------------------------------------
    *[
        cell
        for name, signature in (
            ("moons", "n, noise, seed"),
            ("circles", "n, noise, factor, seed"),
            ("xor", "n, noise, seed"),
            ("spiral", "n, k, noise, seed"),
            ("blobs", "n, k, noise, seed"),
            ("curve", "f, n, noise, xlim, seed"),
        )
        for cell in (
            c(f"datasets.{name}({signature})", TYPE, f"datasets.{name}(n='5')", TypeError, "n", "str"),
            c(f"datasets.{name}({signature})", TYPE, f"datasets.{name}(n=2.5)", TypeError, "n", "float"),
            c(f"datasets.{name}({signature})", TYPE, f"datasets.{name}(noise='0.1')", TypeError, "noise"),
            c(f"datasets.{name}({signature})", TYPE, f"datasets.{name}(seed='a')", TypeError, "seed"),
            c(f"datasets.{name}({signature})", EMPTY, f"datasets.{name}(n=0)", ValueError, "n must be >="),
            c(f"datasets.{name}({signature})", NAN, f"datasets.{name}(noise=nan)", ValueError, "noise"),
            c(f"datasets.{name}({signature})", NAN, f"datasets.{name}(noise=inf)", ValueError, "noise"),
            c(f"datasets.{name}({signature})", DOMAIN, f"datasets.{name}(noise=-0.1)", ValueError, "noise"),
            c(f"datasets.{name}({signature})", DOMAIN, f"datasets.{name}(seed=-1)", ValueError, "seed"),
            c(f"datasets.{name}({signature})", HUGE, f"datasets.{name}(n=HUGE)", ValueError, "n"),
            c(f"datasets.{name}({signature})", HUGE, f"datasets.{name}(n=-HUGE)", ValueError, "n",
              "5001 digits"),
            c(f"datasets.{name}({signature})", HUGE, f"datasets.{name}(noise=HUGE)", ValueError, "noise"),
            c(f"datasets.{name}({signature})", BOOL, f"datasets.{name}(n=True)", TypeError, "n", "bool"),
            c(f"datasets.{name}({signature})", BOOL, f"datasets.{name}(noise=True)", TypeError, "noise"),
            c(f"datasets.{name}({signature})", BOOL, f"datasets.{name}(seed=True)", TypeError, "seed"),
        )
    ],
    c("datasets.circles(n, noise, factor, seed)", DOMAIN, "datasets.circles(factor=1.5)", ValueError,
      "factor"),
    c("datasets.circles(n, noise, factor, seed)", NAN, "datasets.circles(factor=nan)", ValueError, "factor"),
    c("datasets.circles(n, noise, factor, seed)", HUGE, "datasets.circles(factor=HUGE)", ValueError,
      "factor"),
    c("datasets.circles(n, noise, factor, seed)", BOOL, "datasets.circles(factor=True)", TypeError, "factor"),
    *[
        cell
        for name in ("spiral", "blobs")
        for cell in (
            c(f"datasets.{name}(n, k, noise, seed)", TYPE, f"datasets.{name}(k=1.5)", TypeError, "k"),
            c(f"datasets.{name}(n, k, noise, seed)", DOMAIN, f"datasets.{name}(k=1)", ValueError, "k",
              ">= 2"),
            c(f"datasets.{name}(n, k, noise, seed)", BOOL, f"datasets.{name}(k=True)", TypeError, "k",
              "bool"),
        )
    ],
    c("datasets.spiral(n, k, noise, seed)", DOMAIN, "datasets.spiral(n=2, k=3)", ValueError, "n", ">= 3"),
    c("datasets.spiral(n, k, noise, seed)", HUGE, "datasets.spiral(k=HUGE)", ValueError, "k"),
    c("datasets.blobs(n, k, noise, seed)", HUGE, "datasets.blobs(k=HUGE)", ValueError, "k"),
    c("datasets.curve(f, n, noise, xlim, seed)", TYPE, "datasets.curve(5)", TypeError, "f", "callable"),
    c("datasets.curve(f, n, noise, xlim, seed)", TYPE, "datasets.curve(lambda t: 'a')", ValueError, "curve",
      "f"),
    c("datasets.curve(f, n, noise, xlim, seed)", TYPE, "datasets.curve(xlim=('0', 2))", TypeError, "xlim"),
    c("datasets.curve(f, n, noise, xlim, seed)", LENGTH, "datasets.curve(xlim=(0,))", ValueError, "xlim"),
    c("datasets.curve(f, n, noise, xlim, seed)", NAN, "datasets.curve(lambda t: t * nan)", ValueError,
      "curve", "not finite"),
    c("datasets.curve(f, n, noise, xlim, seed)", NAN, "datasets.curve(xlim=(nan, 0))", ValueError, "xlim"),
    c("datasets.curve(f, n, noise, xlim, seed)", DOMAIN, "datasets.curve(xlim=(1, 0))", ValueError, "xlim"),
    c("datasets.curve(f, n, noise, xlim, seed)", DOMAIN, "datasets.curve(xlim=(-1e308, 1e308))", ValueError,
      "xlim"),
    c("datasets.curve(f, n, noise, xlim, seed)", HUGE, "datasets.curve(xlim=(0, HUGE))", ValueError, "xlim"),
    c("datasets.curve(f, n, noise, xlim, seed)", BOOL, "datasets.curve(xlim=(True, 2))", TypeError, "xlim"),
    # ---- nets.reference ------------------------------------------------------------------------------------
    c("reference.forward(weights, activations, X)", TYPE, "reference.forward(5, ['relu'], X)", TypeError,
      "reference", "weights"),
    c("reference.forward(weights, activations, X)", TYPE, "reference.forward(RW, RA, 'ab')", ValueError,
      "reference", "X"),
    c("reference.forward(weights, activations, X)", TYPE, "reference.forward(RW, RA, [['1', 1.0]])",
      ValueError, "reference", "X"),
    c("reference.forward(weights, activations, X)", LENGTH, "reference.forward(RW, ['relu'], X)", ValueError,
      "reference", "1 activations"),
    c("reference.forward(weights, activations, X)", LENGTH, "reference.forward(RW, RA, [[0.0]])", ValueError,
      "reference", "X", "(n, 2)"),
    c("reference.forward(weights, activations, X)", EMPTY, "reference.forward([], [], X)", ValueError,
      "reference", "weights is empty"),
    c("reference.forward(weights, activations, X)", EMPTY, "reference.forward(RW, RA, [])", ValueError,
      "reference", "X"),
    c("reference.forward(weights, activations, X)", NAN, "reference.forward(RW, RA, [[nan, 1.0]])",
      ValueError, "reference", "X"),
    c("reference.forward(weights, activations, X)", NAN,
      "reference.forward([(np.full((1, 2), nan), np.zeros(1))], ['relu'], X)", ValueError, "reference", "W"),
    c("reference.forward(weights, activations, X)", DOMAIN, "reference.forward(RW, ['relu', 'softmax'], X)",
      ValueError, "reference", "'softmax'"),
    c("reference.forward(weights, activations, X)", DOMAIN,
      "reference.forward([(np.full((1, 2), 1e200), np.zeros(1))], ['linear'], [[1e200, 1.0]])", ValueError,
      "reference"),
    c("reference.forward(weights, activations, X)", HUGE, "reference.forward(RW, RA, [[HUGE, 1.0]])",
      ValueError, "reference", "X"),
    c("reference.forward(weights, activations, X)", BOOL, "reference.forward(RW, RA, [[True, 1.0]])",
      ValueError, "reference", "X"),
    c("reference.loss(weights, activations, X, Y, loss)", DOMAIN, "reference.loss(RW, RA, X, Y, loss='foo')",
      ValueError, "reference", "'foo'"),
    c("reference.loss(weights, activations, X, Y, loss)", LENGTH, "reference.loss(RW, RA, X, [1.0])",
      ValueError, "reference", "Y"),
    c("reference.loss(weights, activations, X, Y, loss)", NAN, "reference.loss(RW, RA, X, [1.0, nan])",
      ValueError, "reference", "Y"),
    c("reference.loss(weights, activations, X, Y, loss)", HUGE, "reference.loss(RW, RA, X, [1.0, HUGE])",
      ValueError, "reference", "Y"),
    c("reference.loss(weights, activations, X, Y, loss)", BOOL, "reference.loss(RW, RA, X, [True, False])",
      ValueError, "reference", "Y"),
    c("reference.gradients(weights, activations, X, Y, loss)", NAN,
      "reference.gradients(RW, RA, X, [1.0, nan])", ValueError, "reference", "Y"),
    c("reference.gradients(weights, activations, X, Y, loss)", LENGTH,
      "reference.gradients(RW, RA, X, [1.0])", ValueError, "reference", "Y"),
    c("reference.gradients(weights, activations, X, Y, loss)", DOMAIN,
      "reference.gradients(RW, RA, X, Y, loss='hinge')", ValueError, "reference", "'hinge'"),
    c("reference.from_model(model), to_model(model, weights), predict(model, X)", TYPE,
      "reference.from_model(5)", TypeError, "reference", "model"),
    c("reference.from_model(model), to_model(model, weights), predict(model, X)", TYPE,
      "reference.to_model(m, 5)", TypeError, "reference", "weights"),
    c("reference.from_model(model), to_model(model, weights), predict(model, X)", LENGTH,
      "reference.to_model(m, RW[:1])", ValueError, "reference", "1 (W, b) pairs for a model with 2 layers"),
    c("reference.from_model(model), to_model(model, weights), predict(model, X)", NAN,
      "reference.to_model(m, [RW[0], (np.full((1, 2), nan), np.zeros(1))])", ValueError,
      "Layer 2.set_weights", "finite"),
    c("reference.from_model(model), to_model(model, weights), predict(model, X)", NAN,
      "reference.predict(m, [[nan, 1.0]])", ValueError, "reference", "X"),
    c("reference.from_model(model), to_model(model, weights), predict(model, X)", TYPE,
      "reference.predict(5, X)", TypeError, "reference", "model"),
]


# -- the namespace a cell runs in -----------------------------------------------------------------------


def namespace(tmp: Path) -> dict[str, Any]:
    """Fresh objects for one cell: Values x, y, f = x*y, a model m and its optimizer opt, data X, Y, ..."""
    x, y = Value(1.5, "x"), Value(-0.5, "y")
    f = x * y
    f.label = "f"
    tiny = Value(1e-320, "tiny")
    overflowing = (
        tiny * 1e300 * 1e300 - tiny * 1e300 * 1e300
    )  # finite data, a NaN gradient (issue 10, item 6)
    m = nets.MLP(2, [2, 1], seed=0)
    saved_path = tmp / "saved.json"
    nets.save(m, saved_path)
    saved_text = saved_path.read_text()
    saved_path.unlink()
    saved_doc = json.loads(saved_text)
    first_weight = repr(saved_doc["layers"][0]["W"][0][0])
    RW, RA = reference.from_model(m)

    def write(text: str, name: str = "m.json") -> Path:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    def saved(**fields: Any) -> Path:
        return write(json.dumps({**saved_doc, **fields}))

    def anomalous(fn):
        with A.detect_anomaly():
            return fn()

    def in_no_grad(fn):
        with A.no_grad():
            return fn()

    def no_grad_check():
        with A.no_grad():
            return A.check_grads(lambda a: a * a, [x])

    def fit(model=None, X=None, y=None, **options):
        options.setdefault("progress", False)
        options.setdefault("epochs", 1)
        return nets.fit(
            m if model is None else model,
            [[0.0, 1.0], [1.0, 0.0]] if X is None else X,
            [1.0, 0.0] if y is None else y,
            **options,
        )

    def without_torch(fn):
        saved_torch = sys.modules.get("torch", None)
        had = "torch" in sys.modules
        sys.modules["torch"] = None  # import torch then raises ImportError
        try:
            return fn()
        finally:
            if had:
                sys.modules["torch"] = saved_torch
            else:
                del sys.modules["torch"]

    bad_cube = A.defop("bi_bad_cube", lambda a: a * a * a, (lambda F, a, out: 2.0 * a * a,), ("2 a^2",))
    ns: dict[str, Any] = dict(
        A=A,
        nets=nets,
        Value=Value,
        np=np,
        math=math,
        datasets=datasets,
        reference=reference,
        nan=math.nan,
        inf=math.inf,
        HUGE=HUGE_INT,
        x=x,
        y=y,
        f=f,
        tiny=tiny,
        overflowing=overflowing,
        m=m,
        L1=m.layers[0],
        opt=nets.SGD(m.parameters(), lr=0.1),
        X=[[0.0, 1.0], [1.0, 0.0]],
        Y=[1.0, 0.0],
        P=[Value(0.9, "p0"), Value(0.2, "p1")],
        Z=[[Value(1.0, "z0"), Value(2.0, "z1")]],
        RW=RW,
        RA=RA,
        g=A.draw(f),
        s=A.Stepper(f),
        tmp=tmp,
        PURE=graphviz_pure(),  # graphviz-pure's dot, which has no PDF (a system dot has)
        write=write,
        saved=saved,
        SAVED=saved_text,
        FIRST_WEIGHT=first_weight,
        anomalous=anomalous,
        no_grad_check=no_grad_check,
        in_no_grad=in_no_grad,
        fit=fit,
        without_torch=without_torch,
        bad_cube=bad_cube,
        sq=lambda a: a * a,
        ident=lambda a: a,
        D1=(lambda F, a, out: 1.0,),
        R1=("1",),
    )
    return ns


def state(ns: dict[str, Any]) -> tuple:
    """Everything a failed call must leave as it was."""
    m = ns["m"]
    values = [ns[k] for k in ("x", "y", "f", "tiny")] + m.parameters()
    return (
        m.phi().tobytes(),
        tuple((v.data, v.grad, v.label) for v in values),
        ns["opt"].steps,
        ns["s"].position,
        sorted(A.REGISTRY),
        sorted(p.name for p in ns["tmp"].iterdir()),
        A.is_grad_enabled(),
    )


@contextlib.contextmanager
def registry_restored():
    """Undo any op a cell declares (REGISTRY, the F namespaces, Value methods)."""
    from autograd.core import registry

    before = dict(A.REGISTRY)
    spaces = [(space, dict(vars(space))) for space in (registry.floatmath, registry.valuemath)]
    methods = dict(vars(Value))
    try:
        yield
    finally:
        A.REGISTRY.clear()
        A.REGISTRY.update(before)
        for space, attrs in spaces:
            for k in set(vars(space)) - set(attrs):
                delattr(space, k)
            vars(space).update(attrs)
        for k in set(vars(Value)) - set(methods):
            delattr(Value, k)
        for k, v in methods.items():
            if vars(Value).get(k) is not v:
                setattr(Value, k, v)


@contextlib.contextmanager
def watchdog(seconds: int):
    """A TimeoutError if the block runs longer than ``seconds``: a hang fails instead of stalling."""

    def fire(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s (a hang)")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


_CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (256 * 2**20, 256 * 2**20))
import math
import numpy as np
import autograd as A
import nets
from autograd import Value
HUGE = 10**5000
ident, D1, R1 = (lambda a: a), (lambda F, a, out: 1.0,), ("1",)
m = nets.MLP(2, [2, 1], seed=0)
try:
    out = eval(sys.argv[1])
    print(json.dumps(["", repr(out)[:200]]))
except BaseException as e:
    print(json.dumps([type(e).__name__, str(e)[:500]]))
"""


def run_isolated(code: str) -> tuple[str, str]:
    """``code`` run in a fresh interpreter capped at 256 MB: (exception type name or "", message or repr)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, code], capture_output=True, text=True, timeout=60, env=env
        )
    except subprocess.TimeoutExpired:
        return "TimeoutError", "no answer within 60 s (a hang)"
    if out.returncode != 0 or not out.stdout.strip():
        return "crash", out.stderr[-500:]
    kind, message = json.loads(out.stdout.strip().splitlines()[-1])
    return kind, message


# -- the test ---------------------------------------------------------------------------------------------


def names(message: str, text: str) -> bool:
    """Whether ``message`` contains ``text`` as a whole word ("n" is not found in "conversion")."""
    before = r"(?<![A-Za-z0-9_])" if re.match(r"\w", text) else ""
    after = r"(?![A-Za-z0-9_])" if re.search(r"\w$", text) else ""
    return re.search(before + re.escape(text) + after, message) is not None


def _param(cell: Cell):
    # raises=AssertionError: a bug cell fails on what it asserts, never on a mistake in the cell itself
    marks = (
        [pytest.mark.xfail(strict=True, raises=AssertionError, reason="bug: " + cell.bug)] if cell.bug else []
    )
    return pytest.param(cell, id=f"{cell.entry} | {cell.kind} | {cell.code}", marks=marks)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("cell", [_param(cell) for cell in CELLS])
def test_bad_input(cell: Cell, tmp_path):
    if cell.isolated:
        kind, message = run_isolated(cell.code)
        assert kind == (cell.raises.__name__ if cell.raises else ""), (kind, message)
        for text in cell.names:
            assert names(message, text), (text, message)
        return
    with registry_restored():
        ns = namespace(tmp_path)
        if cell.setup:
            exec(cell.setup, ns)  # noqa: S102 - the cells are this module's own code
        before = state(ns)
        caught: BaseException | None = None
        with watchdog(20):
            try:
                out = eval(cell.code, ns)  # noqa: S307 - the cells are this module's own code
                if hasattr(out, "__next__"):
                    out = list(out)
            except (NameError, SyntaxError):
                raise  # a mistake in the cell, not the entry point's answer
            except Exception as e:  # noqa: BLE001 - every exception is compared below
                caught = e
        if cell.raises is None:
            assert caught is None, f"{type(caught).__name__}: {caught}"
            assert eval(cell.then, {**ns, "out": out}), cell.then  # noqa: S307
            return
        assert caught is not None, f"accepted, returned {out!r:.200}"
        assert type(caught) is cell.raises, f"{type(caught).__name__}: {caught}"
        message = str(caught)
        for text in cell.names:
            assert names(message, text.format(tmp=tmp_path)), (text, message)
        assert len(message) < 2000, f"a {len(message)}-character message"
        assert state(ns) == before, "the failed call changed something"


# -- the table in docs/bad_input.md -------------------------------------------------------------------------

_INTRO = """\
# What every public entry point does with bad input

Every public entry point of `autograd` and `nets` (each package's `__all__`,
the methods that take input, and `nets.datasets` and `nets.reference`), fed
what a careful user might get wrong: a wrong type, a wrong length, empty
input, NaN or infinity, a value outside the domain, an int beyond floats
(`10**5000`, which also has more digits than Python will print) and a bool
where a number is expected.

Each input below is one test case in `tests/fuzz/test_bad_input.py`, which
checks the exception type exactly, that the message names the argument (or
the function and the argument), and that the failed call changed nothing (the
model's parameters and grads, the Values, the optimizer, the op registry, the
files). **bug N** marks a misbehaviour not fixed yet: its test asserts the
intended behaviour (the type shown) and is marked `xfail(strict=True)`, so it
starts failing the day the bug is fixed; then delete the cell's `bug=` text
and regenerate this file:

    .venv/bin/python -m tests.fuzz.test_bad_input > docs/bad_input.md

"—" means the column does not apply (no such input), or nothing was tried.
Where a row shows several outcomes in one column, several inputs of that kind
were tried (the list below has each). Wrong types: `autograd` raises
TypeError; `nets` raises ValueError for a wrong type among its own sizes,
names and data (`MLP('3', [1])`, `mse('a', 'b')`, `fit(X='ab')`) and
TypeError for options read with `autograd.core.options` — both name the
argument; the table records which.
Entry points that take no input (`no_grad()`, `is_grad_enabled()`,
`detect_anomaly()`), and the result and exception classes (`Step`,
`History`, `DeltaTable`, `ParameterTable`, `GradcheckError`, `KinkWarning`,
`AnomalyError`, `DomainError`, `Module`) and tables (`REGISTRY`,
`ACTIVATIONS`, `INITS`) are not rows; `detect_anomaly()` appears as a context
for the passes it checks.

The label strings every display takes (drawings, Stepper pages, the ledger)
are fuzzed in `tests/fuzz/test_labels.py`, and model files in
`tests/fuzz/test_load.py`.
"""


def render() -> str:
    """docs/bad_input.md: the summary table, every input tried, and the open bugs."""
    entries: dict[str, list[Cell]] = {}
    for cell in CELLS:
        entries.setdefault(cell.entry, []).append(cell)
    bugs = [cell for cell in CELLS if cell.bug]
    number = {id(cell): k for k, cell in enumerate(bugs, 1)}

    def outcome(cell: Cell) -> str:
        return cell.raises.__name__ if cell.raises else "accepted"

    def named(cell: Cell) -> str:
        return ", ".join("the path" if n == "{tmp}" else f"`{n}`" for n in cell.names)

    lines = [_INTRO, "## The table", ""]
    lines.append("| entry point | " + " | ".join(KINDS) + " |")
    lines.append("|---" * (len(KINDS) + 1) + "|")
    for entry, cells in entries.items():
        row = []
        for kind in KINDS:
            here = [cell for cell in cells if cell.kind == kind]
            shown = []
            for cell in here:
                text = f"**bug {number[id(cell)]}**" if cell.bug else outcome(cell)
                if text not in shown:
                    shown.append(text)
            row.append(", ".join(shown) or "—")
        lines.append(f"| `{entry}` | " + " | ".join(row) + " |")
    lines += ["", f"{len(CELLS)} inputs, {len(bugs)} of them open bugs.", "", "## Every input tried", ""]
    for entry, cells in entries.items():
        lines.append(f"### `{entry}`")
        lines.append("")
        for cell in cells:
            names = named(cell)
            what = outcome(cell) + (f" naming {names}" if names and cell.raises else "")
            if cell.raises is None and cell.then:
                what += f"; then `{cell.then}`"
            if cell.bug:
                what = f"**bug {number[id(cell)]}**: should be {what}"
            setup = f"`{cell.setup}`; " if cell.setup else ""
            lines.append(f"- {cell.kind}: {setup}`{cell.code}` → {what}")
        lines.append("")
    lines += ["## Open bugs", ""]
    for cell in bugs:
        expected = outcome(cell) + (" naming " + named(cell) if cell.names else "")
        lines.append(
            f"{number[id(cell)]}. `{cell.entry}`, {cell.kind}: `{cell.code}` — {cell.bug}. "
            f"Expected: {expected}."
        )
    lines.append("")
    return "\n".join(lines)


def test_docs_bad_input_md_is_this_modules_table():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/bad_input.md is out of date: .venv/bin/python -m tests.fuzz.test_bad_input > docs/bad_input.md"
    )


def test_every_public_entry_point_has_a_row():
    rows = " ".join(cell.entry + " " + cell.code for cell in CELLS)
    no_input = {"no_grad", "is_grad_enabled", "detect_anomaly"}
    results = {
        "Step",
        "History",
        "DeltaTable",
        "ParameterTable",
        "GradcheckError",
        "KinkWarning",
        "AnomalyError",
        "DomainError",
        "Module",
        "REGISTRY",
        "ACTIVATIONS",
        "INITS",
        "datasets",
        "reference",
    }
    for package in (A, nets):
        for name in package.__all__:
            if name in no_input | results or name.startswith("test_"):
                continue
            assert name in rows, f"{package.__name__}.{name} has no row in the bad-input table"
    for module in (datasets, reference):
        for name in module.__all__:
            if name.isupper():
                continue
            assert f"{name}(" in rows, f"{module.__name__}.{name} has no row in the bad-input table"


if __name__ == "__main__":
    sys.stdout.write(render())
