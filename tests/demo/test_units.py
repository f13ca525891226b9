"""The demo organisation's reference data (congvu/demo/units.py)."""

from __future__ import annotations

from congvu.demo.units import COMMUNE_DELEGATIONS, DECISION_KINDS, DELEGATIONS


def test_every_delegated_decision_kind_has_a_vietnamese_name():
    named = {code for code, _name in DECISION_KINDS}
    delegated = {row[2] for row in DELEGATIONS} | {row[1] for row in COMMUNE_DELEGATIONS}

    assert delegated <= named
