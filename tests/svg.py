"""Checks that the numbers inside SVG attributes read as numbers whatever the page's locale: the
Vietnamese format writes 1.234,5, which an SVG reader takes for 1.234 and a stray ",5"."""

from __future__ import annotations

import re

NUMERIC = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "dx", "dy")
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
NAMES = "|".join((*NUMERIC, "points", "viewBox"))
ATTRIBUTE = re.compile(rf'\s({NAMES})="([^"]*)"')


def assert_svg_numbers(html: str) -> int:
    """Every coordinate attribute of every inline SVG in `html` parses as a plain number (a
    percentage allowed for widths), `points` as "x,y" pairs and `viewBox` as four numbers.
    Returns how many attributes were checked, so that a test can insist there were some."""
    checked = 0
    for svg in SVG.findall(html):
        for name, value in ATTRIBUTE.findall(svg):
            if name == "points":
                for pair in value.split():
                    x, y = pair.split(",")  # exactly one comma: the separator
                    float(x), float(y)
            elif name == "viewBox":
                assert len([float(v) for v in value.split()]) == 4, value
            else:
                float(value.removesuffix("%").removesuffix("cm"))
            checked += 1
    return checked
