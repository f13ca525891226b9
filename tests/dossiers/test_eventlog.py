"""Dossier logs go through the task detectors unchanged."""

import ibis

from congvu.analytics.ping_pong import ping_pong
from congvu.analytics.schema import check_events
from congvu.dossiers.actions import return_dossier, transfer_dossier
from congvu.dossiers.eventlog import dossier_events_arrow
from congvu.dossiers.models import ReturnReason
from tests.dossiers.conftest import at, sent


def test_a_dossier_bounced_back_to_the_centre_is_a_ping_pong(desk):
    p = desk.province
    dossier = sent(desk)  # centre -> construction
    return_dossier(
        dossier,
        by=p.official,
        reason=ReturnReason.NOT_IN_MANDATE,
        note="Không thuộc thẩm quyền",
        ts=at(2025, 10, 7),
    )
    transfer_dossier(dossier, to_unit=p.construction, by=desk.receptionist, ts=at(2025, 10, 8))

    events = check_events(ibis.memtable(dossier_events_arrow()))
    bounces = ping_pong(events).to_pyarrow().to_pylist()

    assert events.count().execute() == 4
    assert {b["case_id"] for b in bounces} == {str(dossier.pk)}
    assert {(b["from_unit"], b["back_to"]) for b in bounces} <= {
        (str(p.construction.pk), str(desk.centre.pk)),
        (str(desk.centre.pk), str(p.construction.pk)),
    }


def test_a_straight_dossier_is_not_a_ping_pong(desk):
    sent(desk)

    events = check_events(ibis.memtable(dossier_events_arrow()))

    assert ping_pong(events).count().execute() == 0
