"""Tests of autograd.core.registry: OpDef's checks, the op table, the F namespaces, protected names."""

from __future__ import annotations

import math
import re

import pytest

import autograd as ag
from autograd.core import registry
from autograd.core.registry import CONST, LEAF, REGISTRY, OpDef, floatmath, register, valuemath

ONE = (lambda F, x, out: 1.0,)


@pytest.fixture
def scratch():
    """Names a test registers; taken out of REGISTRY, both namespaces and PROTECTED afterwards."""
    names: list[str] = []
    yield names
    for name in names:
        REGISTRY.pop(name, None)
        registry.PROTECTED.discard(name)
        for space in (floatmath, valuemath):
            if name in vars(space):
                delattr(space, name)


# -- OpDef's checks ----------------------------------------------------------------


def test_opdef_keeps_its_declaration():
    derivs = [lambda F, x, y, out: y, lambda F, x, y, out: x]
    op = OpDef(
        "tr_mul", lambda x, y: x * y, derivs, ["y", "x"], (-1.0, 1.0), "x y", kinks=[0], notation="{0}.{1}"
    )
    assert (op.name, op.arity, op.domain, op.doc) == ("tr_mul", 2, (-1.0, 1.0), "x y")
    assert op.notation == "{0}.{1}"
    assert op.derivs == tuple(derivs) and op.rules == ("y", "x")  # sequences become tuples
    assert op.kinks == (0.0,) and type(op.kinks[0]) is float
    assert op.fast is None and op.builtin is False and op.function is None  # until registered
    assert repr(op) == "OpDef('tr_mul', arity=2)"
    bare = OpDef("tr_bare", abs, ONE, ("1",))
    assert bare.domain == (-2.0, 2.0) and bare.doc == "" and bare.kinks == () and bare.notation is None


@pytest.mark.parametrize(
    "args, error, message",
    [
        ((3, abs, ONE, ("1",)), TypeError, "an op's name must be a str, got int: 3"),
        ((None, abs, ONE, ("1",)), TypeError, "an op's name must be a str, got NoneType"),
        (("tr_op", 3.0, ONE, ("1",)), TypeError, "op 'tr_op': forward must be callable, got float"),
        (("tr_op", abs, (abs, "x"), ("1", "2")), TypeError, r"derivs\[1\] must be callable, got str"),
        (("tr_op", abs, ONE, ()), ValueError, r"op 'tr_op': 1 derivative\(s\) but 0 rule string\(s\)"),
        (("tr_op", abs, ONE * 2, ("1",)), ValueError, r"2 derivative\(s\) but 1 rule string\(s\)"),
        (("tr_op", abs, ONE, "1"), TypeError, r"op 'tr_op': rules must be a tuple of str, .* got str: '1'"),
        (("tr_op", abs, ONE, (1,)), TypeError, r"op 'tr_op': rules\[0\] must be a str, got int"),
    ],
)
def test_opdef_refuses_a_bad_declaration(args, error, message):
    with pytest.raises(error, match=message):
        OpDef(*args)


# -- register: the table and both F namespaces -------------------------------------------


def test_register_fills_the_table_and_both_namespaces(scratch):
    scratch.append("tr_twice")
    op = OpDef("tr_twice", lambda x: 2.0 * x, (lambda F, x, out: 2.0,), ("2",))

    def function(x):
        return ("the Value function of", x)

    assert register(op, function) is op
    assert REGISTRY["tr_twice"] is op
    assert op.function is function and op.builtin is False
    assert floatmath.tr_twice is op.forward and floatmath.tr_twice(1.5) == 3.0
    assert valuemath.tr_twice is function
    # a user's op may be registered again: the new declaration replaces the old
    again = OpDef("tr_twice", lambda x: 3.0 * x, (lambda F, x, out: 3.0,), ("3",))
    register(again, function)
    assert REGISTRY["tr_twice"] is again and floatmath.tr_twice(1.5) == 4.5


def test_a_name_that_is_not_an_identifier_is_only_in_the_table(scratch):
    scratch.append("tr op+")
    op = register(OpDef("tr op+", abs, ONE, ("1",)), abs)
    assert REGISTRY["tr op+"] is op
    assert "tr op+" not in vars(floatmath) and "tr op+" not in vars(valuemath)


def test_every_identifier_named_op_is_in_both_namespaces():
    named = [name for name in REGISTRY if name.isidentifier()]
    assert {"exp", "log", "tanh", "sigmoid", "relu", "dot"} <= set(named)
    for name in named:
        op = REGISTRY[name]
        assert getattr(floatmath, name) is op.forward, name
        assert getattr(valuemath, name) is op.function, name
    assert valuemath.tanh is ag.tanh and valuemath.dot is ag.dot
    assert floatmath.tanh(0.5) == math.tanh(0.5)
    # operator ops ("*", "+", ...) are in the table only
    assert "*" in REGISTRY and "*" not in vars(floatmath) and "*" not in vars(valuemath)
    # the constants of both namespaces
    assert (floatmath.pi, floatmath.e, valuemath.pi, valuemath.e) == (math.pi, math.e, math.pi, math.e)


@pytest.mark.parametrize("name", ["tanh", "*", "dot", "exp", "pi", "e"])
def test_a_built_in_name_is_refused_and_nothing_changes(name):
    before = REGISTRY.get(name)
    before_f = vars(floatmath).get(name)
    message = re.escape(f"op name {name!r} is taken by a built-in; choose another name")
    with pytest.raises(ValueError, match=message):
        register(OpDef(name, abs, ONE, ("1",)), abs)
    assert REGISTRY.get(name) is before and vars(floatmath).get(name) is before_f


def test_a_built_in_registration_protects_its_name(scratch):
    scratch.append("tr_builtin")
    op = register(OpDef("tr_builtin", abs, ONE, ("1",)), abs, builtin=True)
    assert op.builtin is True
    with pytest.raises(ValueError, match="'tr_builtin' is taken by a built-in"):
        register(OpDef("tr_builtin", abs, ONE, ("1",)), abs)
    assert REGISTRY["tr_builtin"] is op
    assert all(REGISTRY[name].builtin for name in ("tanh", "*", "dot"))


def test_an_empty_name_is_refused():
    with pytest.raises(ValueError, match="an op needs a non-empty string name, got ''"):
        register(OpDef("", abs, ONE, ("1",)), abs)
    assert "" not in REGISTRY


def test_leaf_and_const_are_pseudo_ops_never_registered():
    assert (LEAF.name, LEAF.arity, CONST.name, CONST.arity) == ("", 0, "const", 0)
    assert "" not in REGISTRY and "const" not in REGISTRY
    assert LEAF not in REGISTRY.values() and CONST not in REGISTRY.values()
    assert ag.Value(1.0).opdef is LEAF and ag.Value(1.0).op == ""
    assert ag.const(2.0).opdef is CONST and (ag.Value(1.0) * 2.0).parents[1].opdef is CONST


# -- what other code reads from an OpDef --------------------------------------------------


def test_local_grads_evaluates_every_derivative_with_the_namespace():
    mul, tanh = REGISTRY["*"], REGISTRY["tanh"]
    assert mul.local_grads(floatmath, (3.0, -4.0), -12.0) == (-4.0, 3.0)
    out = math.tanh(0.5)
    assert tanh.local_grads(floatmath, (0.5,), out) == (1.0 - out * out,)
    # with valuemath on Values the derivatives are Values (graph nodes for higher orders)
    x = ag.Value(0.5, "x")
    y = ag.tanh(x)
    (g,) = tanh.local_grads(valuemath, (x,), y)
    assert isinstance(g, ag.Value) and g.data == y.local_grads[0]
    a, b = ag.Value(3.0), ag.Value(-4.0)
    assert mul.local_grads(valuemath, (a, b), a * b) == (b, a)
    # a custom op: each derivative gets (F, *xs, out)
    seen = []
    op = OpDef("tr_seen", abs, (lambda F, x, y, out: seen.append((F, x, y, out)) or 7.0,) * 2, ("a", "b"))
    assert op.local_grads(floatmath, [1.0, 2.0], 3.0) == (7.0, 7.0)
    assert seen == [(floatmath, 1.0, 2.0, 3.0)] * 2


def test_rule_is_the_rule_of_an_edge():
    assert REGISTRY["tanh"].rule(0, 1) == "1 - tanh(x)^2"
    assert [REGISTRY["-"].rule(i, 2) for i in range(2)] == ["1", "-1"]
    assert [REGISTRY["*"].rule(i, 2) for i in range(2)] == ["y", "x"]
    op = OpDef("tr_rules", abs, ONE * 3, ("first", "second", "third"))
    assert [op.rule(i, 3) for i in range(3)] == ["first", "second", "third"]
    # dot's rules depend on how many parents the node has: (w_1..w_n, x_1..x_n[, b])
    dot = REGISTRY["dot"]
    assert [dot.rule(i, 5) for i in range(5)] == ["x_1", "x_2", "w_1", "w_2", "1"]
    assert [dot.rule(i, 4) for i in range(4)] == ["x_1", "x_2", "w_1", "w_2"]


@pytest.mark.parametrize(
    "options, error, message",
    [
        (dict(kinks=(10**5000,)), ValueError, r"op 'tr_op': kinks\[0\]: an int of about 5001 digits"),
        (dict(kinks=0.0), TypeError, r"op 'tr_op': kinks must be a tuple of numbers"),
        (dict(domain=(0.0, math.inf)), ValueError, r"op 'tr_op': domain: hi must be a finite number"),
        (dict(domain=(1.0, 1.0)), ValueError, r"op 'tr_op': domain must be a range \(lo, hi\) with lo < hi"),
        (dict(domain=("0", 1)), TypeError, r"op 'tr_op': domain: lo must be a real number, got str"),
        (dict(notation=5), TypeError, "op 'tr_op': notation must be a str, got int"),
        (dict(fast=5), TypeError, "op 'tr_op': fast must be a builder"),
    ],
)
def test_opdef_refuses_bad_options(options, error, message):
    with pytest.raises(error, match=message):
        OpDef("tr_op", abs, ONE, ("1",), **options)


def test_opdef_refuses_one_derivative_not_in_a_tuple():
    with pytest.raises(TypeError, match=r"op 'tr_op': derivs must be a tuple of functions, one per argument"):
        OpDef("tr_op", abs, ONE[0], ("1",))


@pytest.mark.parametrize("name", ["__add__", "__init__", "__class__"])
def test_a_special_name_is_refused(name):
    with pytest.raises(ValueError, match=re.escape(f"op name {name!r} is reserved")):
        register(OpDef(name, abs, ONE, ("1",)), abs)
    assert name not in REGISTRY and name not in vars(floatmath)
