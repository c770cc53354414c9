"""Charts drawn as inline SVG: no script and no network, so a page with them can be forwarded
as one file and read anywhere. Every label is escaped."""

from __future__ import annotations

import html
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Segment:
    """A piece of a bar: its value, its colour and what it is (shown on hover)."""

    value: float
    colour: str
    title: str


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label, its segments (stacked), and an optional mark (a target,
    such as demand) with what it is."""

    label: str
    segments: tuple[Segment, ...]
    mark: float | None = None
    mark_title: str = ""


def bar_chart(
    bars: list[Bar], unit: str, legend: list[tuple[str, str]], width: int = 900
) -> Markup:
    """Horizontal stacked bars, one a row, labelled on the left, the scale in ``unit`` below;
    ``legend``: (colour, words) pairs."""
    label_w = min(max([text_width(b.label) for b in bars] + [60.0]) + 10, width / 2)
    row_h, top = 20, 8
    plot_w = width - label_w - 70
    most = max(
        [sum(s.value for s in b.segments) for b in bars] + [b.mark or 0 for b in bars] + [0.01]
    )
    scale = plot_w / most
    rows = []
    for n, bar in enumerate(bars):
        y = top + n * row_h
        rows.append(
            f'<text x="{label_w - 6:.0f}" y="{y + 14}" text-anchor="end" class="label">'
            f"<title>{html.escape(bar.label)}</title>"
            f"{html.escape(shortened(bar.label, label_w - 10))}</text>"
        )
        x = float(label_w)
        for segment in bar.segments:
            w = segment.value * scale
            if w > 0:
                rows.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                    f'fill="{segment.colour}"><title>{html.escape(segment.title)}</title></rect>'
                )
            x += w
        if bar.mark is not None:
            mx = label_w + bar.mark * scale
            rows.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{y + 1}" y2="{y + row_h - 1}" '
                f'class="mark"><title>{html.escape(bar.mark_title)}</title></line>'
            )
            x = mx if x <= mx < x + 36 else x  # the figure clear of a mark just past the bar
        total = sum(s.value for s in bar.segments)
        rows.append(f'<text x="{x + 4:.1f}" y="{y + 14}" class="value">{total:.2f}</text>')
    axis_y = top + len(bars) * row_h + 4
    ticks = []
    step = tick_step(most)
    for k in range(int(most / step + 1e-9) + 1):
        value = k * step
        tx = label_w + value * scale
        ticks.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{axis_y}" class="grid"/>'
            f'<text x="{tx:.1f}" y="{axis_y + 14}" text-anchor="middle" class="tick">'
            f"{value:g}</text>"
        )
    keys = []
    kx = label_w
    for colour, words in legend:
        keys.append(
            f'<rect x="{kx:.0f}" y="{axis_y + 24}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{kx + 16:.0f}" y="{axis_y + 34}" class="tick">{html.escape(words)}</text>'
        )
        kx += 26 + text_width(words)
    height = axis_y + 46
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img">'
        f"{''.join(ticks)}{''.join(rows)}"
        f'<text x="{label_w - 6:.0f}" y="{axis_y + 14}" text-anchor="end" class="tick">'
        f"{html.escape(unit)}</text>{''.join(keys)}</svg>"
    )


#: Changes: a gain and a loss.
GAIN, LOSS = "#2f7fb8", "#c0392b"


def change_chart(changes: list[tuple[str, float]], unit: str, width: int = 900) -> Markup:
    """Signed changes, one row each, labelled on the left: gains right of the zero line (blue),
    losses left of it (red), each with its figure."""
    label_w = min(max([text_width(label) for label, _ in changes] + [60.0]) + 10, width / 2)
    row_h, top = 20, 8
    most = max([abs(v) for _, v in changes] + [0.01])
    half = (width - label_w - 100) / 2
    zero = label_w + 50 + half
    scale = half / most
    rows = []
    for n, (label, value) in enumerate(changes):
        y = top + n * row_h
        w = abs(value) * scale
        x = zero if value >= 0 else zero - w
        rows.append(
            f'<text x="{label_w - 6:.0f}" y="{y + 14}" text-anchor="end" class="label">'
            f"<title>{html.escape(label)}</title>{html.escape(shortened(label, label_w - 10))}"
            f'</text><rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{GAIN if value >= 0 else LOSS}"><title>{html.escape(label)}: '
            f"{value:+.2f} {html.escape(unit)}</title></rect>"
        )
        tx, anchor = (x + w + 4, "start") if value >= 0 else (x - 4, "end")
        rows.append(
            f'<text x="{tx:.1f}" y="{y + 14}" text-anchor="{anchor}" class="value">{value:+.2f}</text>'
        )
    axis_y = top + len(changes) * row_h + 4
    height = axis_y + 22
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img">'
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top}" y2="{axis_y}" class="mark"/>'
        f"{''.join(rows)}"
        f'<text x="{zero:.1f}" y="{axis_y + 16}" text-anchor="middle" class="tick">0 '
        f"({html.escape(unit)})</text></svg>"
    )


def heat_table(
    rows: list[str],
    columns: list[tuple[str, str]],
    values: list[list[float]],
    shade: Callable[[float], str],
    notes: list[str],
    notes_heading: str,
    meaning: str,
    width: int = 960,
) -> Markup:
    """A table of shares (0–1) as shaded cells: ``rows`` labelled on the left, ``columns`` as
    (short label, full name) above (the short label turned upright, the full name on hover),
    each cell in ``shade`` of its value with its percentage (none where it is nought), a note
    for each row on the right under ``notes_heading``; ``meaning`` below says what a cell is."""
    label_w = min(max([text_width(r) for r in rows] + [60.0]) + 10, 300.0)
    note_w, top, row_h = 70, 56, 18
    cell = min(30.0, (width - label_w - note_w) / max(len(columns), 1))
    parts = []
    for j, (short, full) in enumerate(columns):
        x = label_w + j * cell + cell / 2 + 4
        parts.append(
            f'<text transform="translate({x:.1f},{top - 4}) rotate(-90)" class="tick">'
            f"<title>{html.escape(full)}</title>{html.escape(short)}</text>"
        )
    note_x = label_w + len(columns) * cell + 8
    parts.append(
        f'<text x="{note_x:.1f}" y="{top - 6}" class="tick">{html.escape(notes_heading)}</text>'
    )
    for i, (label, row) in enumerate(zip(rows, values, strict=True)):
        y = top + i * row_h
        room = label_w - 10  # a longer label is drawn narrower, whole
        squeezed = (
            f' textLength="{room:.0f}" lengthAdjust="spacingAndGlyphs"'
            if text_width(label) > room
            else ""
        )
        parts.append(
            f'<text x="{label_w - 6:.0f}" y="{y + 13}" text-anchor="end" class="label"{squeezed}>'
            f"{html.escape(label)}</text>"
        )
        for j, value in enumerate(row):
            x = label_w + j * cell
            shown = value is not None and not math.isnan(value) and value > 0
            fill = shade(value) if shown else "#fff"
            title = f"{label} · {columns[j][1]}: {value:.0%}" if shown else ""
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{cell:.1f}" height="{row_h}" fill="{fill}" '
                f'stroke="#ddd"><title>{html.escape(title)}</title></rect>'
            )
            if shown:
                ink = "#fff" if value > 0.55 else "#222"
                parts.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                    f'fill="{ink}" font-size="10">{round(value * 100)}</text>'
                )
        parts.append(
            f'<text x="{note_x:.1f}" y="{y + 13}" class="value">{html.escape(notes[i])}</text>'
        )
    key_y = top + len(rows) * row_h + 10
    for k in range(6):
        parts.append(
            f'<rect x="{label_w + k * 24:.0f}" y="{key_y}" width="24" height="10" '
            f'fill="{shade(k / 5)}" stroke="#ddd"/>'
        )
    parts.append(
        f'<text x="{label_w:.0f}" y="{key_y + 22}" class="tick">0</text>'
        f'<text x="{label_w + 144:.0f}" y="{key_y + 22}" text-anchor="end" class="tick">100</text>'
        f'<text x="{label_w + 156:.0f}" y="{key_y + 9}" class="tick">{html.escape(meaning)}</text>'
    )
    height = key_y + 28
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img">'
        f"{''.join(parts)}</svg>"
    )


def dot_spread(
    dots: list[tuple[float, str, bool]],
    unit: str,
    marks: list[tuple[float, str]],
    hollow_means: str,
    width: int = 900,
) -> Markup:
    """Values as dots along a scale, those close together stacked (a dot histogram): each dot
    (value, what it is, filled: hollow ones are ``hollow_means``), and ``marks`` (value,
    label) as lines across."""
    low = min(v for v, _, _ in dots)
    high = max(v for v, _, _ in dots)
    span = (high - low) or max(abs(high), 1.0) * 0.01
    left, right, r = 50.0, 30.0, 5.0
    bins = max(min(len(dots), 30), 1)
    step = (width - left - right) / bins
    stacks: dict[int, int] = {}
    circles = []
    for value, title, filled in sorted(dots, key=lambda d: d[0]):
        k = min(int((value - low) / span * bins), bins - 1)
        n = stacks[k] = stacks.get(k, 0) + 1
        circles.append((left + (k + 0.5) * step, n, title, filled))
    tallest = max(stacks.values())
    base = 14 + tallest * (2 * r + 1)
    parts = [
        f'<circle cx="{x:.1f}" cy="{base - (n - 0.5) * (2 * r + 1):.1f}" r="{r}" '
        f'fill="{GAIN if filled else "#fff"}" stroke="{GAIN}"><title>{html.escape(title)}</title>'
        "</circle>"
        for x, n, title, filled in circles
    ]
    scale = (width - left - right) / span
    for value, label in marks:
        mx = left + (value - low) * scale
        parts.append(
            f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="4" y2="{base}" class="mark" '
            f'stroke-dasharray="3 3"/><text x="{mx + 4:.1f}" y="12" class="tick">'
            f"{html.escape(label)} {value:.3f}</text>"
        )
    ticks = []
    tick = tick_step(span)
    first = math.ceil(low / tick - 1e-9)
    for k in range(first, math.floor(high / tick + 1e-9) + 1):
        tx = left + (k * tick - low) * scale
        ticks.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{base}" y2="{base + 4}" class="mark"/>'
            f'<text x="{tx:.1f}" y="{base + 16}" text-anchor="middle" class="tick">'
            f"{k * tick:g}</text>"
        )
    key = ""
    if not all(filled for _, _, filled in dots):
        key = (
            f'<circle cx="{left + 5:.0f}" cy="{base + 30}" r="{r}" fill="#fff" stroke="{GAIN}"/>'
            f'<text x="{left + 14:.0f}" y="{base + 34}" class="tick">{html.escape(hollow_means)}</text>'
        )
    height = base + 42
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img">'
        f'<line x1="{left}" x2="{width - right}" y1="{base}" y2="{base}" class="grid"/>'
        f"{''.join(ticks)}{''.join(parts)}"
        f'<text x="{width - right:.0f}" y="{base + 30}" text-anchor="end" class="tick">'
        f"{html.escape(unit)}</text>{key}</svg>"
    )


def text_width(text: str, size: float = 11) -> float:
    """Roughly how wide ``text`` is drawn at ``size`` px: wide (CJK) characters a full em,
    others about 0.58 em, enough to keep a label clear of its bar."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.58 * size for c in text)


def shortened(text: str, width: float) -> str:
    """``text`` cut to fit ``width`` px, with an ellipsis where cut."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def tick_step(most: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most six ticks up to ``most``."""
    power = 10 ** math.floor(math.log10(most / 5))
    return next(power * m for m in (1, 2, 5, 10) if most / (power * m) <= 5)


@dataclass(frozen=True)
class Dot:
    """A point of a scatter chart: its position, its label (drawn beside it) and what it is
    (on hover), the page it opens (None: none), whether it is on the front (else hollow and
    grey), whether it is marked (the knee), and a shade in [0, 1] (a third value; None: full)."""

    x: float
    y: float
    label: str
    title: str
    href: str | None = None
    on_front: bool = True
    marked: bool = False
    shade: float | None = None


#: A front's dots and line; a dot off the front.
FRONT, OFF_FRONT = "#2f7fb8", "#999"


def front_chart(
    dots: list[Dot],
    x_label: str,
    y_label: str,
    marked_means: str,
    joined: bool = True,
    width: int = 900,
) -> Markup:
    """A trade-off as a scatter chart: each dot at its two values, the dots on the front
    ``joined`` by a line in order of ``x`` (a front of two objectives; one of three, seen on two
    axes, is no line), the marked one ringed (``marked_means``, e.g. the knee), each
    dot a link where it has one; ``x_label`` below, ``y_label`` above the axes."""
    height, left, right, top, bottom = 440, 70.0, 30.0, 30.0, 50.0
    xs, ys = [d.x for d in dots], [d.y for d in dots]
    x_low, x_high = _padded(min(xs), max(xs))
    y_low, y_high = _padded(min(ys), max(ys))
    plot_w, plot_h = width - left - right, height - top - bottom

    def at(x: float, y: float) -> tuple[float, float]:
        return (
            left + (x - x_low) / (x_high - x_low) * plot_w,
            top + (1 - (y - y_low) / (y_high - y_low)) * plot_h,
        )

    parts = []
    for value in _ticks(x_low, x_high):
        tx, _ = at(value, y_low)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{top + plot_h}" class="grid"/>'
            f'<text x="{tx:.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="tick">'
            f"{value:g}</text>"
        )
    for value in _ticks(y_low, y_high):
        _, ty = at(x_low, value)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" class="tick">{value:g}</text>'
        )
    line = sorted((d for d in dots if d.on_front), key=lambda d: (d.x, d.y))
    if joined and len(line) > 1:
        path = " ".join("{:.1f},{:.1f}".format(*at(d.x, d.y)) for d in line)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{FRONT}" stroke-width="1.5"/>')
    for dot in sorted(dots, key=lambda d: d.on_front):  # the front's dots drawn last, on top
        cx, cy = at(dot.x, dot.y)
        colour = FRONT if dot.on_front else OFF_FRONT
        opacity = 1.0 if dot.shade is None else 0.25 + 0.75 * dot.shade
        fill = f'fill="{colour}" fill-opacity="{opacity:.2f}"' if dot.on_front else 'fill="#fff"'
        mark = (
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" fill="none" stroke="#222" '
            'stroke-width="2"/>'
            if dot.marked
            else ""
        )
        shape = (
            f'{mark}<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" {fill} stroke="{colour}">'
            f"<title>{html.escape(dot.title)}</title></circle>"
            f'<text x="{cx + 9:.1f}" y="{cy - 8:.1f}" class="value">{html.escape(dot.label)}</text>'
        )
        if dot.href is not None:
            shape = f'<a href="{html.escape(dot.href)}" class="dot">{shape}</a>'
        parts.append(shape)
    key_y = height - 10
    key = (
        f'<circle cx="{left + 6}" cy="{key_y - 4}" r="11" fill="none" stroke="#222" '
        f'stroke-width="2"/><text x="{left + 22}" y="{key_y}" class="tick">'
        f"{html.escape(marked_means)}</text>"
        if any(d.marked for d in dots)
        else ""
    )
    return Markup(
        f'<svg class="chart front" viewBox="0 0 {width} {height}" width="100%" role="img">'
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        f'class="grid"/>{"".join(parts)}'
        f'<text x="{left + plot_w:.0f}" y="{top + plot_h + 34}" text-anchor="end" class="label">'
        f"{html.escape(x_label)}</text>"
        f'<text x="{left}" y="{top - 10}" class="label">{html.escape(y_label)}</text>{key}</svg>'
    )


def _padded(low: float, high: float) -> tuple[float, float]:
    """A range a little wider than ``[low, high]`` (never empty), so dots clear the frame."""
    span = high - low or max(abs(high), 1.0) * 0.02
    return low - 0.06 * span, high + 0.06 * span


def _ticks(low: float, high: float) -> list[float]:
    """Round values between ``low`` and ``high``, at most about six."""
    step = tick_step(high - low)
    first = math.ceil(low / step - 1e-9)
    return [round(k * step, 10) for k in range(first, math.floor(high / step + 1e-9) + 1)]
