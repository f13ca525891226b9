"""The indicators against a hand-computed month of six dossiers."""

import datetime as dt

import pytest
from django.db.models import Q

from congvu.dossiers.actions import (
    complete_dossier,
    issue_apology,
    receive_supplement,
    request_supplement,
    transfer_dossier,
)
from congvu.dossiers.models import Dossier, DossierMonthStat, Procedure
from congvu.dossiers.queries import (
    Period,
    index_766,
    indicators,
    late_without_letter,
    on_time_trend,
    overdue_now,
    rebuild_month_stats,
    search,
    worst,
)
from tests.dossiers.conftest import at, receive, sent

OCTOBER = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 1))
TODAY = dt.date(2025, 10, 31)


@pytest.fixture
def october(desk):
    """Six dossiers received in October 2025 (due 13/10 for the 5-day procedure):

    A early (ended 10/10, 4 days, online), B on time (13/10, 5 days), C late (15/10, 7 days, with
    an apology letter), D early but asked twice for supplements (10/10, 3 days after a 1-day
    pause), E still open and overdue without a letter, F (2-day procedure, 30/10) open in time.
    """
    p = desk.province
    a = sent(desk, channel=Dossier.Channel.ONLINE, applicant="Nguyễn Văn Ánh")
    complete_dossier(a, by=p.official, ts=at(2025, 10, 10))
    b = sent(desk)
    complete_dossier(b, by=p.official, ts=at(2025, 10, 13))
    c = sent(desk)
    issue_apology(
        c,
        by=p.official,
        unit_at_fault=p.construction,
        reason="Chờ kết quả kiểm tra hiện trường",
        new_due=dt.date(2025, 10, 20),
        ts=at(2025, 10, 10),
    )
    complete_dossier(c, by=p.official, ts=at(2025, 10, 15))
    d = sent(desk)
    request_supplement(d, by=p.official, note="Thiếu bản vẽ", ts=at(2025, 10, 7))
    receive_supplement(d, by=desk.receptionist, ts=at(2025, 10, 7, 15))
    request_supplement(d, by=p.official, note="Thiếu bản sao", ts=at(2025, 10, 8))
    receive_supplement(d, by=desk.receptionist, ts=at(2025, 10, 9))
    complete_dossier(d, by=p.official, ts=at(2025, 10, 10))
    e = sent(desk, applicant="Trần Thị Đào")
    f = receive(desk, at(2025, 10, 30), procedure=desk.quick)
    transfer_dossier(f, to_unit=p.finance, by=desk.receptionist, ts=at(2025, 10, 30, 10))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def test_indicators_by_unit_match_the_hand_computed_month(desk, october, django_assert_num_queries):
    with django_assert_num_queries(3):
        rows, total = indicators(Dossier.objects.all(), by="unit", period=OCTOBER, today=TODAY)

    construction = next(r for r in rows if r.key == desk.province.construction.pk)
    assert construction.label == "Sở Xây dựng"
    assert (construction.received, construction.early, construction.on_time, construction.late) == (
        5,
        2,
        1,
        1,
    )
    assert construction.late_766 == 2
    assert (construction.open_within, construction.open_overdue) == (0, 1)
    assert construction.overdue_without_letter == 1
    assert construction.average_days == pytest.approx(4.75)
    assert (construction.apologies, construction.supplements) == (1, 2)
    assert construction.on_time_rate == pytest.approx(0.5)
    finance = next(r for r in rows if r.key == desk.province.finance.pk)
    assert (finance.received, finance.open_within, finance.open_overdue) == (1, 1, 0)
    assert (total.received, total.resolved, total.received_online) == (6, 4, 1)


def test_indicators_by_procedure_and_by_month_agree(desk, october):
    by_procedure, _total = indicators(
        Dossier.objects.all(), by="procedure", period=OCTOBER, today=TODAY
    )
    by_month, month_total = indicators(
        Dossier.objects.all(), by="month", period=OCTOBER, today=TODAY
    )

    building = next(r for r in by_procedure if r.key == desk.procedure.pk)
    assert (building.received, building.late_766, building.apologies) == (5, 2, 1)
    [october_row] = by_month
    assert october_row.label == "10/2025"
    assert (october_row.received, october_row.early, october_row.on_time, october_row.late) == (
        6,
        2,
        1,
        1,
    )
    assert (october_row.open_within, october_row.open_overdue) == (1, 1)
    assert (october_row.apologies, october_row.supplements) == (1, 2)
    assert october_row.average_days == pytest.approx(4.75)
    assert month_total.open_overdue == 1


def test_index_766_components_and_points(desk, october):
    components, rule = index_766(
        Dossier.objects.all(), Procedure.objects.all(), period=OCTOBER, today=TODAY
    )

    by_code = {c.code: c for c in components}
    assert (by_code["2.1"].numerator, by_code["2.1"].denominator, by_code["2.1"].points) == (
        3,
        6,
        10.0,
    )
    assert by_code["2.2"].points is None
    assert (by_code["3.1"].ratio, by_code["3.1"].points) == (0.5, 1.25)
    assert (by_code["3.2"].ratio, by_code["3.2"].points) == (1.0, 4.0)
    assert (by_code["3.3"].ratio, by_code["3.3"].points) == (0.2, 2.4)
    assert by_code["5.4"].points == 3.33
    assert rule.document.startswith("Quyết định 766/QĐ-TTg")


def test_trend_worst_and_late_lists(desk, october, django_assert_num_queries):
    with django_assert_num_queries(1):
        trend = on_time_trend(
            Dossier.objects.all(), period=Period(dt.date(2025, 9, 1), dt.date(2025, 10, 1))
        )
    assert [(p.month, p.resolved, p.on_time) for p in trend] == [
        (dt.date(2025, 9, 1), 0, 0),
        (dt.date(2025, 10, 1), 4, 2),
    ]
    [procedure] = worst(Dossier.objects.all(), by="procedure", period=OCTOBER, minimum=1)
    assert (procedure.key, procedure.resolved, procedure.late) == (desk.procedure.pk, 4, 2)
    assert [d.code for d in overdue_now(Dossier.objects.all(), today=TODAY)] == [october["e"].code]
    flagged = late_without_letter(Dossier.objects.all(), today=TODAY)
    assert set(flagged.values_list("code", flat=True)) == {october["e"].code}


def test_monthly_rollup_kept_by_the_actions_matches_the_dossiers(desk, october):
    year = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    everything = Dossier.objects.all()

    from_rollup = on_time_trend(everything, period=year, rollup=Q())
    direct = on_time_trend(everything, period=year)
    columns = ("month", "procedure", "unit", "centre", "ended", "late")
    kept = sorted(DossierMonthStat.objects.values_list(*columns))
    rebuild_month_stats()
    rebuilt = sorted(DossierMonthStat.objects.values_list(*columns))

    assert from_rollup == direct
    assert kept == rebuilt
    key = (desk.procedure.pk, desk.province.construction.pk, desk.centre.pk)
    assert kept == [(dt.date(2025, 10, 1), *key, 4, 2)]
    for by in ("unit", "procedure"):
        assert worst(everything, by=by, period=year, minimum=1, rollup=Q()) == worst(
            everything, by=by, period=year, minimum=1
        )


def test_centre_staff_read_the_rollup_of_their_centre_only(desk, october):
    from congvu.dossiers.access import rollup_filter

    staff = rollup_filter(desk.receptionist)
    official = rollup_filter(desk.province.official)

    assert staff is not None and official is None
    assert rollup_filter(desk.province.inspector) == Q()
    trend = on_time_trend(Dossier.objects.all(), period=OCTOBER, rollup=staff)
    assert [(p.resolved, p.on_time) for p in trend] == [(4, 2)]


def test_search_ignores_diacritics(desk, october):
    found = search(Dossier.objects.all(), "tran thi dao")

    assert [d.code for d in found] == [october["e"].code]
    assert search(Dossier.objects.all(), "NGUYEN VAN ANH").get() == october["a"]
