"""Findings on any case: a dossier's log reaches the detectors, its findings name the dossier by
(case_type, case_id) with typed detail, and the page, the list filter and the API show them."""

import csv
import json

import ibis
import pytest
from django.test import Client
from django.urls import reverse

from congvu.analytics.findings import find_all
from congvu.analytics.kinds import (
    CASE_TYPES,
    KINDS,
    REGISTRY,
    DetailError,
    kinds_for,
    validate_detail,
)
from congvu.analytics.repeated_request import repeated_requests
from congvu.api.tokens import issue_token
from congvu.dossiers.actions import (
    receive_supplement,
    request_supplement,
    return_dossier,
    transfer_dossier,
)
from congvu.dossiers.models import ReturnReason
from congvu.findings.actions import apply_detection
from congvu.findings.jobs import compute_findings
from congvu.findings.loaders import all_events_arrow
from congvu.findings.models import KIND_CHOICES, CaseType, Finding
from tests.analytics.events import events
from tests.dossiers.conftest import at, build_desk, sent

AS_OF = at(2025, 10, 20, 17)


@pytest.fixture
def bounced(db):
    """A dossier returned by Sở Xây dựng to the centre, sent again, then asked twice for
    supplements."""
    desk = build_desk()
    p = desk.province
    dossier = sent(desk)
    return_dossier(
        dossier,
        by=p.official,
        reason=ReturnReason.NOT_IN_MANDATE,
        note="Không thuộc thẩm quyền",
        ts=at(2025, 10, 7),
    )
    transfer_dossier(dossier, to_unit=p.construction, by=desk.receptionist, ts=at(2025, 10, 8))
    request_supplement(dossier, by=p.official, note="Thiếu bản vẽ", ts=at(2025, 10, 8, 14))
    receive_supplement(dossier, by=desk.receptionist, ts=at(2025, 10, 9))
    request_supplement(dossier, by=p.official, note="Thiếu giấy phép", ts=at(2025, 10, 9, 14))
    return desk, dossier


def test_the_registry_is_the_one_list_of_kinds():
    assert [code for code, _name in KIND_CHOICES] == list(KINDS)
    assert tuple(CaseType.values) == CASE_TYPES
    assert all(kind.case_types and kind.name and kind.definition for kind in REGISTRY)
    assert kinds_for("dossier") == ("ping_pong", "stall", "repeated_request")
    assert kinds_for("project") == ("ping_pong", "stall")


def test_a_detail_off_its_kinds_schema_is_refused():
    good = {"level": "unit", "from": "3", "back_to": "5", "cycle": 2}

    assert validate_detail("ping_pong", good) == good
    with pytest.raises(DetailError, match="cycle"):
        validate_detail("ping_pong", {**good, "cycle": "2"})
    with pytest.raises(DetailError, match="missing 'back_to'"):
        validate_detail("ping_pong", {"level": "unit", "from": "3", "cycle": 2})
    with pytest.raises(DetailError, match="unexpected 'note'"):
        validate_detail(
            "stall", {"silence_days": 3, "allotted_days": 5, "is_open": True, "note": ""}
        )


def test_a_row_with_a_bad_detail_is_refused_and_nothing_is_stored(db):
    row = {
        "kind": "stall",
        "case_id": "7",
        "unit": None,
        "actor": None,
        "severity": "medium",
        "ts": AS_OF,
        "evidence": "1",
        "detail": '{"silence_days": "many"}',
    }

    with pytest.raises(DetailError):
        apply_detection([row], examined=None, as_of=AS_OF, case_type="dossier")

    assert not Finding.objects.exists()


def test_repeated_requests_fire_from_the_second_request_only():
    log = events(
        {"case_id": "a", "ts": 0, "activity": "create", "unit": "C", "to_unit": "C"},
        {"case_id": "a", "ts": 1, "activity": "request_supplement", "unit": "U", "actor": "u"},
        {"case_id": "a", "ts": 2, "activity": "request_supplement", "unit": "U", "actor": "v"},
        {"case_id": "b", "ts": 0, "activity": "create", "unit": "C", "to_unit": "C"},
        {"case_id": "b", "ts": 1, "activity": "request_supplement", "unit": "U", "actor": "u"},
    )

    found = repeated_requests(log).to_pyarrow().to_pylist()

    assert [(r["case_id"], r["requests"], r["actor"], r["evidence"]) for r in found] == [
        ("a", 2, "v", "2 3")
    ]


def test_the_detectors_of_a_dossier_log_are_those_its_case_type_allows():
    log = events(
        {"case_id": "d", "ts": 0, "activity": "create", "unit": "C", "to_unit": "U"},
        {"case_id": "d", "ts": 1, "activity": "complete", "unit": "U", "to_unit": "C"},
        {"case_id": "d", "ts": 2, "activity": "send_back", "unit": "C", "to_unit": "U"},
    )

    kinds = {row["kind"] for row in find_all(log, case_type="dossier").to_pyarrow().to_pylist()}
    task_kinds = {row["kind"] for row in find_all(log).to_pyarrow().to_pylist()}

    assert "rework" in task_kinds
    assert "rework" not in kinds


def test_a_bounced_dossier_asked_twice_for_supplements_is_found(bounced):
    desk, dossier = bounced

    compute_findings(as_of=AS_OF)

    found = Finding.objects.filter(case_type="dossier", case_id=str(dossier.pk))
    kinds = set(found.values_list("kind", flat=True))
    assert {"ping_pong", "repeated_request"} <= kinds
    repeated = found.get(kind="repeated_request")
    assert repeated.detail == {"activity": "request_supplement", "requests": 2}
    assert repeated.unit == desk.province.construction
    bounce = found.filter(kind="ping_pong").first()
    assert bounce is not None
    assert set(bounce.detail) == {"level", "from", "back_to", "cycle"}
    assert not Finding.objects.filter(case_type="task").exists()


def test_the_export_of_every_log_names_each_events_case_type(bounced):
    _desk, dossier = bounced

    table = all_events_arrow().to_pylist()

    mine = [row for row in table if row["case_id"] == str(dossier.pk)]
    assert {row["case_type"] for row in mine} == {"dossier"}
    assert [row["activity"] for row in mine][:3] == ["create", "transfer", "return"]


def test_the_signals_page_filters_by_case_type_and_links_the_dossier(bounced, client):
    desk, dossier = bounced
    compute_findings(as_of=AS_OF)
    client.force_login(desk.province.inspector.user)

    dossiers = client.get(reverse("findings:list"), {"case_type": "dossier"})
    tasks = client.get(reverse("findings:list"), {"case_type": "task"})

    assert {f.case_type for f, _s, _c in dossiers.context["rows"]} == {"dossier"}
    assert list(tasks.context["rows"]) == []
    repeated = Finding.objects.get(case_type="dossier", kind="repeated_request")
    page = client.get(reverse("findings:detail", args=[repeated.pk]))
    html = page.content.decode()
    assert reverse("dossiers:detail", args=[dossier.pk]) in html
    assert dossier.code in html
    assert "<dd>2</dd>" in html  # the number of supplement requests, from the typed detail


def test_the_api_gives_case_type_case_id_and_typed_detail(bounced):
    desk, dossier = bounced
    compute_findings(as_of=AS_OF)
    _token, key = issue_token(desk.province.inspector, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    listed = api.get("/api/v1/findings", {"case_type": "dossier", "kind": "repeated_request"})
    one = api.get(f"/api/v1/findings/{listed.json()['items'][0]['id']}")

    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    body = one.json()
    assert (body["case_type"], body["case_id"]) == ("dossier", str(dossier.pk))
    assert body["detail"] == {"activity": "request_supplement", "requests": 2}
    assert body["evidence_shape"] == "events"


def test_the_api_hides_a_finding_outside_the_callers_scope(bounced):
    desk, _dossier = bounced
    compute_findings(as_of=AS_OF)
    finding = Finding.objects.filter(case_type="dossier").first()
    assert finding is not None
    _token, key = issue_token(desk.province.outsider, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    assert api.get(f"/api/v1/findings/{finding.pk}").status_code == 404
    assert api.get("/api/v1/findings").json()["count"] == 0


def test_congvu_analyze_reads_a_log_of_several_case_types(tmp_path):
    from congvu.analytics.cli import analyze_events

    shared = {"unit": "C", "to_unit": "C"}
    log = events(
        {"case_type": "task", "case_id": "1", "ts": 0, "activity": "create", **shared},
        {
            "case_type": "task",
            "case_id": "1",
            "ts": 1,
            "activity": "transfer",
            "unit": "C",
            "to_unit": "U",
        },
        {
            "case_type": "task",
            "case_id": "1",
            "ts": 2,
            "activity": "return",
            "unit": "U",
            "to_unit": "C",
        },
        {"case_type": "dossier", "case_id": "1", "ts": 0, "activity": "create", **shared},
        {
            "case_type": "dossier",
            "case_id": "1",
            "ts": 1,
            "activity": "request_supplement",
            "unit": "C",
        },
        {
            "case_type": "dossier",
            "case_id": "1",
            "ts": 2,
            "activity": "request_supplement",
            "unit": "C",
        },
    )

    analyze_events(ibis.memtable(log.to_pyarrow()), tmp_path / "out")

    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    found = {(row["case_type"], row["kind"]) for row in rows}
    assert ("task", "ping_pong") in found
    assert ("dossier", "repeated_request") in found
    assert ("task", "repeated_request") not in found
    asked = next(row for row in rows if row["kind"] == "repeated_request")
    assert (asked["case_id"], asked["evidence"]) == ("1", "5 6")
    assert json.loads(asked["detail"]) == {"activity": "request_supplement", "requests": 2}
