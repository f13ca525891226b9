"""The self-contained HTML report of an analysis (Vietnamese, inline SVG charts, no scripts).

It draws from small aggregated tables (a few dozen rows), already computed by the engine: the
Python here loops over chart rows, never over events.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from congvu.analytics import messages_vi as msg
from congvu.analytics.kinds import KINDS

BAR_WIDTH = 420
ROW_HEIGHT = 22
LABEL_WIDTH = 220
TOP = 12


@dataclass(frozen=True)
class ReportData:
    """What the report shows; every list is already ordered and cut to its top rows."""

    source: str
    events: int
    cases: int
    units: int
    handovers: int
    findings_by_kind: Mapping[str, int]
    network: Sequence[tuple[str, str, int]]
    ping_pong_pairs: Sequence[tuple[str, str, int]]
    stall_by_unit: Sequence[tuple[str, int]]
    overdue_by_unit: Sequence[tuple[str, int]]
    placeholders: Sequence[tuple[str, int]]
    ignored: Sequence[str] = field(default_factory=tuple)


def _number(value: int) -> str:
    """Vietnamese grouping: 1.234.567."""
    return f"{value:,}".replace(",", ".")


def bar_chart(rows: Sequence[tuple[str, int]]) -> str:
    """A horizontal bar chart as inline SVG."""
    if not rows:
        return f"<p>{escape(msg.NONE)}</p>"
    biggest = max(count for _label, count in rows) or 1
    height = ROW_HEIGHT * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 80
    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    for index, (label, count) in enumerate(rows):
        y = index * ROW_HEIGHT + 4
        length = max(1.0, BAR_WIDTH * count / biggest)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW_HEIGHT - 6}" '
            f'fill="#b03a2e"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 15}">{_number(count)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def network_chart(edges: Sequence[tuple[str, str, int]]) -> str:
    """The hand-over network as inline SVG: units on a circle, arrows weighted by count."""
    if not edges:
        return f"<p>{escape(msg.NONE)}</p>"
    nodes = sorted({name for source, target, _count in edges for name in (source, target)})
    size, radius = 640, 230
    centre = size / 2
    places = {
        name: (
            centre + radius * math.cos(2 * math.pi * index / len(nodes) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * index / len(nodes) - math.pi / 2),
        )
        for index, name in enumerate(nodes)
    }
    biggest = max(count for _source, _target, count in edges) or 1
    parts = [
        f'<svg role="img" width="{size}" height="{size}" viewBox="0 0 {size} {size}">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
        "</defs>",
    ]
    for source, target, count in edges:
        (x1, y1), (x2, y2) = places[source], places[target]
        # Bend each arrow a little so that A -> B and B -> A do not overlap.
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.12, (y1 + y2) / 2 - (x2 - x1) * 0.12
        width = 0.8 + 6 * count / biggest
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" fill="none" '
            f'stroke="#555" stroke-opacity="0.6" stroke-width="{width:.1f}" '
            f'marker-end="url(#arrow)"><title>{escape(source)} → {escape(target)}: '
            f"{_number(count)}</title></path>"
        )
    for name, (x, y) in places.items():
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#1f4e79"/>'
            f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(text)}</th>" for text in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_report(data: ReportData) -> str:
    """The report as one HTML document (UTF-8, no external resources)."""
    summary = _table(
        [msg.SUMMARY, ""],
        [
            [msg.SOURCE, data.source],
            [msg.EVENTS, _number(data.events)],
            [msg.CASES, _number(data.cases)],
            [msg.UNITS, _number(data.units)],
            [msg.HANDOVERS, _number(data.handovers)],
            [msg.IGNORED, ", ".join(data.ignored) or msg.NONE],
        ],
    )
    kinds = _table(
        [msg.KIND, msg.COUNT],
        [[msg.KIND_NAMES[kind], _number(data.findings_by_kind.get(kind, 0))] for kind in KINDS],
    )
    pairs = [(f"{source} → {target}", count) for source, target, count in data.ping_pong_pairs]
    placeholders = (
        _table(
            [msg.UNIT, msg.EVENTS], [[name, _number(count)] for name, count in data.placeholders]
        )
        + f"<p>{escape(msg.PLACEHOLDERS_NOTE)}</p>"
        if data.placeholders
        else f"<p>{escape(msg.NONE)}</p>"
    )
    definitions = "".join(
        f"<dt>{escape(msg.KIND_NAMES[kind])}</dt><dd>{escape(msg.KIND_DEFINITIONS[kind])}</dd>"
        for kind in KINDS
    )
    style = (
        "body{font-family:'Noto Sans',Arial,sans-serif;margin:2em;color:#222;max-width:72em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left}svg text{font-size:12px;font-family:inherit}h2{margin-top:1.6em}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(msg.TITLE)}</title><style>{style}</style></head><body>"
        f"<h1>{escape(msg.TITLE)}</h1>{summary}<p>{escape(msg.FAIRNESS)}</p>"
        f"<h2>{escape(msg.FINDINGS)}</h2>{kinds}"
        f"<h2>{escape(msg.NETWORK)}</h2><p>{escape(msg.NETWORK_NOTE)}</p>"
        f"{network_chart(data.network)}"
        f"<h2>{escape(msg.PING_PONG_PAIRS)}</h2>{bar_chart(pairs)}"
        f"<h2>{escape(msg.STALL_BY_UNIT)}</h2>{bar_chart(data.stall_by_unit)}"
        f"<h2>{escape(msg.OVERDUE_BY_UNIT)}</h2>{bar_chart(data.overdue_by_unit)}"
        f"<h2>{escape(msg.PLACEHOLDERS)}</h2>{placeholders}"
        f"<h2>{escape(msg.DEFINITIONS)}</h2><p>{escape(msg.HANDOVER_DEFINITION)}</p>"
        f"<dl>{definitions}</dl></body></html>\n"
    )
