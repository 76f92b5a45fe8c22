"""Tests of autograd.see.animate: a pass as a GIF and as an animated SVG, one layout for every frame.

The animated SVG is also played in a headless browser (skipped without Chromium; set
CHAINRULE_REQUIRE_BROWSER=1 to make a missing browser a failure, see browser.py).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageStat

import autograd as ag
from autograd.see import animate
from autograd.see.animate import Scene, save_animation, write_gif
from autograd.see.style import PLAIN, STYLES

from .browser import browser, headless

SVG = "{http://www.w3.org/2000/svg}"


def _neuron() -> ag.Value:
    x1, w1 = ag.Value(2.0, "x1"), ag.Value(-3.0, "w1")
    x2, w2 = ag.Value(0.0, "x2"), ag.Value(1.0, "w2")
    b = ag.Value(6.8813735870195432, "b")
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    o = n.tanh()
    o.label = "o"
    return o


@pytest.fixture(scope="module", params=["backward", "forward"])
def stepper(request) -> ag.Stepper:
    return ag.Stepper(_neuron(), request.param)


def _frames(path: Path) -> list[tuple[Image.Image, int]]:
    with Image.open(path) as im:
        out = []
        for i in range(im.n_frames):
            im.seek(i)
            out.append((im.convert("RGB"), im.info["duration"]))
        return out


def _states(s: ag.Stepper):
    plan = animate._plan(s)
    scene = Scene(plan.svg)
    ids = [e for e, el in scene.elements.items() if el.kind in ("node", "edge")]
    return plan, scene, [(animate._styles(ids, m), t) for m, t in zip(plan.marks, plan.texts)]


# -- GIF -----------------------------------------------------------------------------


def test_gif_has_a_start_frame_and_one_frame_per_step(stepper, tmp_path: Path):
    path = save_animation(stepper, tmp_path / "pass.gif", seconds_per_step=0.25)
    assert path == tmp_path / "pass.gif" and path.read_bytes()[:6] == b"GIF89a"
    frames = _frames(path)
    assert len(frames) == len(stepper) + 1
    assert {im.size for im, _ in frames} == {frames[0][0].size}  # one size for every frame
    assert [ms for _, ms in frames] == [250] * len(frames)
    with Image.open(path) as im:
        assert im.info.get("loop") == 0  # plays forever
    for (a, _), (b, _) in zip(frames, frames[1:]):
        assert ImageChops.difference(a, b).getbbox() is not None  # every step changes the picture


def test_gif_durations_follow_seconds_per_step(tmp_path: Path):
    s = ag.Stepper(_neuron())
    frames = _frames(save_animation(s, tmp_path / "slow.gif", seconds_per_step=2))
    assert [ms for _, ms in frames] == [2000] * (len(s) + 1)


def test_gif_frames_are_one_layout_restyled(stepper, tmp_path: Path):
    """Every frame is the page's one layout with that frame's styles and texts (nothing moves)."""
    frames = _frames(save_animation(stepper, tmp_path / "pass.gif"))
    plan, scene, states = _states(stepper)
    variants: dict[str, set[str]] = {}
    for texts in plan.texts:
        for eid, t in texts.items():
            variants.setdefault(eid, set()).add(t)
    scene.fit_texts(variants)
    w, h = scene.size()
    left = (frames[0][0].size[0] - w) // 2
    for (frame, _), (styles, texts) in zip(frames, states):
        graph = frame.crop((left, 0, left + w, h))
        diff = ImageStat.Stat(ImageChops.difference(graph, scene.render(styles, texts))).mean
        assert max(diff) < 2.0, diff  # equal up to the 256-colour palette


def test_the_start_frame_shows_the_state_before_any_step(tmp_path: Path):
    s = ag.Stepper(_neuron())
    plan = animate._plan(s)
    assert len(plan.captions) == len(s) + 1
    assert plan.captions[0].startswith("backward pass of o: 9 steps\n")
    assert plan.captions[1:] == [s.text_at(i) for i in range(len(s))]
    assert set(plan.marks[0].values()) == {"done"}  # only the root is finished
    assert all(t.startswith("grad ") for t in plan.texts[0].values())
    assert plan.texts[0] != plan.texts[-1]
    last = s.frames()[-1]
    assert all(plan.marks[-1][eid] == "current" for eid in last["cur"])
    fwd = animate._plan(ag.Stepper(_neuron(), "forward"))
    assert fwd.captions[0].startswith("forward pass of o: 5 steps\n")
    assert set(fwd.texts[0].values()) == {"data ?"}


def test_gif_of_a_pass_without_steps_is_one_frame(tmp_path: Path):
    frames = _frames(save_animation(ag.Stepper(ag.Value(3.0, "x")), tmp_path / "leaf.gif"))
    assert len(frames) == 1


def test_gif_dpi_scales_the_frames(tmp_path: Path):
    s = ag.Stepper(_neuron())
    small = _frames(save_animation(s, tmp_path / "a.gif", dpi=48))[0][0].size
    large = _frames(save_animation(s, tmp_path / "b.gif", dpi=96))[0][0].size
    assert abs(large[1] / small[1] - 2) < 0.1


def test_frames_drawn_incrementally_equal_whole_renders():
    s = ag.Stepper(_neuron())
    _, scene, states = _states(s)
    for f, (picture, box) in enumerate(scene.render_frames(states)):
        assert (box is None) == (f == 0)
        assert ImageChops.difference(picture, scene.render(*states[f])).getbbox() is None, f


def test_scene_restyles_by_element_id():
    o = _neuron()
    scene = Scene(ag.render_svg(ag.draw(o)))
    assert {"n0", "o2", "e2_0", "r2"} <= set(scene.elements)
    plain = scene.render()
    marked = scene.render({"o2": STYLES["current"], "e2_0": STYLES["current"]}, {"n0": "grad 9.0000"})
    assert plain.size == marked.size == scene.size()
    box = ImageChops.difference(plain, marked).getbbox()
    assert box is not None
    colours = {c for _, c in marked.getcolors(1 << 20)}
    assert (214, 39, 40) in colours  # STYLES["current"]["edge"], #d62728
    assert scene.render({"o2": PLAIN}) == plain


# -- animated SVG --------------------------------------------------------------------------


def _keyframes(css: str) -> dict[str, list[tuple[float, str]]]:
    rules = {}
    for name, body in re.findall(r"@keyframes ([\w-]+)\{((?:[\d.]+%\{[^}]*\})+)\}", css):
        rules[name] = [(float(p), v) for p, v in re.findall(r"([\d.]+)%\{([^}]*)\}", body)]
    return rules


def _value_at(rule: list[tuple[float, str]], percent: float) -> str:
    """The value a step-end keyframes rule holds at ``percent``."""
    return [v for p, v in rule if p <= percent + 1e-3][-1]


def test_animated_svg_has_one_frame_per_step(stepper, tmp_path: Path):
    path = save_animation(stepper, tmp_path / "pass.svg", seconds_per_step=0.5)
    root = ET.parse(path).getroot()  # well-formed XML
    assert root.tag == SVG + "svg"
    css = "".join(root.find(SVG + "style").itertext())
    rules = _keyframes(css)
    frames = [g for g in root.iter(SVG + "g") if g.get("class") == "cr-frame"]
    n = len(stepper) + 1
    assert len(frames) == n
    total = 0.5 * n
    for f, g in enumerate(frames):
        found = re.fullmatch(r"animation:([\w-]+) ([\d.]+)s step-end infinite", g.get("style"))
        name, seconds = found.groups()
        assert float(seconds) == pytest.approx(total)
        start = 100 * f / n
        assert _value_at(rules[name], start) == "visibility:visible"
        assert _value_at(rules[name], start + 50 / n) == "visibility:visible"
        others = [100 * k / n for k in range(n) if k != f]
        assert all(_value_at(rules[name], p) == "visibility:hidden" for p in others)
        assert (g.get("visibility") == "hidden") == (f > 0)  # without animations: the start frame
    captions = ["\n".join(t.text for t in g.iter(SVG + "text")) for g in frames]
    assert captions[1:] == [stepper.text_at(i) for i in range(len(stepper))]
    used = set(re.findall(r"animation:([^;\"]+)", ET.tostring(root, encoding="unicode")))
    for decl in used:
        for part in decl.split(","):
            assert part.split()[0] in rules, part


def test_animated_svg_restyles_elements_like_the_frames(tmp_path: Path):
    s = ag.Stepper(_neuron())
    root = ET.parse(save_animation(s, tmp_path / "pass.svg")).getroot()
    rules = _keyframes("".join(root.find(SVG + "style").itertext()))
    plan = animate._plan(s)
    n = len(plan.marks)
    groups = {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}
    for f in range(n):
        percent = 100 * f / n + 1e-6
        for eid, mark in plan.marks[f].items():
            g = groups[eid]
            if "node" not in g.get("class"):
                continue
            fill = next(e for e in g.iter() if e.tag in (SVG + "polygon", SVG + "ellipse"))
            name = re.match(r"animation:([\w-]+)", fill.get("style") or "")
            value = _value_at(rules[name[1]], percent) if name else f"fill:{fill.get('fill')}"
            assert value == f"fill:{STYLES[mark]['fill']}", (f, eid)
        for eid, text in plan.texts[f].items():  # exactly one copy of the cell's text is visible
            visible = []
            for t in groups[eid].iter(SVG + "text"):
                name = re.match(r"animation:([\w-]+)", t.get("style") or "")
                if name:
                    if _value_at(rules[name[1]], percent) == "visibility:visible":
                        visible.append(t.text)
            if visible:
                assert visible == [text], (f, eid)
    assert not any("hl-" in (g.get("class") or "") for g in groups.values())


def test_bad_paths_and_durations_are_refused(tmp_path: Path):
    s = ag.Stepper(_neuron())
    with pytest.raises(ValueError, match=r"use \.gif or \.svg"):
        save_animation(s, tmp_path / "pass.mp4")
    with pytest.raises(ValueError, match="between 0.02 and 655.35"):
        save_animation(s, tmp_path / "pass.gif", seconds_per_step=0)
    with pytest.raises(TypeError, match="save_animation: seconds_per_step must be a real number, got str"):
        save_animation(s, tmp_path / "pass.gif", seconds_per_step="1")
    with pytest.raises(ValueError, match="seconds_per_step must be a finite number, got nan"):
        save_animation(s, tmp_path / "pass.gif", seconds_per_step=float("nan"))
    with pytest.raises(ValueError, match="seconds_per_step: an int of about 5001 digits is too large"):
        save_animation(s, tmp_path / "pass.gif", seconds_per_step=10**5000)
    with pytest.raises(ValueError, match="save_animation: dpi must be > 0"):
        save_animation(s, tmp_path / "pass.gif", dpi=-1)
    with pytest.raises(ValueError, match="save_animation: dpi must be at most 1200"):
        save_animation(s, tmp_path / "pass.gif", dpi=1e9)
    with pytest.raises(TypeError, match="save_animation: path must be a str or os.PathLike, got int: 5"):
        save_animation(s, 5)
    with pytest.raises(TypeError, match="write_gif: path must be a str or os.PathLike"):
        write_gif([Image.new("RGB", (4, 4))], None)
    assert list(tmp_path.iterdir()) == []  # nothing was written


def test_stepper_save_checks_its_options_for_every_kind(tmp_path: Path):
    s = ag.Stepper(_neuron())
    with pytest.raises(ValueError, match="Stepper.save: seconds_per_step must be a finite number"):
        s.save(tmp_path / "pass.html", seconds_per_step=float("nan"))
    with pytest.raises(TypeError, match="Stepper.save: dpi must be a real number, got bool"):
        s.save(tmp_path / "pass.svg", dpi=True)
    with pytest.raises(TypeError, match="Stepper.save: path must be a str or os.PathLike, got float"):
        s.save(1.5)
    with pytest.raises(TypeError, match="Stepper.save_html: path must be a str or os.PathLike, got int"):
        s.save_html(5)
    assert list(tmp_path.iterdir()) == []


# -- write_gif ------------------------------------------------------------------------------


def test_write_gif_keeps_every_frame_and_its_colours(tmp_path: Path):
    frames = []
    for i in range(5):
        im = Image.new("RGB", (60, 40), "white")
        ImageDraw.Draw(im).rectangle([i * 10, 5, i * 10 + 9, 30], fill=(31, 119, 180))
        frames.append(im)
    frames.append(frames[-1].copy())  # an identical frame stays a frame
    path = write_gif(iter(frames), tmp_path / "f.gif", 0.1, palette_from=frames[:1])
    out = _frames(path)
    assert len(out) == 6 and [ms for _, ms in out] == [100] * 6
    for a, (b, _) in zip(frames, out):
        assert ImageChops.difference(a, b).getbbox() is None
    with pytest.raises(ValueError, match="sizes must match"):
        write_gif([frames[0], Image.new("RGB", (10, 10))], tmp_path / "g.gif")
    with pytest.raises(ValueError, match="no frames"):
        write_gif([], tmp_path / "h.gif")


# -- accumulation -------------------------------------------------------------------------


def _shared() -> ag.Value:
    """y is reached directly and through w: it receives two contributions."""
    x = ag.Value(2.0, "x")
    y = x * 3
    w = y * 2
    return y + w


def test_an_accumulating_edge_has_its_own_style_in_every_format(tmp_path: Path):
    s = ag.Stepper(_shared())
    plan = animate._plan(s)
    frames = s.frames()
    acc = [(f + 1, frame["acc"][0]) for f, frame in enumerate(frames) if frame["acc"]]
    assert len(acc) == 2  # z -> y (path 1 of 2), then w -> y (path 2 of 2)
    for f, eid in acc:
        assert plan.marks[f][eid] == "accumulate"
        assert all(plan.marks[g][eid] == "done" for g in range(f + 1, len(plan.marks)))  # stays visible
    assert plan.marks[acc[1][0]][acc[0][1]] == "done"  # the earlier arrival, beside the new one
    assert plan.captions[0].splitlines()[-1] == (
        "  red: this step   purple: one of several contributions into a node (+=)   "
        "green: a final grad, an added contribution"
    )
    # the animated SVG: the edge's line takes the accumulate colour and width in its frame
    root = ET.parse(save_animation(s, tmp_path / "acc.svg")).getroot()
    rules = _keyframes("".join(root.find(SVG + "style").itertext()))
    groups = {g.get("id"): g for g in root.iter(SVG + "g") if g.get("id")}
    n = len(plan.marks)
    for f, eid in acc:
        path = groups[eid].find(SVG + "path")
        names = re.findall(r"([\w-]+) [\d.]+s step-end infinite", path.get("style"))
        values = {_value_at(rules[name], 100 * f / n + 1e-6) for name in names}
        assert f"stroke:{STYLES['accumulate']['edge']}" in values
        assert f"stroke-width:{STYLES['accumulate']['penwidth']}px" in values
    # the GIF: one frame per step, as always
    assert len(_frames(save_animation(s, tmp_path / "acc.gif"))) == len(s) + 1


def _graphic_controls(data: bytes) -> list[bytes]:
    """The graphic control extension (4 bytes: flags, delay, transparent index) of each frame of a GIF."""
    pos = 13 + (3 * 2 ** ((data[10] & 7) + 1) if data[10] & 0x80 else 0)
    out = []
    while data[pos] != 0x3B:
        if data[pos] == 0x21:  # an extension: label, then sub-blocks
            if data[pos + 1] == 0xF9:
                out.append(data[pos + 3 : pos + 7])
            pos += 2
        else:  # an image: descriptor, local colours, LZW size, sub-blocks
            packed = data[pos + 9]
            pos += 10 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0) + 1
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    return out


def test_gif_frames_after_the_first_leave_unchanged_pixels_transparent(tmp_path: Path):
    """Unchanged pixels take one transparent index: the frame before shows through (a smaller file)."""
    controls = _graphic_controls(save_animation(ag.Stepper(_shared()), tmp_path / "t.gif").read_bytes())
    assert len(controls) == 7  # one per frame: the start and 6 steps
    keep = 1 << 2  # disposal: keep the frame before
    assert controls[0][0] == keep and all(c[0] == keep | 1 for c in controls[1:])  # then transparency on
    assert {c[3] for c in controls[1:]} == {animate._KEEP}


# -- the animated SVG in a real browser ------------------------------------------------------

_PROBE = """
<script>
// each frame's state as the browser computes it: every CSS animation set to the middle of the frame
var T = TIMES, out = [];
function computed(el, prop) { return el ? getComputedStyle(el)[prop] : null; }
T.forEach(function (t) {
  document.getAnimations().forEach(function (a) { a.pause(); a.currentTime = t; });
  var frame = {visible: [], edges: {}, nodes: {}};
  document.querySelectorAll("g.cr-frame").forEach(function (g, i) {
    if (getComputedStyle(g).visibility === "visible") frame.visible.push(i);
  });
  document.querySelectorAll("g.edge[id]").forEach(function (g) {
    frame.edges[g.id] = computed(g.querySelector("path"), "stroke");
  });
  document.querySelectorAll("g.node[id]").forEach(function (g) {
    frame.nodes[g.id] = computed(g.querySelector("polygon, ellipse"), "fill");
  });
  out.push(frame);
});
var result = {animations: document.getAnimations().length, frames: out};
document.getElementById("out").textContent = JSON.stringify(result);
</script>
"""


def _rgb(colour: str) -> str:
    """A colour as getComputedStyle writes it."""
    from PIL import ImageColor

    return "rgb({}, {}, {})".format(*ImageColor.getrgb(colour)[:3])


def test_the_animated_svg_plays_its_frames_in_a_browser(tmp_path: Path):
    browser()  # skip (or fail, when one is required) before any work
    s = ag.Stepper(_shared())
    seconds = 1.0
    svg = save_animation(s, tmp_path / "pass.svg", seconds_per_step=seconds).read_text(encoding="utf-8")
    plan = animate._plan(s)
    n = len(plan.marks)
    times = [round((f + 0.5) * seconds * 1000) for f in range(n)]
    page = tmp_path / "inline.html"
    body = svg[svg.index("<svg") :] + '<pre id="out"></pre>' + _PROBE.replace("TIMES", json.dumps(times))
    page.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")
    out = headless(tmp_path, "--dump-dom", page.as_uri())
    found = re.search(r'<pre id="out">(.*?)</pre>', out.stdout, re.S)
    assert out.returncode == 0 and found and found[1], out.stderr[-2000:]
    result = json.loads(html.unescape(found[1]))
    assert result["animations"] > 0
    for f, frame in enumerate(result["frames"]):
        assert frame["visible"] == [f], f  # one caption at a time, in order
        for eid, stroke in frame["edges"].items():
            style = STYLES[plan.marks[f][eid]] if eid in plan.marks[f] else PLAIN
            assert stroke == _rgb(style["edge"]), (f, eid)
        for eid, fill in frame["nodes"].items():
            style = STYLES[plan.marks[f][eid]] if eid in plan.marks[f] else PLAIN
            assert fill == _rgb(style["fill"]), (f, eid)
    accumulating = [f for f, marks in enumerate(plan.marks) if "accumulate" in marks.values()]
    assert accumulating  # the purple edge is among what the browser showed
    # as an <img> (how a README shows it) it plays on its own: the picture changes as time passes
    img = tmp_path / "img.html"
    img.write_text('<!DOCTYPE html><html><body style="margin:0"><img src="pass.svg"></body></html>')
    def shot_at(budget: int) -> Image.Image:
        shot = tmp_path / f"at-{budget}.png"
        run = headless(tmp_path, f"--virtual-time-budget={budget}", f"--screenshot={shot}",
                       "--window-size=900,1000", img.as_uri())
        assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
        return Image.open(shot).convert("RGB")

    first = shot_at(100)
    # a busy machine may start the clock late: later budgets until the picture has moved on
    assert any(ImageChops.difference(first, shot_at(b)).getbbox() is not None for b in (3000, 6000, 12000))
