"""A pass of the chain rule as an animation for slides: :func:`save_animation` (GIF or animated SVG).

An animation has a start frame and one frame per step of a
:class:`~autograd.Stepper` (``len(stepper) + 1`` frames), each shown for
``seconds_per_step``, with the step's arithmetic written under the graph.

Every frame has the same layout, so nothing moves. The graph is laid out
once, exactly as the Stepper's page lays it out (with the numbers of the
last frame, so every cell is wide enough for all of them), and each frame
only restyles elements by their ids and rewrites a cell's text — the page's
frames, read from :meth:`Stepper.html`. Rendering every frame's own drawing
instead would move boxes whenever a number's width changes (a forward pass
of one neuron gives three different picture widths). So:

- an animated ``.svg`` is that one SVG with CSS keyframes: per element, its
  fill, stroke and width over the frames; per rewritten cell, one text per
  value, shown while it holds; one caption group per frame. Browsers play
  it, also as an ``<img>``; a viewer without CSS animations shows the start
  frame.
- a ``.gif`` is drawn frame by frame with Pillow from that SVG
  (:class:`Scene`: Graphviz's SVG is polygons, ellipses, Bézier paths and
  text), so it needs no system Graphviz, no SVG rasterizer and no ffmpeg.
  Each frame after the first stores only the box that changed, its
  unchanged pixels transparent.

This module provides :func:`save_animation`, :class:`Scene` (a laid-out SVG
drawn with Pillow, with per-element restyling), :func:`write_gif` (frames
with one shared palette, written one at a time), :func:`font` (a Pillow
font that exists on any machine) and :func:`validate_seconds` (a frame's
duration, as every animation checks it).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core import real
from .names import xml_text
from .page import legend_text
from .render import as_path, validate_dpi
from .style import PLAIN, STYLES

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["CAPTION_BACKGROUND", "Scene", "font", "save_animation", "validate_seconds", "write_gif"]

SVG_NS = "http://www.w3.org/2000/svg"
_NS = "{" + SVG_NS + "}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: The background of the caption band under the graph (as on the Stepper's page).
CAPTION_BACKGROUND = "#f6f6f6"
_SUFFIXES = (".gif", ".svg")
_XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}  # SVG text-anchor -> Pillow anchor (baseline)
_SUPERSAMPLE = 2  # frames are drawn at twice the size and reduced: smooth lines and text


# -- fonts -------------------------------------------------------------------------

#: Font files tried in order (Pillow looks in the system's font folders); Liberation and Arial have
#: Helvetica's metrics, which Graphviz sized the cells with.
_FONT_FILES = {
    ("sans", False): (
        "LiberationSans-Regular.ttf",
        "Arial.ttf",
        "arial.ttf",
        "Helvetica.ttc",
        "DejaVuSans.ttf",
        "Verdana.ttf",
    ),
    ("sans", True): (
        "LiberationSans-Bold.ttf",
        "Arial Bold.ttf",
        "arialbd.ttf",
        "DejaVuSans-Bold.ttf",
        "Verdana Bold.ttf",
    ),
    ("mono", False): (
        "DejaVuSansMono.ttf",
        "LiberationMono-Regular.ttf",
        "Menlo.ttc",
        "consola.ttf",
        "Courier New.ttf",
        "cour.ttf",
    ),
    ("mono", True): (
        "DejaVuSansMono-Bold.ttf",
        "LiberationMono-Bold.ttf",
        "Menlo.ttc",
        "consolab.ttf",
        "Courier New Bold.ttf",
        "courbd.ttf",
    ),
}


@functools.lru_cache(maxsize=256)
def _font(kind: str, bold: bool, size: int) -> Any:
    """A Pillow font of ``size`` pixels: a system font, else Pillow's own (scalable from Pillow 10.1)."""
    from PIL import ImageFont

    for name in _FONT_FILES[(kind, bold)]:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: one bitmap size
        return ImageFont.load_default()


def font(size: int, *, bold: bool = False, mono: bool = False) -> Any:
    """A Pillow font ``size`` pixels high: Helvetica's metrics (Liberation Sans, Arial) or a monospace.

    A system font when there is one, else Pillow's own, so pictures can be
    drawn on a machine with no fonts installed.
    """
    return _font("mono" if mono else "sans", bool(bold), max(1, int(size)))


def _text_length(font: Any, text: str) -> float:
    try:
        return float(font.getlength(text))
    except AttributeError:  # a bitmap font of an old Pillow
        box = font.getbbox(text)
        return float(box[2] - box[0])


def _draw_text(draw: Any, xy: tuple[float, float], text: str, font: Any, fill: Any, anchor: str) -> None:
    """Text with its baseline at ``xy``; ``anchor`` is "start", "middle" or "end"."""
    try:
        draw.text(xy, text, font=font, fill=fill, anchor=_ANCHORS.get(anchor, "ls"))
    except (ValueError, TypeError):  # a bitmap font has no anchors: place its box by hand
        width = _text_length(font, text)
        shift = {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        box = font.getbbox(text)
        draw.text((xy[0] - shift, xy[1] - box[3]), text, font=font, fill=fill)


# -- colours and geometry ------------------------------------------------------------


def _colour(value: str | None, opacity: str | None = None) -> tuple[int, int, int] | None:
    """An SVG paint as RGB (an opacity or alpha blended over white), or None for none/transparent."""
    from PIL import ImageColor

    if value is None or value in ("none", "transparent", ""):
        return None
    try:
        rgba = ImageColor.getcolor(value, "RGBA")
    except ValueError:
        return (0, 0, 0)
    alpha = rgba[3] / 255 * (float(opacity) if opacity not in (None, "") else 1.0)
    if alpha <= 0:
        return None
    return tuple(round(c * alpha + 255 * (1 - alpha)) for c in rgba[:3])  # type: ignore[return-value]


_Matrix = tuple[float, float, float, float, float, float]  # a, b, c, d, e, f as in SVG
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _transform(text: str | None) -> _Matrix:
    """An SVG ``transform`` (translate, scale, rotate, matrix) as a matrix."""
    m = _IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "translate":
            n = (1.0, 0.0, 0.0, 1.0, v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale":
            n = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        elif name == "rotate":
            r = math.radians(v[0])
            n = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0.0, 0.0)
        elif name == "matrix":
            n = tuple(v[:6])  # type: ignore[assignment]
        else:
            continue
        m = _multiply(m, n)
    return m


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _points(text: str) -> list[tuple[float, float]]:
    v = [float(x) for x in re.split(r"[\s,]+", text.strip()) if x]
    return list(zip(v[0::2], v[1::2]))


def _path(d: str) -> list[list[tuple[float, float]]]:
    """An SVG path's subpaths as polylines (absolute M, L, H, V, C, Z: what Graphviz writes)."""
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    paths: list[list[tuple[float, float]]] = []
    here = (0.0, 0.0)
    command = ""
    i = 0

    def numbers(k: int) -> list[float]:
        nonlocal i
        out = [float(t) for t in tokens[i : i + k]]
        i += k
        return out

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                if paths and paths[-1]:
                    paths[-1].append(paths[-1][0])
                continue
        if command in "Mm":
            here = tuple(numbers(2))  # type: ignore[assignment]
            paths.append([here])
            command = "L" if command == "M" else "l"
        elif command in "Ll":
            here = tuple(numbers(2))  # type: ignore[assignment]
            paths[-1].append(here)
        elif command == "H":
            here = (numbers(1)[0], here[1])
            paths[-1].append(here)
        elif command == "V":
            here = (here[0], numbers(1)[0])
            paths[-1].append(here)
        elif command in "Cc":
            x1, y1, x2, y2, x3, y3 = numbers(6)
            x0, y0 = here
            for k in range(1, 13):
                t = k / 12
                u = 1 - t
                paths[-1].append(
                    (
                        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
                    )
                )
            here = (x3, y3)
        else:  # a command Graphviz does not write: skip its numbers
            i += 1
    return [p for p in paths if p]


def _dashes(points: list[tuple[float, float]], pattern: list[float]) -> list[list[tuple[float, float]]]:
    """A polyline cut into the dashes of ``pattern`` (on, off, on, ... lengths)."""
    if not pattern or sum(pattern) <= 0:
        return [points]
    out: list[list[tuple[float, float]]] = []
    k, left, on = 0, pattern[0], True
    current = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        seg = math.hypot(x1 - x0, y1 - y0)
        pos = 0.0
        while seg - pos > left:
            pos += left
            p = (x0 + (x1 - x0) * pos / seg, y0 + (y1 - y0) * pos / seg)
            if on:
                current.append(p)
                out.append(current)
            current = [p]
            on = not on
            k = (k + 1) % len(pattern)
            left = pattern[k]
        left -= seg - pos
        if on:
            current.append((x1, y1))
    if on and len(current) > 1:
        out.append(current)
    return out


# -- a laid-out SVG, drawn with Pillow ------------------------------------------------


@dataclass
class _Shape:
    tag: str  # polygon, polyline, ellipse, path, text
    owner: str | None  # the id of the node, edge or cluster the shape belongs to
    role: str  # "fill" (a node's background), "line" / "head" (an edge's path / arrowhead), ""
    attrs: dict[str, str]
    matrix: _Matrix
    text: str = ""


@dataclass
class _Element:
    kind: str  # "node" or "edge" or "cluster"
    shapes: list[int] = field(default_factory=list)
    last_text: int | None = None


class Scene:
    """A laid-out Graphviz SVG that can be drawn with Pillow, restyled by element id.

    Args:
        svg: SVG text as Graphviz writes it (:func:`~autograd.render_svg`).

    :meth:`render` draws it with some elements restyled — a node's fill, an
    edge's colour and pen width, as the highlight styles of
    :mod:`autograd.see.style` give them — and the last text of some
    elements rewritten. The layout never changes. Texts are drawn with a
    system font of Helvetica's metrics when there is one (Liberation Sans,
    Arial), else shrunk uniformly so that every text fits its cell.
    """

    def __init__(self, svg: str) -> None:
        root = ET.fromstring(svg)
        if root.tag != _NS + "svg":
            raise ValueError(f"Scene expects an SVG document, got <{root.tag}>")
        box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
        width, height = _length(root.get("width")), _length(root.get("height"))
        if len(box) != 4:
            if width is None or height is None:
                raise ValueError("Scene: the SVG has neither a viewBox nor a width and height")
            box = [0.0, 0.0, width, height]
        self.width = width if width is not None else box[2]  # points
        self.height = height if height is not None else box[3]
        view = (
            self.width / box[2],
            0.0,
            0.0,
            self.height / box[3],
            -box[0] * self.width / box[2],
            -box[1] * self.height / box[3],
        )
        self.shapes: list[_Shape] = []
        self.elements: dict[str, _Element] = {}
        self._walk(root, view, None)
        self._font_scale = 1.0
        self._boxes: dict[tuple[int, str, float], tuple[int, int, int, int]] = {}
        self.fit_texts({})

    def _walk(self, el: ET.Element, matrix: _Matrix, owner: str | None) -> None:
        for child in el:
            tag = child.tag.removeprefix(_NS)
            m = _multiply(matrix, _transform(child.get("transform")))
            if tag in ("g", "a"):
                own = owner
                classes = (child.get("class") or "").split()
                kind = next((k for k in ("node", "edge", "cluster") if k in classes), None)
                if tag == "g" and kind and child.get("id"):
                    own = child.get("id")
                    self.elements[own] = _Element(kind)
                self._walk(child, m, own)
            elif tag in ("polygon", "polyline", "ellipse", "path", "text"):
                element = self.elements.get(owner) if owner else None
                role = ""
                if element is not None and element.kind == "node" and tag in ("polygon", "ellipse"):
                    if not any(self.shapes[i].role == "fill" for i in element.shapes):
                        role = "fill"
                elif element is not None and element.kind == "edge":
                    role = {"path": "line", "polygon": "head", "polyline": "line"}.get(tag, "")
                text = "".join(child.itertext()) if tag == "text" else ""
                self.shapes.append(_Shape(tag, owner, role, dict(child.attrib), m, text))
                if element is not None:
                    element.shapes.append(len(self.shapes) - 1)
                    if tag == "text":
                        element.last_text = len(self.shapes) - 1

    # -- text fitting ---------------------------------------------------------------
    def fit_texts(self, variants: Mapping[str, Iterable[str]]) -> float:
        """Shrink the font (uniformly) so that each text fits its cell, also each of ``variants``.

        ``variants`` maps an element id to the texts its last text will be
        rewritten to. Returns the font scale (1.0 when the font has
        Helvetica's metrics).
        """
        scale = 1.0
        for element in self.elements.values():
            if element.kind != "node":
                continue
            cells = [self.shapes[i] for i in element.shapes if self.shapes[i].tag == "polygon"]
            for i in element.shapes:
                shape = self.shapes[i]
                if shape.tag != "text":
                    continue
                texts = [shape.text]
                if i == element.last_text and shape.owner in variants:
                    texts += list(variants[shape.owner])
                room = self._room(shape, cells)
                if room is None:
                    continue
                size, bold, kind = self._font_spec(shape, 1.0)
                font = _font(kind, bold, 100)
                for t in texts:
                    need = _text_length(font, t) * size / 100
                    if need > room > 0:
                        scale = min(scale, room / need)
        self._font_scale = max(scale, 0.5)
        self._boxes.clear()
        return self._font_scale

    def _room(self, text: _Shape, cells: list[_Shape]) -> float | None:
        """The width (user units) a text has in the smallest polygon around its anchor, or None."""
        x, y = float(text.attrs.get("x", 0)), float(text.attrs.get("y", 0))
        best = None
        for cell in cells:
            pts = _points(cell.attrs.get("points", ""))
            if not pts:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            if min(xs) - 0.5 <= x <= max(xs) + 0.5 and min(ys) <= y <= max(ys):
                area = (max(xs) - min(xs)) * (max(ys) - min(ys))
                if best is None or area < best[0]:
                    best = (area, min(xs), max(xs))
        if best is None:
            return None
        _, left, right = best
        anchor = text.attrs.get("text-anchor", "start")
        if anchor == "start":
            return right - x - (x - left)
        return right - left - 2

    def _font_spec(self, shape: _Shape, scale: float) -> tuple[float, bool, str]:
        family = shape.attrs.get("font-family", "").lower()
        kind = "mono" if "mono" in family or "courier" in family else "sans"
        bold = shape.attrs.get("font-weight", "") in ("bold", "bolder", "600", "700", "800", "900")
        return float(shape.attrs.get("font-size", "14")) * scale, bold, kind

    # -- drawing --------------------------------------------------------------------
    def size(self, dpi: float = 96) -> tuple[int, int]:
        """The picture's size in pixels at ``dpi``."""
        return max(1, round(self.width * dpi / 72)), max(1, round(self.height * dpi / 72))

    def render(
        self,
        styles: Mapping[str, Mapping[str, str]] | None = None,
        texts: Mapping[str, str] | None = None,
        dpi: float = 96,
    ) -> Image.Image:
        """The picture as an RGB image, with elements restyled and texts rewritten.

        Args:
            styles: element id -> a style as in :data:`autograd.see.style.STYLES`
                (``fill`` for a node's background, ``edge`` and ``penwidth``
                for an edge's line and arrowhead); missing keys and ids keep
                the SVG's own.
            texts: element id -> the text its last ``<text>`` shows.
            dpi: pixels per inch (72 points).
        """
        return self._paint(None, styles or {}, texts or {}, dpi)

    def render_frames(
        self, states: Iterable[tuple[Mapping[str, Mapping[str, str]], Mapping[str, str]]], dpi: float = 96
    ) -> Iterator[tuple[Image.Image, tuple[int, int, int, int] | None]]:
        """Each ``(styles, texts)`` state drawn, as :meth:`render` would, redrawing only what changed.

        Yields ``(picture, box)``: the picture after the state (one image,
        updated in place: copy it to keep it) and the pixel box that changed
        since the previous state (None for the first; ``(0, 0, 1, 1)`` when
        nothing changed).
        """
        image = None
        before: tuple[Mapping[str, Mapping[str, str]], Mapping[str, str]] = ({}, {})
        for styles, texts in states:
            if image is None:
                image = self._paint(None, styles, texts, dpi)
                before = (styles, texts)
                yield image, None
                continue
            old_styles, old_texts = before
            ids = set(styles) | set(old_styles) | set(texts) | set(old_texts)
            changed = [
                e for e in ids if styles.get(e) != old_styles.get(e) or texts.get(e) != old_texts.get(e)
            ]
            found = [self._element_box(e, dpi, texts, old_texts) for e in changed]
            boxes = _merge([b for b in found if b is not None], image.size)
            for box in boxes:
                image.paste(self._paint(box, styles, texts, dpi), box[:2])
            before = (styles, texts)
            yield image, _union(boxes) if boxes else (0, 0, 1, 1)

    def _paint(
        self,
        box: tuple[int, int, int, int] | None,
        styles: Mapping[str, Mapping[str, str]],
        texts: Mapping[str, str],
        dpi: float,
    ) -> Image.Image:
        """The picture (or the part of it in ``box``, in pixels), drawn at twice the size and reduced."""
        from PIL import Image, ImageDraw

        ss = _SUPERSAMPLE
        if box is None:
            w, h = self.size(dpi)
            box = (0, 0, w, h)
        x0, y0, x1, y1 = box
        image = Image.new("RGB", ((x1 - x0) * ss, (y1 - y0) * ss), "white")
        draw = ImageDraw.Draw(image)
        k = dpi / 72 * ss
        origin = (x0 * ss, y0 * ss)
        for index, shape in enumerate(self.shapes):
            text = self._text_of(index, texts)
            b = self._shape_box(index, text, dpi)
            if b[2] <= x0 or b[0] >= x1 or b[3] <= y0 or b[1] >= y1:
                continue
            style = styles.get(shape.owner, {}) if shape.owner else {}
            self._draw(draw, shape, style, text, k, origin)
        return image.reduce(ss)

    def _text_of(self, index: int, texts: Mapping[str, str]) -> str:
        shape = self.shapes[index]
        owner = shape.owner
        if shape.tag == "text" and owner in texts and self.elements[owner].last_text == index:
            return texts[owner]
        return shape.text

    def _geometry(self, shape: _Shape) -> tuple[list[list[tuple[float, float]]], float]:
        """A shape's outline as polylines in points (an ellipse: its box's corners), and its scale."""
        a, m = shape.attrs, shape.matrix
        if shape.tag == "text":
            lines = [[(float(a.get("x", 0)), float(a.get("y", 0)))]]
        elif shape.tag == "ellipse":
            cx, cy = float(a.get("cx", 0)), float(a.get("cy", 0))
            rx, ry = float(a.get("rx", 0)), float(a.get("ry", 0))
            lines = [[(cx - rx, cy - ry), (cx + rx, cy + ry)]]
        elif shape.tag == "path":
            lines = _path(a.get("d", ""))
        else:
            pts = _points(a.get("points", ""))
            lines = [pts + pts[:1]] if shape.tag == "polygon" and pts else [pts]
        scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        return [[_apply(m, *p) for p in line] for line in lines], scale

    def _font_of(self, shape: _Shape, scale: float, k: float) -> Any:
        size, bold, kind = self._font_spec(shape, self._font_scale)
        return _font(kind, bold, max(1, round(size * scale * k)))

    def _shape_box(self, index: int, text: str, dpi: float) -> tuple[int, int, int, int]:
        """The pixel box a shape (drawn with ``text``, for a text) covers, with a pixel to spare."""
        key = (index, text, dpi)
        found = self._boxes.get(key)
        if found is not None:
            return found
        shape = self.shapes[index]
        lines, scale = self._geometry(shape)
        k = dpi / 72
        if shape.tag == "text":
            ss = _SUPERSAMPLE
            ((x, y),) = lines[0]
            font = self._font_of(shape, scale, k * ss)
            anchor = _ANCHORS.get(shape.attrs.get("text-anchor", ""), "ls")
            try:
                left, top, right, bottom = font.getbbox(text or " ", anchor=anchor)
            except (ValueError, TypeError):
                width, size = _text_length(font, text), getattr(font, "size", 12)
                shift = {"ls": 0.0, "ms": width / 2, "rs": width}[anchor]
                left, top, right, bottom = -shift, -size, width - shift, size / 3
            xs = [x * k + left / ss, x * k + right / ss]
            ys = [y * k + top / ss, y * k + bottom / ss]
            spare = 2.0
        else:
            xs = [p[0] * k for line in lines for p in line]
            ys = [p[1] * k for line in lines for p in line]
            if not xs:
                xs, ys = [0.0], [0.0]
            spare = float(shape.attrs.get("stroke-width", "1")) * 3 * scale * k / 2 + 2  # up to 3x for styles
        box = (
            math.floor(min(xs) - spare),
            math.floor(min(ys) - spare),
            math.ceil(max(xs) + spare),
            math.ceil(max(ys) + spare),
        )
        self._boxes[key] = box
        return box

    def _element_box(
        self, eid: str, dpi: float, texts: Mapping[str, str], old_texts: Mapping[str, str]
    ) -> tuple[int, int, int, int] | None:
        """The pixel box of an element's shapes, with its last text as in either state."""
        element = self.elements.get(eid)
        if element is None or not element.shapes:
            return None
        boxes = []
        for i in element.shapes:
            boxes.append(self._shape_box(i, self._text_of(i, texts), dpi))
            if i == element.last_text:
                boxes.append(self._shape_box(i, self._text_of(i, old_texts), dpi))
        return _union(boxes)

    def _draw(
        self,
        draw: Any,
        shape: _Shape,
        style: Mapping[str, str],
        text: str,
        k: float,
        origin: tuple[int, int],
    ) -> None:
        a = shape.attrs
        fill, stroke = a.get("fill", "black"), a.get("stroke", "none")
        width = float(a.get("stroke-width", "1"))
        if shape.role == "fill" and "fill" in style:
            fill = style["fill"]
        elif shape.role in ("line", "head") and "edge" in style:
            stroke = style["edge"]
            if shape.role == "head":
                fill = style["edge"]
        if shape.role in ("line", "head") and "penwidth" in style:
            width = float(style["penwidth"])
        lines, scale = self._geometry(shape)
        ox, oy = origin
        # whole pixels of the doubled picture: a part drawn with an offset matches the whole exactly
        lines = [[(round(x * k) - ox, round(y * k) - oy) for x, y in line] for line in lines]
        fill_rgb = _colour(fill, a.get("fill-opacity"))
        stroke_rgb = _colour(stroke, a.get("stroke-opacity"))
        line_width = max(1, round(width * scale * k))
        dash = [float(x) * scale * k for x in re.split(r"[\s,]+", a.get("stroke-dasharray", "")) if x]
        if shape.tag == "text":
            font = self._font_of(shape, scale, k)
            _draw_text(draw, lines[0][0], text, font, fill_rgb or (0, 0, 0), a.get("text-anchor", "start"))
            return
        if shape.tag == "ellipse":
            (x0, y0), (x1, y1) = lines[0]
            box = [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
            draw.ellipse(box, fill=fill_rgb, outline=stroke_rgb, width=line_width if stroke_rgb else 0)
            return
        for pts in lines:
            if len(pts) < 2:
                continue
            if fill_rgb is not None and shape.tag in ("polygon", "path"):
                draw.polygon(pts, fill=fill_rgb)
            if stroke_rgb is not None:
                for piece in _dashes(pts, dash):
                    draw.line(piece, fill=stroke_rgb, width=line_width, joint="curve")


def _union(boxes: Sequence[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _merge(boxes: list[tuple[int, int, int, int]], size: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Boxes clipped to the picture, overlapping ones merged (so no pixel is drawn twice)."""
    w, h = size
    out: list[tuple[int, int, int, int]] = []
    for b in boxes:
        b = (max(0, b[0]), max(0, b[1]), min(w, b[2]), min(h, b[3]))
        if b[0] >= b[2] or b[1] >= b[3]:
            continue
        while True:
            hit = next((o for o in out if o[0] < b[2] and b[0] < o[2] and o[1] < b[3] and b[1] < o[3]), None)
            if hit is None:
                break
            out.remove(hit)
            b = _union([b, hit])
        out.append(b)
    return out


def _length(text: str | None) -> float | None:
    """An SVG length in points (pt, px, in, or a plain number of px)."""
    if not text:
        return None
    m = re.fullmatch(r"\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s*(pt|px|in|cm|mm)?\s*", text)
    if not m:
        return None
    unit = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, None: 0.75}[m[2]]
    return float(m[1]) * unit


# -- GIF -------------------------------------------------------------------------------


def validate_seconds(seconds: Any, name: str) -> float:
    """``seconds`` as a float from 0.02 to 655.35 (what a GIF's frame delay can hold).

    A bool or a str is a TypeError; NaN, an infinity, an int beyond floats or a
    number out of that range a ValueError naming ``name``.
    """
    value = real(seconds, name)
    if not 0.02 <= value <= 655.35:
        raise ValueError(
            f"{name} must be between 0.02 and 655.35 seconds (what a GIF can hold), got {value!r}"
        )
    return value


#: The palette index a frame's unchanged pixels take: transparent, so the frame before shows through
#: (runs of one index compress far better than the unchanged picture). No colour is mapped to it.
_KEEP = 255


def _palette(samples: Sequence[Image.Image], exact: Iterable[str] = ()) -> Image.Image:
    """A 255-colour palette (index 255 is kept for "unchanged"): white, black and the ``exact``
    colours, then the colours of ``samples``."""
    from PIL import Image, ImageColor

    fixed: list[tuple[int, int, int]] = []
    for c in ("white", "black", *exact):
        rgb = ImageColor.getrgb(c)[:3]
        if rgb not in fixed:
            fixed.append(rgb)  # type: ignore[arg-type]
    width = max(s.size[0] for s in samples)
    sheet = Image.new("RGB", (width, sum(s.size[1] for s in samples)), "white")
    y = 0
    for s in samples:
        sheet.paste(s.convert("RGB"), (0, y))
        y += s.size[1]
    free = _KEEP - len(fixed)
    found = sheet.quantize(colors=free, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    found_rgb = (found.getpalette() or [])[: 3 * free]
    # Pillow maps a colour to the palette through bins of 8 levels: near an exact colour, keep that alone
    rest = [
        rgb
        for rgb in zip(found_rgb[0::3], found_rgb[1::3], found_rgb[2::3])
        if all(max(abs(a - b) for a, b in zip(rgb, f)) > 8 for f in fixed)
    ]
    colours = [*fixed, *rest][:_KEEP]
    # the unused entries, _KEEP among them, repeat white: the nearest colour is always found first
    colours += [(255, 255, 255)] * (256 - len(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for rgb in colours for v in rgb])
    return palette


def _quantize(image: Image.Image, palette: Image.Image) -> Image.Image:
    from PIL import Image

    return image.convert("RGB").quantize(palette=palette, dither=Image.Dither.NONE)


def _gif_parts(data: bytes) -> tuple[int, bytes]:
    """A one-frame GIF's header length (signature, screen, global colours) and its image block."""
    pos = 13
    if data[10] & 0x80:
        pos += 3 * 2 ** ((data[10] & 7) + 1)
    header = pos
    while data[pos] == 0x21:  # extensions: skip their sub-blocks
        pos += 2
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    if data[pos] != 0x2C or data[-1] != 0x3B:
        raise ValueError("unexpected GIF layout from Pillow")
    return header, data[pos:-1]


class _GifWriter:
    """Writes a GIF one frame at a time (a frame may be the changed part of the picture only).

    Each frame is encoded by Pillow as a one-frame GIF of the shared palette
    (:func:`_palette`); its image block is then written with its place, the
    frame's delay and "keep the previous frame" disposal, so memory holds two
    frames only. In a frame after the first, the pixels that did not change
    take the transparent index :data:`_KEEP`.
    """

    def __init__(self, path: Path, seconds: float, loop: bool) -> None:
        self.path, self.loop = path, loop
        self.delay = max(2, round(seconds * 100))  # centiseconds
        self.frames = 0
        self.before: Image.Image | None = None
        self.fp = path.open("wb")

    def add(self, image: Image.Image, box: tuple[int, int, int, int] | None) -> None:
        """Add a frame: ``image`` (a palette image of the shared palette), of which ``box`` changed."""
        import io
        import struct

        from PIL import Image, ImageChops

        region = image if box is None else image.crop(box)
        flags, keep = 1 << 2, 0  # disposal: keep the frame before
        if box is not None and self.before is not None:
            old = self.before.crop(box)
            indices = (Image.frombytes("L", region.size, im.tobytes()) for im in (region, old))
            same = ImageChops.difference(*indices)
            region.paste(_KEEP, mask=same.point(lambda v: 255 if v == 0 else 0, "1"))
            flags, keep = flags | 1, _KEEP  # transparent: the unchanged pixels
        self.before = image.copy()
        buf = io.BytesIO()
        region.save(buf, format="GIF", optimize=False)
        data = buf.getvalue()
        header, block = _gif_parts(data)
        if self.frames == 0:
            if box is not None:
                raise ValueError("the first frame of a GIF must be whole")
            self.fp.write(b"GIF89a" + data[6:header])  # 89a: the version with delays and loops
            if self.loop:
                self.fp.write(b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00")
        x, y = (0, 0) if box is None else box[:2]
        self.fp.write(b"!\xf9\x04" + bytes([flags]) + struct.pack("<H", self.delay) + bytes([keep, 0]))
        self.fp.write(block[:1] + struct.pack("<HH", x, y) + block[5:])
        self.frames += 1

    def close(self) -> None:
        if not self.fp.closed:
            self.fp.write(b";")
            self.fp.close()

    def __enter__(self) -> _GifWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _changed(a: Image.Image, b: Image.Image) -> tuple[int, int, int, int]:
    """The box where two palette images of one size differ (a 1-pixel box when they do not)."""
    from PIL import Image, ImageChops

    la, lb = (Image.frombytes("L", a.size, im.tobytes()) for im in (a, b))
    return ImageChops.difference(la, lb).getbbox() or (0, 0, 1, 1)


def write_gif(
    frames: Iterable[Image.Image],
    path: str | os.PathLike,
    seconds_per_frame: float = 1.0,
    *,
    palette_from: Sequence[Image.Image] | None = None,
    loop: bool = True,
) -> Path:
    """Write ``frames`` (Pillow images of one size) as a GIF, each shown ``seconds_per_frame``.

    Args:
        frames: the frames; an iterator is read one frame at a time, so
            memory holds one frame (each written as the part that changed).
        palette_from: images whose colours make the shared 256-colour palette
            (default: the first frame), so colours do not flicker.
        loop: play forever.

    Every frame is kept, also one identical to the one before.
    """
    seconds = validate_seconds(seconds_per_frame, "write_gif: seconds_per_frame")
    path = as_path(path, "write_gif")
    frames = iter(frames)
    first = next(frames, None)
    if first is None:
        raise ValueError("write_gif: no frames")
    palette = _palette(list(palette_from) if palette_from else [first])
    before = None
    with _GifWriter(path, seconds, loop) as writer:
        for i, frame in enumerate(itertools.chain([first], frames)):
            if frame.size != first.size:
                raise ValueError(
                    f"write_gif: frame {i} is {frame.size}, frame 0 is {first.size}; sizes must match"
                )
            image = _quantize(frame, palette)
            writer.add(image, None if before is None else _changed(before, image))
            before = image
    return path


# -- the Stepper's frames ------------------------------------------------------------------


@dataclass
class _Plan:
    """What every frame shows: the layout SVG, then per frame the marks, the cell texts and the caption."""

    svg: str
    marks: list[dict[str, str]]  # element id -> style name ("accumulate", "current", "done")
    texts: list[dict[str, str]]  # element id -> the text of its last <text>
    captions: list[str]


def _start_caption(stepper: Any, steps: Sequence[Any], fmt: str) -> str:
    """The start frame's caption: the pass, where it starts, and what the colours mean."""
    direction = stepper.direction
    if not steps:
        return f"{direction} pass: no steps (the root is a leaf)"
    key = f"\n  {legend_text(stepper.legend())}"
    if direction == "backward":
        name = stepper.names[steps[0].node]
        seed = format(steps[0].upstream, fmt)
        return (
            f"backward pass of {name}: {len(steps)} steps\n"
            f"  start: every grad is 0 but the output's own, d{name}/d{name} = {seed}{key}"
        )
    name = stepper.names[steps[-1].node]
    return (
        f"forward pass of {name}: {len(steps)} steps\n"
        f"  start: only the inputs are known; every computed value shows data ?{key}"
    )


def _plan(stepper: Any) -> _Plan:
    """The frames of ``stepper``: the start, then one per step, from its page's layout and frames."""
    layout = stepper.layout()
    svg, frames = layout.svg, layout.frames
    fmt = stepper.number_format
    done = {eid: "done" for eid in layout.done0}
    texts = dict(layout.write0)
    marks_list, texts_list = [dict(done)], [dict(texts)]
    captions = [_start_caption(stepper, stepper.steps, fmt)]
    for frame in frames:
        for eid in frame["done"]:
            done[eid] = "done"
        if frame["write"] is not None:
            texts[frame["write"][0]] = frame["write"][1]
        marks = dict(done)
        for eid in frame["cur"]:
            marks[eid] = "current"
        for eid in frame["acc"]:
            marks[eid] = "accumulate"
        marks_list.append(marks)
        texts_list.append(dict(texts))
        captions.append(frame["text"])
    return _Plan(svg, marks_list, texts_list, captions)


def _styles(scene_ids: Iterable[str], marks: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Every node's and edge's style in a frame: its mark's, else plain (as the page's CSS does)."""
    return {eid: STYLES[marks[eid]] if eid in marks else PLAIN for eid in scene_ids}


def _caption_lines(captions: Sequence[str]) -> int:
    return max(len(c.split("\n")) for c in captions)


def _write_stepper_gif(plan: _Plan, path: Path, seconds: float, dpi: float) -> Path:
    """The frames drawn from one layout (only what changes is redrawn), with captions, as a GIF."""
    from PIL import Image, ImageDraw

    scene = Scene(plan.svg)
    variants: dict[str, set[str]] = {}
    for texts in plan.texts:
        for eid, t in texts.items():
            variants.setdefault(eid, set()).add(t)
    scene.fit_texts(variants)
    ids = [eid for eid, el in scene.elements.items() if el.kind in ("node", "edge")]
    states = [(_styles(ids, marks), texts) for marks, texts in zip(plan.marks, plan.texts)]
    px = dpi / 72
    font = _font("mono", False, max(8, round(10 * px)))
    line_h, pad = round(13 * px), round(6 * px)
    caption_w = max(_text_length(font, line) for c in plan.captions for line in c.split("\n"))
    gw, gh = scene.size(dpi)
    width = max(gw, math.ceil(caption_w) + 2 * pad)
    band = (0, gh, width, gh + _caption_lines(plan.captions) * line_h + 2 * pad)
    left = (width - gw) // 2

    def caption(frame: Image.Image, text: str) -> None:
        draw = ImageDraw.Draw(frame)
        draw.rectangle([band[0], band[1], band[2] - 1, band[3] - 1], fill=CAPTION_BACKGROUND)
        for row, line in enumerate(text.split("\n")):
            y = gh + pad + (row + 1) * line_h - round(3 * px)
            _draw_text(draw, (pad, y), line, font, (0, 0, 0), "start")

    def whole(state: tuple[Any, Any], text: str) -> Image.Image:
        frame = Image.new("RGB", (width, band[3]), "white")
        frame.paste(scene.render(state[0], state[1], dpi), (left, 0))
        caption(frame, text)
        return frame

    styles = (PLAIN, *STYLES.values())
    exact = [CAPTION_BACKGROUND, "#7f7f7f", *(c for st in styles for c in (st["fill"], st["edge"]))]  # gray50
    palette = _palette([whole(states[0], plan.captions[0]), whole(states[-1], plan.captions[-1])], exact)
    frame = Image.new("RGB", (width, band[3]), "white")
    indexed = None
    with _GifWriter(path, seconds, loop=True) as writer:
        for (picture, box), text in zip(scene.render_frames(states, dpi), plan.captions):
            if box is None:
                frame.paste(picture, (left, 0))
                caption(frame, text)
                indexed = _quantize(frame, palette)
                writer.add(indexed, None)
                continue
            frame.paste(picture.crop(box), (box[0] + left, box[1]))
            caption(frame, text)
            dirty = _union([(box[0] + left, box[1], box[2] + left, box[3]), band])
            assert indexed is not None
            old = indexed.crop(dirty)
            new = _quantize(frame.crop(dirty), palette)
            indexed.paste(new, dirty[:2])
            x0, y0, x1, y1 = _changed(old, new)  # the pixels that differ, within the redrawn part
            writer.add(indexed, (dirty[0] + x0, dirty[1] + y0, dirty[0] + x1, dirty[1] + y1))
    return path


# -- animated SVG -------------------------------------------------------------------------


def _pct(i: int, n: int) -> str:
    return f"{100 * i / n:.4f}".rstrip("0").rstrip(".") + "%"


class _Keyframes:
    """CSS @keyframes rules, one per distinct sequence of values over the frames."""

    def __init__(self, uid: str, frames: int, seconds: float) -> None:
        self.uid, self.frames, self.seconds = uid, frames, seconds
        self.rules: dict[tuple[str, tuple[str, ...]], str] = {}

    def animation(self, prop: str, values: Sequence[str]) -> str | None:
        """The ``animation`` declaration that gives ``prop`` ``values[f]`` in frame f (None if constant)."""
        if len(set(values)) == 1:
            return None
        key = (prop, tuple(values))
        name = self.rules.get(key)
        if name is None:
            name = self.rules[key] = f"{self.uid}-k{len(self.rules)}"
        return f"{name} {self.seconds * self.frames:g}s step-end infinite"

    def css(self) -> str:
        out = []
        for (prop, values), name in self.rules.items():
            steps = [f"{_pct(0, self.frames)}{{{prop}:{values[0]}}}"]
            steps += [
                f"{_pct(f, self.frames)}{{{prop}:{values[f]}}}"
                for f in range(1, len(values))
                if values[f] != values[f - 1]
            ]
            steps.append(f"100%{{{prop}:{values[-1]}}}")
            out.append(f"@keyframes {name}{{{''.join(steps)}}}")
        return "\n".join(out)


def _add_animation(el: ET.Element, animations: list[str]) -> None:
    """Give ``el`` the (comma-joined) CSS animations."""
    if animations:
        el.set("style", f"animation:{','.join(animations)}")


def _animated_svg(plan: _Plan, seconds: float) -> str:
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(plan.svg)
    n = len(plan.captions)
    digest = hashlib.sha1("\n".join([plan.svg, *plan.captions]).encode("utf-8", "surrogatepass"))
    uid = "cr-anim-" + digest.hexdigest()[:10]
    root.set("id", uid)
    kf = _Keyframes(uid, n, seconds)
    parents = {child: parent for parent in root.iter() for child in parent}

    for g in list(root.iter(_NS + "g")):
        eid, classes = g.get("id"), (g.get("class") or "").split()
        kind = "node" if "node" in classes else "edge" if "edge" in classes else None
        if not eid or kind is None:
            continue
        g.set("class", " ".join(c for c in classes if not c.startswith("hl-")))  # the frames restyle it
        styles = [STYLES[m[eid]] if eid in m else PLAIN for m in plan.marks]
        if kind == "node":
            target = next((e for e in g.iter() if e.tag in (_NS + "polygon", _NS + "ellipse")), None)
            if target is not None:
                fills = [s["fill"] for s in styles]
                target.set("fill", fills[0])
                _add_animation(target, [a for a in [kf.animation("fill", fills)] if a])
        else:
            colours = [s["edge"] for s in styles]
            widths = [s["penwidth"] for s in styles]
            for e in g.iter():
                if e.tag == _NS + "path" or e.tag == _NS + "polyline":
                    props = [("stroke", colours)]
                elif e.tag == _NS + "polygon":
                    props = [("stroke", colours), ("fill", colours)]
                else:
                    continue
                props.append(("stroke-width", widths))
                anims = []
                for prop, values in props:
                    e.set(prop, values[0])
                    # CSS wants a length where the attribute takes a number (user units are px)
                    css = [f"{v}px" for v in values] if prop == "stroke-width" else values
                    anim = kf.animation(prop, css)
                    if anim:
                        anims.append(anim)
                _add_animation(e, anims)
        texts = [t[eid] if eid in t else None for t in plan.texts]
        if any(t is not None for t in texts):
            last = list(g.iter(_NS + "text"))
            if last:
                _text_variants(last[-1], parents, texts, kf)

    _add_captions(root, plan.captions, kf)
    style = ET.Element(_NS + "style")
    style.text = "\n" + kf.css() + "\n"
    root.insert(0, style)
    return _XML_PROLOG + ET.tostring(root, encoding="unicode") + "\n"


def _text_variants(
    text: ET.Element, parents: dict[ET.Element, ET.Element], values: list[str | None], kf: _Keyframes
) -> None:
    """Replace ``text`` by one copy per run of frames with the same text, each visible during its run."""
    original = "".join(text.itertext())
    values = [original if v is None else v for v in values]
    runs: list[tuple[int, int, str]] = []
    for f, v in enumerate(values):
        if runs and runs[-1][2] == v:
            runs[-1] = (runs[-1][0], f + 1, v)
        else:
            runs.append((f, f + 1, v))
    if len(runs) == 1:
        text.text = values[0]
        for child in list(text):
            text.remove(child)
        return
    parent = parents[text]
    where = list(parent).index(text)
    parent.remove(text)
    n = len(values)
    for j, (a, b, v) in enumerate(runs):
        copy = ET.Element(text.tag, dict(text.attrib))
        copy.text = v
        shown = ["visible" if a <= f < b else "hidden" for f in range(n)]
        if a > 0:
            copy.set("visibility", "hidden")  # without CSS animations: the start frame
        _add_animation(copy, [kf.animation("visibility", shown)])
        parent.insert(where + j, copy)


def _add_captions(root: ET.Element, captions: list[str], kf: _Keyframes) -> None:
    """A caption band under the graph with one group per frame, each visible in its frame."""
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
    width, height = _length(root.get("width")), _length(root.get("height"))
    if len(box) != 4:
        box = [0.0, 0.0, width or 0.0, height or 0.0]
    x0, y0, vw, vh = box
    per_pt = vw / width if width else 1.0  # user units per point
    size, line_h, pad = 10 * per_pt, 13 * per_pt, 6 * per_pt
    lines = _caption_lines(captions)
    band = lines * line_h + 2 * pad
    need = max(len(line) for c in captions for line in c.split("\n")) * 0.6 * size + 2 * pad
    new_w = max(vw, need)
    root.set("viewBox", f"{x0:g} {y0:g} {new_w:g} {vh + band:g}")
    root.set("width", f"{new_w / per_pt:g}pt")
    root.set("height", f"{(vh + band) / per_pt:g}pt")
    group = ET.SubElement(root, _NS + "g", {"class": "cr-captions"})
    ET.SubElement(
        group,
        _NS + "rect",
        {
            "x": f"{x0:g}",
            "y": f"{y0 + vh:g}",
            "width": f"{new_w:g}",
            "height": f"{band:g}",
            "fill": CAPTION_BACKGROUND,
        },
    )
    n = len(captions)
    for f, caption in enumerate(captions):
        g = ET.SubElement(group, _NS + "g", {"class": "cr-frame", "id": f"{root.get('id')}-f{f}"})
        if f > 0:
            g.set("visibility", "hidden")
        shown = ["visible" if k == f else "hidden" for k in range(n)]
        anim = kf.animation("visibility", shown)
        if anim:
            g.set("style", f"animation:{anim}")
        for row, line in enumerate(caption.split("\n")):
            t = ET.SubElement(
                g,
                _NS + "text",
                {
                    "x": f"{x0 + pad:g}",
                    "y": f"{y0 + vh + pad + (row + 1) * line_h - 3 * per_pt:g}",
                    "font-family": "DejaVu Sans Mono,Menlo,Consolas,monospace",
                    "font-size": f"{size:g}",
                },
            )
            t.set(_XML_SPACE, "preserve")
            t.text = xml_text(line)  # a label's control characters written out, as the drawing shows them


# -- the entry point -------------------------------------------------------------------------


def save_animation(
    stepper: Any, path: str | os.PathLike, seconds_per_step: float = 1.0, *, dpi: float = 96
) -> Path:
    """Write the Stepper's pass as an animation: a start frame, then one frame per step.

    Args:
        stepper: an :class:`~autograd.Stepper` (backward or forward).
        path: ``.gif`` (drawn with Pillow) or ``.svg`` (an animated SVG, CSS
            keyframes); the suffix picks the format.
        seconds_per_step: how long each frame shows (0.02 to 655.35 s).
        dpi: pixels per inch of a GIF (the SVG is resolution-free).

    Returns:
        the path written. The GIF has ``len(stepper) + 1`` frames of one
        size and loops; the SVG has one caption group (``class="cr-frame"``)
        per frame.

    Raises:
        TypeError: ``path`` is not a str or path, or ``seconds_per_step`` /
            ``dpi`` is not a real number (a bool is not).
        ValueError: an unknown suffix, ``seconds_per_step`` outside 0.02 to
            655.35 s, or ``dpi`` outside (0, :data:`~autograd.see.render.MAX_DPI`].
    """
    path = as_path(path, "save_animation")
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        raise ValueError(
            f"save_animation: cannot tell the format of {str(path)!r} from its suffix {path.suffix!r}; "
            "use .gif or .svg (or .html for the interactive page: Stepper.save_html)"
        )
    seconds = validate_seconds(seconds_per_step, "save_animation: seconds_per_step")
    dpi = validate_dpi(dpi, "save_animation")
    plan = _plan(stepper)
    if suffix == ".svg":
        path.write_text(_animated_svg(plan, seconds), encoding="utf-8")
        return path
    return _write_stepper_gif(plan, path, seconds, dpi)
