"""The findings pages: every page for every role (allowed or refused), the forms, the export."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from congvu.findings.actions import review_finding
from congvu.findings.models import Finding, HandoverCount, Workload
from tests.factories import make_task
from tests.findings.world import NOW, make_finding


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def finding(province):
    return make_finding(
        make_task(province, title="Thẩm định thiết kế cầu Cửa Lục 3"),
        unit=province.construction,
        kind="ping_pong",
        detail=f"{province.construction.pk} > {province.finance.pk}",
    )


def as_(client, official):
    client.force_login(official.user)
    return client


def url(name, *args):
    return reverse(f"findings:{name}", args=args)


ALL = ["chair", "clerk", "head", "official", "finance_official", "inspector", "outsider"]


@pytest.mark.parametrize("who", ALL)
def test_every_official_opens_the_list_and_sees_only_their_scope(client, province, finding, who):
    response = as_(client, getattr(province, who)).get(url("list"))

    assert response.status_code == 200
    sees = who in ("chair", "head", "official", "inspector")
    assert (b"C\xe1\xbb\xada L\xe1\xbb\xa5c" in response.content) == sees  # "Cửa Lục"


def test_a_member_reaches_the_list_from_the_menu_but_not_the_scorecards(client, province):
    """Members explain the signals about their unit, so the menu leads them to the list; the
    scorecards and the network compare people and stay with heads, leaders and inspectors."""
    page = as_(client, province.official).get(reverse("my_work")).content.decode()

    assert f'href="{url("list")}"' in page
    listed = as_(client, province.official).get(url("list")).content.decode()
    assert f'href="{url("scorecards")}"' not in listed
    assert as_(client, province.official).get(url("scorecards")).status_code == 403


def test_the_list_says_what_was_found_in_words_and_defines_every_kind(client, province, finding):
    response = as_(client, province.head).get(url("list"))

    text = response.content.decode()
    assert "Sở Xây dựng chuyển nhiệm vụ trở lại Sở Tài chính" in text
    assert text.count("<dt>") >= 10


def test_anonymous_visitors_are_sent_to_the_login(client, finding):
    response = client.get(url("list"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_list_filters_by_kind_unit_official_status_and_period(client, province, finding):
    other = make_finding(make_task(province), unit=province.construction, kind="stall")
    viewer = as_(client, province.chair)

    def shown(**params):
        response = viewer.get(url("list"), params)
        return {f for f, _sentence, _case in response.context["rows"]}

    assert shown() == {finding, other}
    assert shown(kind="stall") == {other}
    assert shown(unit=province.finance.pk) == set()
    assert shown(status="open", unit=province.construction.pk) == {finding, other}
    assert shown(official=province.official.pk) == set()
    assert shown(since="03/03/2026") == set()
    assert shown(until="02/03/2026") == {finding, other}
    assert shown(since="2026-03-03") == set()  # links written before dd/mm/yyyy still work
    assert shown(pair=f"{province.construction.pk}-{province.finance.pk}") == {finding}


def test_the_date_filters_are_written_dd_mm_yyyy_whatever_the_browsers_language(
    client, province, finding
):
    response = as_(client, province.chair).get(url("list"), {"since": "01/02/2026"})

    text = response.content.decode()
    assert 'type="date"' not in text  # a browser's picker follows its own language
    assert 'name="since" value="01/02/2026"' in text
    assert 'placeholder="dd/mm/yyyy"' in text


def test_a_date_that_does_not_exist_is_an_error_on_its_field(client, province, finding):
    response = as_(client, province.chair).get(url("list"), {"until": "31/02/2026"})

    assert response.context["form"].errors["until"]
    assert {f for f, _sentence, _case in response.context["rows"]} == {finding}


def test_the_list_shows_each_signals_date_newest_first(client, province, finding):
    older = make_finding(make_task(province), unit=province.construction, kind="stall")
    newer = make_finding(make_task(province), unit=province.construction, kind="overdue")
    days = {finding: 10, older: 3, newer: 25}
    for each, day in days.items():
        Finding.objects.filter(pk=each.pk).update(ts=dt.datetime(2026, 2, day, 3, tzinfo=dt.UTC))

    response = as_(client, province.chair).get(url("list"))

    assert [f for f, _sentence, _case in response.context["rows"]] == [newer, finding, older]
    text = response.content.decode()
    cells = [text.index(f'data-label="Ngày" class="nowrap">{day}/02/2026') for day in (25, 10)]
    assert cells == sorted(cells)
    assert "03/02/2026" in text


def test_the_list_runs_the_same_queries_for_three_or_twenty_findings(
    client, province, django_assert_num_queries
):
    task = make_task(province)
    for number in range(3):
        make_finding(task, unit=province.construction, kind="refusal", evidence=str(number + 1))
    viewer = as_(client, province.chair)
    viewer.get(url("list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        viewer.get(url("list"))
    for number in range(3, 20):
        make_finding(task, unit=province.construction, kind="refusal", evidence=str(number + 1))

    with django_assert_num_queries(len(few.captured_queries)):
        viewer.get(url("list"))


@pytest.mark.parametrize("who", ALL)
def test_the_export_holds_the_same_rows_as_the_list(client, province, finding, who):
    response = as_(client, getattr(province, who)).get(url("export"))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    visible = who in ("chair", "head", "official", "inspector")
    assert len(rows) == (2 if visible else 1)
    if visible:
        assert rows[1][2:5] == (
            "Nhiệm vụ",
            str(finding.case_id),
            "Thẩm định thiết kế cầu Cửa Lục 3",
        )
        assert rows[1][7].date() == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("chair", 200),
        ("head", 200),
        ("official", 200),
        ("inspector", 200),
        ("clerk", 404),
        ("finance_official", 404),
        ("outsider", 404),
    ],
)
def test_the_detail_opens_for_the_scope_and_is_404_elsewhere(
    client, province, finding, who, status
):
    response = as_(client, getattr(province, who)).get(url("detail", finding.pk))

    assert response.status_code == status


def test_the_detail_highlights_the_evidence_in_the_task_timeline(client, province, finding):
    response = as_(client, province.official).get(url("detail", finding.pk))

    text = response.content.decode()
    evidence_id = finding.evidence_ids[0]
    assert f'id="su-kien-{evidence_id}" class="evidence' in text
    assert response.context["explain_form"] is not None
    assert response.context["review_form"] is None


def test_the_leader_sees_the_review_form_and_not_the_explanation_form(client, province, finding):
    response = as_(client, province.chair).get(url("detail", finding.pk))

    assert response.context["review_form"] is not None
    assert response.context["explain_form"] is None


def test_the_inspector_reads_without_any_form(client, province, finding):
    response = as_(client, province.inspector).get(url("detail", finding.pk))

    assert response.context["review_form"] is None
    assert response.context["explain_form"] is None
    assert response.context["reopen_form"] is None


def test_the_unit_explains_with_an_attachment_through_htmx(client, province, finding):
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", "application/pdf")

    response = as_(client, province.official).post(
        url("explain", finding.pk),
        {"text": "Sở Tài chính chưa có ý kiến", "file": upload},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "bien-ban.pdf" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.EXPLAINED
    explanation = finding.explanations.get()
    download = client.get(url("explanation_file", explanation.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4"


def test_an_empty_explanation_shows_the_form_again_and_writes_nothing(client, province, finding):
    response = as_(client, province.official).post(
        url("explain", finding.pk), {"text": ""}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response.context["explain_form"].errors
    assert not finding.explanations.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("chair", 403), ("inspector", 403), ("finance_official", 404), ("outsider", 404)],
)
def test_only_the_unit_concerned_may_post_an_explanation(client, province, finding, who, status):
    response = as_(client, getattr(province, who)).post(url("explain", finding.pk), {"text": "X"})

    assert response.status_code == status
    assert not finding.explanations.exists()


def test_a_leader_reviews_and_reopens_through_the_page(client, province, finding):
    leader = as_(client, province.chair)

    reviewed = leader.post(url("review", finding.pk), {"decision": "dismissed", "note": "Sai"})
    finding.refresh_from_db()
    status_after_review = finding.status
    reopened = leader.post(url("reopen", finding.pk), {"note": "Có thông tin mới"})

    assert reviewed.status_code == 302
    assert reopened.status_code == 302
    assert status_after_review == Finding.Status.DISMISSED
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_a_refused_decision_is_shown_as_a_form_error(client, province, finding):
    response = as_(client, province.chair).post(
        url("review", finding.pk),
        {"decision": "justified", "note": "Được"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.context["review_form"].non_field_errors()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


@pytest.mark.parametrize(
    ("who", "status"),
    [("head", 403), ("official", 403), ("inspector", 403), ("outsider", 404)],
)
def test_only_leaders_over_the_unit_may_post_a_review_or_reopen(
    client, province, finding, who, status
):
    viewer = as_(client, getattr(province, who))

    reviewed = viewer.post(url("review", finding.pk), {"decision": "dismissed", "note": "Sai"})
    reopened = viewer.post(url("reopen", finding.pk), {"note": "Mở lại"})

    assert (reviewed.status_code, reopened.status_code) == (status, status)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_forms_are_post_only(client, province, finding):
    response = as_(client, province.official).get(url("explain", finding.pk))

    assert response.status_code == 405


@pytest.fixture
def workload(province):
    month = dt.date(2026, 2, 1)
    Workload.objects.create(
        level="unit", unit=province.construction, period=month, received=10, allotted_days=300
    )
    Workload.objects.create(
        level="unit", unit=province.finance, period=month, received=2, allotted_days=60
    )
    Workload.objects.create(
        level="official", official=province.official, period=month, received=5, allotted_days=150
    )
    HandoverCount.objects.create(
        from_unit=province.construction, to_unit=province.finance, period=month, count=4
    )
    HandoverCount.objects.create(
        from_unit=province.finance, to_unit=province.construction, period=month, count=3
    )


PAGES = ["scorecards", "network"]
LEADING = ["chair", "head", "clerk", "inspector"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", LEADING)
def test_leaders_heads_the_office_and_inspectors_open_scorecards_and_network(
    client, province, workload, page, who
):
    response = as_(client, getattr(province, who)).get(url(page))

    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["official", "finance_official", "outsider"])
def test_officials_without_a_leading_post_may_not_compare_units(
    client, province, workload, page, who
):
    response = as_(client, getattr(province, who)).get(url(page))

    assert response.status_code == 403


def test_the_unit_scorecard_normalises_signals_by_workload(client, province, workload, finding):
    Finding.objects.filter(pk=finding.pk).update(ts=dt.datetime(2026, 2, 10, tzinfo=dt.UTC))
    dismissed = make_finding(make_task(province), unit=province.construction, kind="stall")
    Finding.objects.filter(pk=dismissed.pk).update(
        ts=dt.datetime(2026, 2, 11, tzinfo=dt.UTC), status="dismissed"
    )

    response = as_(client, province.chair).get(
        url("scorecards"), {"since": "01/2026", "until": "03/2026"}
    )

    rows = {row.name: row for row, _spark in response.context["rows"]}
    construction = rows["Sở Xây dựng"]
    assert (construction.received, construction.findings) == (10, 1)
    assert construction.per_10_received == 1.0
    assert round(construction.per_100_days, 3) == round(100 / 300, 3)
    assert [cell.findings for cell in construction.cells] == [0, 1, 0]
    assert rows["Sở Tài chính"].findings == 0
    text = response.content.decode()
    assert "<svg" in text
    assert 'name="since" value="01/2026"' in text
    # The unit's link shows the list for the same months.
    assert (
        f"?unit={province.construction.pk}&amp;since=01%2F01%2F2026&amp;until=31%2F03%2F2026"
        in text
    )


@pytest.mark.parametrize("since", ["2026-02", "02/2026", "2/2026"])
def test_the_months_of_a_scorecard_are_read_as_mm_yyyy_or_yyyy_mm(client, province, since):
    response = as_(client, province.chair).get(url("scorecards"), {"since": since, "until": since})

    assert response.context["months"] == [dt.date(2026, 2, 1)]


def test_a_month_that_does_not_read_gives_the_last_six(client, province):
    response = as_(client, province.chair).get(url("scorecards"), {"since": "13/2026"})

    assert len(response.context["months"]) == 6


def test_the_official_scorecard_lists_officials_of_the_scope(client, province, workload):
    response = as_(client, province.head).get(
        url("scorecards"), {"level": "official", "since": "2026-02", "until": "2026-02"}
    )

    rows = {row.name: row for row, _spark in response.context["rows"]}
    assert rows["Phạm Quang Hải"].received == 5
    assert "Vũ Thị Lan" not in rows


def test_the_network_draws_both_directions_and_links_pairs_to_their_ping_pongs(
    client, province, workload, finding
):
    Finding.objects.filter(pk=finding.pk).update(ts=dt.datetime(2026, 2, 10, tzinfo=dt.UTC))

    response = as_(client, province.chair).get(
        url("network"), {"since": "2026-02", "until": "2026-02"}
    )

    text = response.content.decode()
    pairs = [(p.source, p.target, p.count, p.bounces) for p in response.context["pairs"]]
    assert pairs == [
        (province.construction, province.finance, 4, 1),
        (province.finance, province.construction, 3, 0),
    ]
    assert text.count('<path class="edge') == 2
    assert (
        f"pair={province.construction.pk}-{province.finance.pk}"
        "&amp;since=01%2F02%2F2026&amp;until=28%2F02%2F2026"
    ) in text


def test_a_scorecard_as_of_a_day_counts_the_signals_as_they_stood_then(client, province, workload):
    # A stall in February, dismissed on 15/03: counted as of 10/03, not as of 20/03 nor today.
    stall = make_finding(make_task(province), unit=province.construction, kind="stall")
    Finding.objects.filter(pk=stall.pk).update(ts=dt.datetime(2026, 2, 11, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 3, 15, 3, tzinfo=dt.UTC), tick=False):
        review_finding(stall, by=province.chair, decision="dismissed", note="Đã có giải trình")

    def found(**params):
        response = as_(client, province.chair).get(
            url("scorecards"), {"since": "02/2026", "until": "02/2026", **params}
        )
        rows = {row.name: row for row, _spark in response.context["rows"]}
        return rows["Sở Xây dựng"].findings, response.content.decode()

    assert found(as_of="10/03/2026")[0] == 1
    assert "tại cuối ngày 10/03/2026" in found(as_of="10/03/2026")[1]
    assert found(as_of="2026-03-20")[0] == 0
    assert found()[0] == 0


def test_the_list_opens_with_a_summary_by_kind_and_unit_and_what_is_new(client, province, finding):
    older = make_finding(make_task(province), unit=province.finance, kind="stall")
    make_finding(make_task(province), unit=province.construction, kind="stall")
    Finding.objects.filter(pk=older.pk).update(detected_at=NOW - dt.timedelta(days=30))

    response = as_(client, province.chair).get(url("list"))

    summary = response.context["summary"]
    assert (summary.total, summary.new) == (3, 2)
    assert [(t.key, t.count, t.new) for t in summary.by_kind] == [
        ("stall", 2, 1),
        ("ping_pong", 1, 1),
    ]
    assert [(t.label, t.count, t.new) for t in summary.by_unit] == [
        ("Sở Xây dựng", 2, 2),
        ("Sở Tài chính", 1, 0),
    ]
    html = response.content.decode()
    assert html.index('id="signal-summary"') < html.index('<table class="list cards">')
    assert "2 mới từ" in html
