"""Fuzzing nets.load with mutated, truncated, restructured and hand-made hostile model files.

Whatever the file holds, ``load`` either returns a new MLP whose every field and
parameter is what the file says (bit for bit: never a half-loaded model, never
a weight left at its random start), or raises ValueError whose message begins
with the file's path. Never another exception, and never a hang: the hostile
files include 10^5-deep nesting, 5,000-digit integers, NaN and Infinity
literals, a byte-order mark, UTF-16, lone surrogates, NUL bytes and duplicate
keys.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

import nets
from nets.io import FORMAT, VERSION

from . import examples

#: Hypothesis reuses a test's tmp_path across examples: each example writes the same file again.
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=examples(1.0))


def _model_text() -> str:
    model = nets.MLP(3, [2, 2, 1], activation="tanh", output_activation="sigmoid", seed=7, init="xavier")
    model.layers[0].set_weights(model.layers[0].weights()[0], [0.1, -2.5e-300])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.json"
        nets.save(model, path)
        return path.read_text(encoding="utf-8")


TEXT = _model_text()
DOC = json.loads(TEXT)


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _note(outcome: str) -> None:
    if currently_in_test_context():
        event(outcome)  # shown by pytest --hypothesis-show-statistics


def check_load(path, data: bytes) -> nets.MLP | None:
    """Write ``data`` to ``path`` and load it: a faithful model, or a ValueError naming the file."""
    path.write_bytes(data)
    try:
        model = nets.load(path)
    except ValueError as e:
        assert str(e).startswith(str(path)), str(e)
        _note("refused")
        return None
    _note("loaded")
    # loaded: the file was a model; everything in it is in the model, exactly
    doc = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    assert isinstance(model, nets.MLP)
    assert doc["format"] == FORMAT and doc["version"] == VERSION and type(doc["version"]) is int
    assert (model.nin, model.nouts) == (doc["nin"], doc["nouts"])
    assert (model.activation, model.output_activation, model.init) == (
        doc["activation"],
        doc["output_activation"],
        doc["init"],
    )
    assert model.fused is doc["fused"] and model.seed == doc["seed"]
    for layer, saved in zip(model.layers, doc["layers"], strict=True):
        W, b = layer.weights()
        assert [[float(x).hex() for x in row] for row in saved["W"]] == [
            [x.hex() for x in r] for r in W.tolist()
        ]
        assert [float(x).hex() for x in saved["b"]] == [x.hex() for x in b.tolist()]
    assert all(math.isfinite(p.data) for p in model.parameters())
    return model


def test_the_unmutated_file_loads(tmp_path):
    assert check_load(tmp_path / "m.json", TEXT.encode()) is not None


def test_every_truncation_is_refused_or_the_whole_model(tmp_path):
    data = TEXT.encode()
    for cut in range(len(data) + 1):  # every prefix, the empty file to the whole file
        model = check_load(tmp_path / "m.json", data[:cut])
        assert (model is not None) == (data[:cut].rstrip() == data.rstrip()), cut


_EDIT = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.integers(1, 255)),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=8)),
    st.tuples(
        st.just("insert"),
        st.integers(0, 10**6),
        st.sampled_from([b'"', b",", b"[", b"]", b"{", b"}", b"-", b"e9", b"1", b"0", b".", b"null", b"NaN"]),
    ),
    st.tuples(st.just("copy"), st.integers(0, 10**6), st.integers(1, 60)),
)


def _mutate(data: bytes, edits) -> bytes:
    buf = bytearray(data)
    for kind, at, arg in edits:
        at %= len(buf) + 1
        if kind == "flip" and at < len(buf):
            buf[at] ^= arg
        elif kind == "delete":
            del buf[at : at + arg]
        elif kind == "insert":
            buf[at:at] = arg
        elif kind == "copy":
            buf[at:at] = buf[at : at + arg]
    return bytes(buf)


@FUZZ
@given(st.lists(_EDIT, min_size=1, max_size=6))
def test_byte_mutations_are_refused_or_load_exactly_what_the_file_says(tmp_path, edits):
    check_load(tmp_path / "m.json", _mutate(TEXT.encode(), edits))


def _paths(doc, prefix=()):
    """Every path (a tuple of keys and indices) into the document, the root too."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


PATHS = list(_paths(DOC))
_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**1024, 2**53 + 1]),
    st.sampled_from([0, 1, 2, 3, -1, 1.0, 2.0, 0.5, -0.0, 1e308, 5e-324, 10**30, 2**63]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["chainrule.mlp", "relu", "tanh", "sigmoid", "linear", "micrograd", "xavier", "he", ""]),
)


def _containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    keys = st.sampled_from(["W", "b", "x", "nin"])
    return st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=3)


JSON_VALUES = st.recursive(_JSON_SCALARS, _containers, max_leaves=12)


def _value(path):
    node = DOC
    for key in path:
        node = node[key]
    return node


def _replace(doc, path, value):
    if not path:
        return value
    doc = json.loads(json.dumps(doc))
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def _delete(doc, path):
    doc = json.loads(json.dumps(doc))
    node = doc
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return doc


@FUZZ
@given(st.sampled_from(PATHS), JSON_VALUES)
def test_any_field_replaced_by_any_json_is_refused_or_loaded_exactly(tmp_path, path, value):
    check_load(tmp_path / "m.json", json.dumps(_replace(DOC, path, value)).encode())


NUMBERS = [p for p in PATHS if len(p) >= 3 and p[0] == "layers" and not isinstance(_value(p), list)]


@FUZZ
@given(
    st.sampled_from(NUMBERS),
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-(2**1023), 2**1023),
        st.sampled_from([0, -0.0, 5e-324, -5e-324, 1.7976931348623157e308, 2**53 + 1]),
    ),
)
def test_any_finite_number_as_a_parameter_loads_bit_for_bit(tmp_path, path, number):
    assert check_load(tmp_path / "m.json", json.dumps(_replace(DOC, path, number)).encode()) is not None


@FUZZ
@given(st.sampled_from(PATHS[1:]))
def test_any_field_or_entry_deleted_is_refused(tmp_path, path):
    assert check_load(tmp_path / "m.json", json.dumps(_delete(DOC, path)).encode()) is None


def _pairs(doc):
    """The document with every object as a list of (key, value) pairs, so that a key can be written twice."""
    if isinstance(doc, dict):
        return [(k, _pairs(v)) for k, v in doc.items()]
    if isinstance(doc, list):
        return ("list", [_pairs(v) for v in doc])
    return doc


def _dump_pairs(node) -> str:
    if isinstance(node, tuple):
        return "[" + ", ".join(_dump_pairs(v) for v in node[1]) + "]"
    if isinstance(node, list):
        return "{" + ", ".join(f"{json.dumps(k)}: {_dump_pairs(v)}" for k, v in node) + "}"
    return json.dumps(node)


OBJECT_KEYS = [p for p in PATHS if p and isinstance(p[-1], str)]


@FUZZ
@given(st.sampled_from(OBJECT_KEYS), JSON_VALUES, st.booleans())
def test_any_key_written_twice_is_refused(tmp_path, path, value, before):
    tree = _pairs(DOC)
    node = tree
    for key in path[:-1]:
        node = dict(node)[key] if isinstance(node, list) else node[1][key]
    at = [k for k, _ in node].index(path[-1])
    node.insert(at if before else at + 1, (path[-1], _pairs(value)))
    assert check_load(tmp_path / "m.json", _dump_pairs(tree).encode()) is None


def _hostile() -> list[tuple[str, bytes]]:
    text = json.dumps(DOC)
    first_weight = repr(DOC["layers"][0]["W"][0][0])
    cases = {
        "empty": "",
        "whitespace": " \n\t ",
        "null": "null",
        "a number": "1",
        "a string": '"chainrule.mlp"',
        "an array": "[]",
        "an empty object": "{}",
        "100000-deep arrays": "[" * 100_000 + "]" * 100_000,
        "100000-deep objects": '{"a":' * 100_000 + "0" + "}" * 100_000,
        "deep arrays unclosed": "[" * 100_000,
        "900-deep format": text.replace(f'"{FORMAT}"', "[" * 900 + "]" * 900),
        "5000-digit nin": text.replace('"nin": 3', '"nin": ' + "9" * 5000),
        "5000-digit weight": text.replace(first_weight, "1" + "0" * 5000, 1),
        "400-digit weight": text.replace(first_weight, "1" + "0" * 400, 1),
        "1e999 weight": text.replace(first_weight, "1e999", 1),
        "-1e999 bias": text.replace('"b": [0.1', '"b": [-1e999', 1),
        "NaN": text.replace(first_weight, "NaN", 1),
        "Infinity": text.replace(first_weight, "Infinity", 1),
        "-Infinity": text.replace(first_weight, "-Infinity", 1),
        "a string weight": text.replace(first_weight, '"0.5"', 1),
        "a true weight": text.replace(first_weight, "true", 1),
        "version 1.0": text.replace('"version": 1', '"version": 1.0'),
        "version 1e0": text.replace('"version": 1', '"version": 1e0'),
        "version true": text.replace('"version": 1', '"version": true'),
        "version 2": text.replace('"version": 1', '"version": 2'),
        "nin 3.0": text.replace('"nin": 3', '"nin": 3.0'),
        "nin true": text.replace('"nin": 3', '"nin": true'),
        "nin 1e9 (rows too short)": text.replace('"nin": 3', '"nin": 1000000000'),
        "nin -3": text.replace('"nin": 3', '"nin": -3'),
        "nouts empty": text.replace('"nouts": [2, 2, 1]', '"nouts": []'),
        "100000 layer widths": text.replace(
            '"nouts": [2, 2, 1]', '"nouts": [' + ", ".join(["1"] * 100_000) + "]"
        ),
        "fused 1": text.replace('"fused": true', '"fused": 1'),
        "seed 1.5": text.replace('"seed": 7', '"seed": 1.5'),
        "seed 1e400": text.replace('"seed": 7', '"seed": 1e400'),
        "activation __proto__": text.replace('"activation": "tanh"', '"activation": "__proto__"'),
        "activation with a lone surrogate": text.replace('"activation": "tanh"', '"activation": "\\ud800"'),
        "activation Tanh": text.replace('"activation": "tanh"', '"activation": "Tanh"'),
        "init as code": text.replace('"init": "xavier"', "\"init\": \"__import__('os').system('true')\""),
        "duplicate top-level key": text.replace('"nin": 3', '"nin": 3, "nin": 3'),
        "duplicate key in a layer": text.replace('{"W"', '{"b": [0, 0], "W"', 1),
        "a NUL byte": text.replace(", ", ",\x00 ", 1),
        "a trailing comma": text[:-1] + ",}",
        "two documents": text + text,
        "a comment": "// model\n" + text,
        "single quotes": text.replace('"', "'"),
        "a million-character format": text.replace(f'"{FORMAT}"', json.dumps("x" * 10**6)),
    }
    out = [(name, t.encode("utf-8", "surrogatepass")) for name, t in cases.items()]
    out += [
        ("a UTF-8 byte-order mark", b"\xef\xbb\xbf" + text.encode()),
        ("UTF-16", text.encode("utf-16")),
        ("UTF-32", text.encode("utf-32")),
        ("Latin-1 bytes", text.replace('"tanh"', '"t\xe4nh"').encode("latin-1")),
        (
            "invalid UTF-8 (an encoded surrogate)",
            text.replace('"tanh"', '"\ud800"').encode("utf-8", "surrogatepass"),
        ),
        ("a pickle", b"\x80\x04\x95\x15\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x03nin\x94K\x03s."),
        ("random bytes", bytes(range(256)) * 4),
        ("gzip magic", b"\x1f\x8b\x08\x00" + b"\x00" * 100),
    ]
    return out


@pytest.mark.parametrize(("name", "data"), _hostile(), ids=[name for name, _ in _hostile()])
def test_hand_made_hostile_files_are_refused_naming_the_file(tmp_path, name, data):
    assert check_load(tmp_path / "hostile.json", data) is None


def test_a_missing_file_or_a_directory_is_an_os_error_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.json"):
        nets.load(tmp_path / "nope.json")
    with pytest.raises(IsADirectoryError, match=str(tmp_path)):
        nets.load(tmp_path)
