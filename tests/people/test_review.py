"""The streamlining review in the app, worked by hand on 7 December 2026 (review year 2026):

Phạm (the cast's official):  2026 sick 40, maximum 30        → sick_days; not deferred
Đỗ (colleague):              2025 sick 35, 2026 sick 10, max 30 → sick_days (previous year)
Lê (finance official):       2026 sick 40, max 30, child born 01/06/2025 → deferred (child)
Vũ (finance head):           yearly rating 2026 KHTNV (not final) → khtnv_this_year
Ngô (outsider):              2026 sick 40, max 30, a discipline case noticed → deferred
the head:                    2026 sick 5, max 30                → not listed
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congvu.core.models import Read
from congvu.discipline import actions as discipline
from congvu.discipline.rules import Form
from congvu.people import review
from congvu.people.models import PersonnelRecord, Rating, StreamliningDecision
from tests.people.world import VN, build_world

ON = dt.date(2026, 12, 7)


def record(official, year, sick, *, by, maximum="30", **facts):
    return PersonnelRecord.objects.create(
        official=official, year=year, sick_days=Decimal(sick),
        max_sick_days=Decimal(maximum) if maximum else None, recorded_by=by, **facts,
    )  # fmt: skip


@pytest.fixture
def world(province):
    p = province
    w = build_world(p)
    w.personnel.code = "SNV"  # Sở Nội vụ for the discipline cases too
    w.personnel.save(update_fields=["code"])
    by = w.officer
    record(p.official, 2026, 40, by=by)
    record(p.colleague, 2025, 35, by=by)
    record(p.colleague, 2026, 10, by=by)
    record(p.finance_official, 2026, 40, by=by, youngest_child_born=dt.date(2025, 6, 1))
    Rating.objects.create(official=p.finance_head, period="2026", unit=p.finance,
                          level="KHTNV", status=Rating.Status.APPROVED)  # fmt: skip
    record(p.outsider, 2026, 40, by=by)
    record(p.head, 2026, 5, by=by)
    case = discipline.open_case(
        by=by, official=p.outsider, unit=p.ward, handler=p.chair,
        summary="Không trả lời đơn của công dân", violation_on=dt.date(2026, 5, 4),
        warranted=Form.REPRIMAND, discovered_on=dt.date(2026, 9, 1),
    )  # fmt: skip
    discipline.issue_notice(case, by=by, on=dt.date(2026, 9, 10))
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=VN), tick=False):
        yield p, w


def by_name(found):
    return {r.official.pk: r for r in found}


def test_the_candidates_and_their_deferrals_are_those_worked_by_hand(world):
    p, _w = world

    found = by_name(review.review(2026, ON))

    assert set(found) == {p.official.pk, p.colleague.pk, p.finance_official.pk,
                          p.finance_head.pk, p.outsider.pk}  # fmt: skip
    assert found[p.official.pk].candidate.grounds == ("sick_days",)
    assert not found[p.official.pk].candidate.deferred
    assert found[p.colleague.pk].candidate.grounds == ("sick_days",)
    assert found[p.finance_official.pk].candidate.deferral_reasons == ("child_under_36_months",)
    assert found[p.finance_head.pk].candidate.grounds == ("khtnv_this_year",)
    assert found[p.outsider.pk].candidate.deferral_reasons == ("discipline_review",)
    assert [c.pk for c in found[p.outsider.pk].cases] == [p.outsider.discipline_cases.get().pk]


def test_volunteering_lifts_the_family_deferral_but_not_the_discipline_one(world):
    p, _w = world
    PersonnelRecord.objects.filter(official__in=[p.finance_official, p.outsider]).update(
        volunteers=True
    )

    found = by_name(review.review(2026, ON))

    assert found[p.finance_official.pk].candidate.deferral_reasons == ()
    assert found[p.outsider.pk].candidate.deferral_reasons == ("discipline_review",)


def test_the_36_month_boundary(world):
    p, _w = world

    on_birthday = by_name(review.review(2026, dt.date(2028, 6, 1)))
    day_before = by_name(review.review(2026, dt.date(2028, 5, 31)))

    assert on_birthday[p.finance_official.pk].candidate.deferral_reasons == ()
    assert day_before[p.finance_official.pk].candidate.deferral_reasons == (
        "child_under_36_months",
    )


def client_for(official) -> Client:
    client = Client()
    client.force_login(official.user)
    return client


@pytest.mark.parametrize("who", ["head", "official", "outsider", "chair", "clerk"])
def test_the_review_is_refused_to_all_but_personnel_and_inspectors(world, who):
    p, _w = world

    client = client_for(getattr(p, who))

    assert client.get(reverse("people:streamlining")).status_code == 403
    decide = client.post(reverse("people:streamlining_decide"), {"official": p.official.pk,
                         "year": 2026, "outcome": "keep", "number": "1/QĐ",
                         "decided_on": "07/12/2026"})  # fmt: skip
    assert decide.status_code == 403
    assert not StreamliningDecision.objects.exists()


def test_personnel_sees_the_evidence_and_records_a_decision(world):
    p, w = world
    client = client_for(w.officer)

    page = client.get(reverse("people:streamlining"), {"year": 2026}).content.decode()
    posted = client.post(reverse("people:streamlining_decide"), {
        "official": p.official.pk, "year": 2026, "outcome": "keep", "number": "45/QĐ-SNV",
        "decided_on": "05/12/2026", "note": "Đã phục hồi sức khỏe"})  # fmt: skip

    assert "Số ngày nghỉ ốm bằng hoặc vượt mức tối đa" in page
    assert "2026: 40,0 ngày nghỉ ốm (tối đa 30,0)" in page
    assert "Nghị định 154/2025/NĐ-CP, Điều 2 khoản 1 điểm đ" in page
    assert 'name="year" value="2026"' in page  # not "2.026": the form posts it back
    assert posted.status_code == 302
    decision = StreamliningDecision.objects.get()
    assert (decision.official, decision.number, decision.recorded_by) == (
        p.official, "45/QĐ-SNV", w.officer)  # fmt: skip
    again = client.get(reverse("people:streamlining"), {"year": 2026}).content.decode()
    assert "45/QĐ-SNV, 05/12/2026" in again


def test_a_decision_without_its_number_is_refused(world):
    p, w = world

    client_for(w.officer).post(reverse("people:streamlining_decide"), {
        "official": p.official.pk, "year": 2026, "outcome": "keep", "number": " ",
        "decided_on": "05/12/2026"})  # fmt: skip

    assert not StreamliningDecision.objects.exists()


def test_inspectors_read_but_do_not_decide(world):
    p, _w = world
    client = client_for(p.inspector)

    page = client.get(reverse("people:streamlining"), {"year": 2026})

    assert page.status_code == 200
    assert "Ghi nhận quyết định" not in page.content.decode()


def test_the_excel_export_lists_the_candidates(world):
    _p, w = world

    response = client_for(w.officer).get(reverse("people:streamlining"),
                                         {"year": 2026, "format": "xlsx"})  # fmt: skip

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_records_import_is_all_or_nothing_and_names_the_row(world, tmp_path):
    p, w = world
    header = ("official,sick_days_previous_year,sick_days_this_year,max_sick_days,"
              "youngest_child_born,pregnant,maternity_leave,under_discipline_review,"
              "under_prosecution,under_inspection,volunteers\n")  # fmt: skip
    good = f"{p.head.code},0,31,30,,no,no,no,no,no,no\n"
    bad = header + good + "QN-NOBODY,0,1,30,,no,no,no,no,no,no\n"
    client = client_for(w.officer)

    refused = client.post(reverse("people:streamlining"), {"year": 2026, "file": _upload(bad)})
    assert refused.status_code == 422
    assert "QN-NOBODY" in refused.content.decode() and "3" in refused.content.decode()
    assert PersonnelRecord.objects.get(official=p.head, year=2026).sick_days == Decimal(5)

    done = client.post(reverse("people:streamlining"), {"year": 2026,
                       "file": _upload(header + good)})  # fmt: skip
    assert done.status_code == 302
    assert PersonnelRecord.objects.get(official=p.head, year=2026).sick_days == Decimal(31)


def _upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("PEOPLE.csv", text.encode(), content_type="text/csv")


def test_reading_the_review_is_logged_for_each_person_shown(world):
    p, w = world

    client_for(w.officer).get(reverse("people:streamlining"), {"year": 2026})

    subjects = set(Read.objects.filter(reader=w.officer.user).values_list("subject", flat=True))
    assert {p.official.user.pk, p.colleague.user.pk, p.outsider.user.pk} <= subjects


def test_a_file_that_is_not_a_table_is_refused_by_name(world):
    _p, w = world
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("PEOPLE.xlsx", b"not a workbook", content_type="text/plain")
    response = client_for(w.officer).post(
        reverse("people:streamlining"), {"year": 2026, "file": upload}
    )

    assert response.status_code == 422
    assert "PEOPLE.xlsx" in response.content.decode()
