"""Server-rendered SVG charts of the signals pages: the scorecards' sparklines and the hand-over
network. The findings queries return data (`findings.queries.Pair`, numbers); drawing them is
the web layer's business."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from congvu.findings.queries import Pair


def sparkline(values: Sequence[float | None], *, width: int = 120, height: int = 28) -> SafeString:
    """A small server-rendered SVG line of the values (gaps where None), for a scorecard row."""
    known = [value for value in values if value is not None]
    if not known:
        return SafeString("")
    top = max(known) or 1.0
    step = width / max(len(values) - 1, 1)
    points = [
        (round(number * step, 1), round(height - 2 - (value / top) * (height - 4), 1))
        for number, value in enumerate(values)
        if value is not None
    ]
    path = " ".join(f"{x},{y}" for x, y in points)
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="2"></circle>', ((x, y) for x, y in points)
    )
    return format_html(
        '<svg class="spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-hidden="true"><polyline points="{p}"></polyline>{d}</svg>',
        w=width,
        h=height,
        p=path,
        d=dots,
    )


LABEL_MARGIN = 150  # room for a unit's name beside the circle, each side of the network


def network_svg(pairs: Sequence[Pair], *, size: int = 560, max_nodes: int = 18) -> SafeString:
    """The directed, weighted hand-over network as an SVG: units on a circle (the busiest
    ``max_nodes``), one curved arrow per ordered pair, its width growing with the count, red when
    the pair has ping-pongs. A->B and B->A bend to opposite sides, so both stay visible."""
    degree: dict[int, int] = defaultdict(int)
    for pair in pairs:
        degree[pair.source.pk] += pair.count
        degree[pair.target.pk] += pair.count
    kept = sorted(degree, key=lambda pk: (-degree[pk], pk))[:max_nodes]
    if not kept:
        return SafeString("")
    units = {pair.source.pk: pair.source for pair in pairs} | {
        pair.target.pk: pair.target for pair in pairs
    }
    centre, radius = size / 2, size / 2 - 90
    position = {
        pk: (
            centre + radius * math.cos(2 * math.pi * number / len(kept) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * number / len(kept) - math.pi / 2),
        )
        for number, pk in enumerate(kept)
    }
    top = max(pair.count for pair in pairs)
    edges = []
    for pair in pairs:
        if pair.source.pk not in position or pair.target.pk not in position:
            continue
        (x1, y1), (x2, y2) = position[pair.source.pk], position[pair.target.pk]
        # Bend each arrow to its right, so the two directions of a pair do not overlap.
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.15, (y1 + y2) / 2 - (x2 - x1) * 0.15
        width = 1 + 5 * pair.count / top
        edges.append(
            (
                "edge bounce" if pair.bounces else "edge",
                f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}",
                f"{width:.1f}",
                "url(#arrow-bounce)" if pair.bounces else "url(#arrow)",
                _("%(from)s → %(to)s: %(count)s hand-overs, %(bounces)s ping-pongs")
                % {
                    "from": pair.source,
                    "to": pair.target,
                    "count": pair.count,
                    "bounces": pair.bounces,
                },
            )
        )
    edge_html = format_html_join(
        "",
        '<path class="{}" d="{}" stroke-width="{}" marker-end="{}"><title>{}</title></path>',
        edges,
    )
    nodes = format_html_join(
        "",
        '<g class="node"><circle cx="{}" cy="{}" r="7"></circle>'
        '<text x="{}" y="{}" text-anchor="{}">{}</text><title>{}</title></g>',
        (
            (
                f"{x:.1f}",
                f"{y:.1f}",
                f"{centre + (x - centre) * 1.12:.1f}",
                f"{centre + (y - centre) * 1.12 + 4:.1f}",
                "start" if x > centre + 1 else "end" if x < centre - 1 else "middle",
                units[pk].short_name or units[pk].name[:28],
                units[pk].name,
            )
            for pk, (x, y) in position.items()
        ),
    )
    return format_html(
        # Room on both sides for the names beside the circle; arrow heads of one size
        # (userSpaceOnUse), not scaled by the width of their arrow, ending at the node's edge.
        '<svg class="network" viewBox="-{m} 0 {w} {s}" role="img" aria-label="{label}">'
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="17" refY="5" markerWidth="10" '
        'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z"></path></marker>'
        '<marker id="arrow-bounce" viewBox="0 0 10 10" refX="17" refY="5" markerWidth="10" '
        'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z"></path></marker>'
        "</defs>{edges}{nodes}</svg>",
        s=size,
        m=LABEL_MARGIN,
        w=size + 2 * LABEL_MARGIN,
        label=_("Hand-over network between units"),
        edges=edge_html,
        nodes=nodes,
    )
