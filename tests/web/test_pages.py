"""What the pages show and do: content, search, filters, export, assign form, overview, and a
constant number of queries on every list page."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from congvu.tasks.actions import (
    accept_task,
    approve_task,
    assign_task,
    complete_task,
    escalate_task,
    report_progress,
    request_extension,
    request_input,
)
from congvu.tasks.models import DirectiveDocument, Task
from tests.factories import make_task
from tests.svg import assert_svg_numbers

NOW = dt.datetime(2025, 9, 15, 9, 0, tzinfo=dt.UTC)


def _many(province, n):
    for i in range(n):
        make_task(
            province,
            title=f"Nhiệm vụ số {i} về Hạ Long",
            coordinating_units=[province.finance],
            lead_unit=[province.construction, province.ward, province.finance][i % 3],
        )


def test_task_list_query_count_does_not_grow_with_rows(province, login, django_assert_num_queries):
    _many(province, 3)
    client = login(province.clerk)
    # +3 for the header: the province's name, and the menu's two rules that need a query (any
    # investment project visible, a post in Sở Nội vụ).
    with django_assert_num_queries(12):
        small = client.get(reverse("task_list"))
    _many(province, 30)

    with django_assert_num_queries(12):
        large = client.get(reverse("task_list"), {"page": 2})

    assert small.status_code == large.status_code == 200
    assert large.context["page"].paginator.count == 33


def test_overview_query_count_does_not_grow_with_units_or_tasks(
    province, login, django_assert_num_queries
):
    _many(province, 3)
    client = login(province.chair)
    # 15: the chair heads the root unit, so one query checks that no unit lies outside their scope;
    # +3 for the approval wait (the unit's lineage, two, and one aggregate); +3 for the header.
    with django_assert_num_queries(21):
        client.get(reverse("overview"))
    _many(province, 30)

    with django_assert_num_queries(21):
        response = client.get(reverse("overview"))

    assert response.context["total"].total == 33


def test_my_work_query_count_is_constant(province, login, django_assert_num_queries):
    _many(province, 3)
    client = login(province.head)
    # The task queues, the personnel steps (ratings, discipline, rewards, proposals) and the
    # signals to explain: 23 (an official's 18, and for a head the units they manage, the tasks to
    # accept and to hand out, the petitions and the reviewed batches of ratings); the header: 3;
    # the units the head runs: 2; the panel of his unit (its lineage, four counts, the overdue
    # list) and whether he holds tasks himself: 5. 33 at any size.
    with django_assert_num_queries(33):
        client.get(reverse("my_work"))
    _many(province, 12)

    with django_assert_num_queries(33):
        response = client.get(reverse("my_work"))

    assert len(response.context["to_accept"]) == 5 + 1 - 1  # construction leads every third


def test_search_ignores_diacritics(province, login):
    make_task(province, title="Giải phóng mặt bằng dự án Hạ Long - Cẩm Phả")
    make_task(province, title="Báo cáo chuyển đổi số")

    response = login(province.clerk).get(reverse("task_list"), {"q": "ha long cam pha"})

    titles = [task.title for task in response.context["page"].object_list]
    assert titles == ["Giải phóng mặt bằng dự án Hạ Long - Cẩm Phả"]


def test_search_finds_a_document_number(province, login):
    document = DirectiveDocument.objects.create(
        number="123/UBND-TH",
        issued_on=dt.date(2025, 8, 1),
        signer="Cao Tường Huy",
        issuer=province.office,
        summary="Chỉ đạo",
    )
    make_task(province, title="Việc có văn bản", document=document)
    make_task(province, title="Việc không có văn bản")

    response = login(province.clerk).get(reverse("task_list"), {"q": "123/UBND"})

    assert [t.title for t in response.context["page"].object_list] == ["Việc có văn bản"]


def test_list_filters_by_unit_with_sub_units_and_by_lead_or_coordinating(province, login):
    make_task(province, title="Của phòng quy hoạch", lead_unit=province.construction_planning)
    make_task(province, title="Sở Tài chính chủ trì", lead_unit=province.finance)
    make_task(
        province,
        title="Sở Xây dựng phối hợp",
        lead_unit=province.finance,
        coordinating_units=[province.construction],
    )
    client = login(province.chair)

    lead = client.get(
        reverse("task_list"), {"unit": province.construction.pk, "involvement": "lead"}
    )
    coordinating = client.get(
        reverse("task_list"), {"unit": province.construction.pk, "involvement": "coordinating"}
    )

    assert [t.title for t in lead.context["page"].object_list] == ["Của phòng quy hoạch"]
    assert [t.title for t in coordinating.context["page"].object_list] == ["Sở Xây dựng phối hợp"]


def test_list_filters_overdue_and_due_within(province, login):
    with time_machine.travel(NOW - dt.timedelta(days=40), tick=False):
        make_task(province, title="Đã quá hạn", due=dt.date(2025, 9, 1))
    with time_machine.travel(NOW, tick=False):
        make_task(province, title="Sắp đến hạn", due=dt.date(2025, 9, 18))
        make_task(province, title="Còn lâu", due=dt.date(2025, 12, 1))
        client = login(province.clerk)

        overdue = client.get(reverse("task_list"), {"overdue": "on"})
        soon = client.get(reverse("task_list"), {"due_within": "7"})
        category = client.get(reverse("task_list"), {"category": "open_overdue"})

    assert [t.title for t in overdue.context["page"].object_list] == ["Đã quá hạn"]
    assert [t.title for t in soon.context["page"].object_list] == ["Sắp đến hạn"]
    assert [t.title for t in category.context["page"].object_list] == ["Đã quá hạn"]
    assert "Quá hạn 14 ngày" in overdue.content.decode()


def test_list_sorts_by_due_both_ways_and_paginates_by_25(province, login):
    for day in range(30):
        make_task(
            province, title=f"Việc {day}", due=timezone.localdate() + dt.timedelta(days=day + 1)
        )
    client = login(province.clerk)

    first = client.get(reverse("task_list"))
    last = client.get(reverse("task_list"), {"sort": "-due", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert first.context["page"].object_list[0].title == "Việc 0"
    assert [t.title for t in last.context["page"].object_list] == [
        f"Việc {d}" for d in range(4, -1, -1)
    ]


def test_export_is_the_filtered_list_with_vietnamese_headers_and_real_dates(province, login):
    make_task(province, title="Giải phóng mặt bằng Hạ Long", due=dt.date(2099, 3, 4))
    make_task(province, title="Việc khác")

    response = login(province.clerk).get(reverse("task_export"), {"q": "ha long"})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert rows[0][:3] == ("STT", "Số/ký hiệu văn bản", "Nhiệm vụ")
    assert len(rows) == 2
    assert rows[1][2] == "Giải phóng mặt bằng Hạ Long"
    assert rows[1][8].date() == dt.date(2099, 3, 4)  # openpyxl reads dates back as datetimes
    assert sheet.cell(row=2, column=9).number_format == "dd/mm/yyyy"


def test_detail_shows_the_facts_and_the_timeline_in_vietnamese(province, login):
    task = make_task(province, coordinating_units=[province.finance], supervisor=province.chair)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)

    page = login(province.official).get(reverse("task_detail", args=[task.pk])).content.decode()

    for text in ["Sở Xây dựng", "Sở Tài chính", "Cao Tường Huy", "Phạm Quang Hải", "Lê Minh Đức"]:
        assert text in page
    assert task.original_due.strftime("%d/%m/%Y") in page
    assert page.count('class="act"') == 3


def test_the_office_assigns_a_task_with_a_new_directive_document(province, login):
    response = login(province.clerk).post(
        reverse("task_create"),
        {
            "title": "Rà soát hồ sơ đất đai phường Hạ Long",
            "document_number": "123/UBND-TH",
            "document_date": "03/04/2025",
            "document_signer": "Cao Tường Huy",
            "field": province.field.pk,
            "lead_unit": province.construction.pk,
            "coordinating_units": [province.finance.pk, province.ward.pk],
            "supervisor": province.chair.pk,
            "due": "31/12/2099",
        },
    )

    task = Task.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("task_detail", args=[task.pk])
    assert task.document.number == "123/UBND-TH"
    assert task.document.issued_on == dt.date(2025, 4, 3)
    assert task.due == dt.date(2099, 12, 31)
    assert task.supervisor == province.chair
    assert set(task.coordinating_units.all()) == {province.finance, province.ward}
    assert task.events.get().activity == "create"


def test_the_assign_form_refuses_a_past_deadline_and_writes_nothing(province, login):
    response = login(province.clerk).post(
        reverse("task_create"),
        {
            "title": "Việc",
            "field": province.field.pk,
            "lead_unit": province.construction.pk,
            "due": "01/01/2000",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due"]
    assert not Task.objects.exists()
    assert not DirectiveDocument.objects.exists()


def test_overview_counts_the_four_categories_and_links_to_the_list(province, login):
    with time_machine.travel(NOW - dt.timedelta(days=20), tick=False):
        done = make_task(province, due=dt.date(2025, 9, 30))
        make_task(province, lead_unit=province.finance, due=dt.date(2025, 9, 1))
        accept_task(done, by=province.head)
        assign_task(done, to=province.official, by=province.head)
        complete_task(done, by=province.official, result="Xong")
        approve_task(done, by=province.clerk)
    with time_machine.travel(NOW, tick=False):
        response = login(province.chair).get(reverse("overview"), {"period": "year"})

    page = response.content.decode()
    rows = {line.unit.name: line for line in response.context["lines"] if line.unit}
    assert rows["Sở Xây dựng"].counts.done_on_time == 1
    assert rows["Sở Tài chính"].counts.open_overdue == 1
    assert response.context["total"].total == 2
    assert "<svg" in page
    assert assert_svg_numbers(page) > 4  # plain numbers under the Vietnamese locale
    assert "category=open_overdue" in rows["Sở Tài chính"].links["open_overdue"]
    assert [t.lead_unit for t in response.context["oldest"]] == [province.finance]


def test_overview_says_today_for_results_reported_today_not_0_days_ago(province, login):
    with time_machine.travel(NOW, tick=False):
        task = make_task(province, due=dt.date(2025, 9, 30))
        accept_task(task, by=province.head)
        assign_task(task, to=province.official, by=province.head)
        complete_task(task, by=province.official, result="Xong")
        page = login(province.chair).get(reverse("overview")).content.decode()

    assert "1 kết quả, báo cáo hoàn thành trong hôm nay" in page
    assert "0 ngày trước" not in page


def test_overview_drills_into_a_unit(province, login):
    make_task(province, lead_unit=province.construction_planning)

    response = login(province.chair).get(reverse("overview"), {"unit": province.construction.pk})

    assert response.status_code == 200
    assert [line.unit for line in response.context["lines"]] == [province.construction_planning]


def test_my_work_shows_the_queues_and_accepts_in_one_click(province, login):
    task = make_task(province)
    client = login(province.head)

    page = client.get(reverse("my_work"))
    response = client.post(
        reverse("task_action", args=[task.pk, "accept"]),
        {"version": task.version, "from": "my"},
        HTTP_HX_REQUEST="true",
    )

    assert [t.pk for t in page.context["to_accept"]] == [task.pk]
    assert response.status_code == 200
    assert "Đã tiếp nhận nhiệm vụ." in response.content.decode()
    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS


def test_my_work_of_the_office_lists_extensions_and_completed_tasks(province, login):
    waiting = make_task(province, title="Chờ gia hạn")
    accept_task(waiting, by=province.head)
    assign_task(waiting, to=province.official, by=province.head)
    request_extension(
        waiting, by=province.official, new_due=waiting.due + dt.timedelta(days=10), reason="Chờ"
    )
    finished = make_task(province, title="Chờ nghiệm thu")
    accept_task(finished, by=province.head)
    assign_task(finished, to=province.official, by=province.head)
    complete_task(finished, by=province.official, result="Xong")

    page = login(province.clerk).get(reverse("my_work"))

    assert [e.task_id for e in page.context["extensions"]] == [waiting.pk]
    assert [t.pk for t in page.context["to_approve"]] == [finished.pk]
    assert "/grant_extension/" in page.content.decode()


def test_a_queue_cut_at_its_limit_says_so():
    from congvu.web.queues import QUEUE_LIMIT
    from congvu.web.templatetags.congvu_web import queue_count

    assert queue_count([None] * 3) == "3"
    assert queue_count([None] * QUEUE_LIMIT) == f"{QUEUE_LIMIT}+"


def _busy_task(province, reports):
    """A task held by the official, coordinated by finance, with an open request for input, an
    extension request, a question put to the chair and `reports` progress reports."""
    task = make_task(province, coordinating_units=[province.finance], supervisor=province.chair)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    request_input(
        task,
        to_unit=province.finance,
        question="Cho ý kiến về nguồn vốn",
        answer_due=timezone.localdate() + dt.timedelta(days=5),
        by=province.official,
    )
    request_extension(
        task,
        by=province.official,
        new_due=timezone.localdate() + dt.timedelta(days=60),
        reason="Chờ số liệu quy hoạch",
    )
    escalate_task(task, by=province.official, to=province.chair, question="Xin ý kiến chỉ đạo")
    for percent in range(reports):
        report_progress(task, by=province.official, percent=percent, note="Đã làm thêm")
    return task


def test_task_page_query_count_does_not_grow_with_its_timeline(
    province, login, django_assert_num_queries
):
    short, long = _busy_task(province, 1), _busy_task(province, 15)
    client = login(province.official)
    # Session, user, official, posts, merged units; the task with its coordinating units; its
    # requests, extensions and questions; the timeline with its attachments; the assign, transfer
    # and escalation forms' choices (whom to ask: the delegations, then the officials); whether the
    # official may hand the task out of the unit (one delegation query for transfer and return); the
    # header (the province's name, any project visible, a post in Sở Nội vụ): 20 in all.
    with django_assert_num_queries(20):
        first = client.get(reverse("task_detail", args=[short.pk]))

    with django_assert_num_queries(20):
        second = client.get(reverse("task_detail", args=[long.pk]))

    assert first.status_code == second.status_code == 200
    assert len(second.context["events"]) == len(first.context["events"]) + 14


def test_my_work_query_count_for_an_official_holding_tasks(
    province, login, django_assert_num_queries
):
    _busy_task(province, 1)
    client = login(province.official)
    # Session, user, official, posts (read once for the page, the scope, the rating period and
    # the personnel check), merged units; the five task queues; own ratings, the rating policy,
    # the team's ratings; discipline steps; the personnel units, the nominations; the proposals;
    # the signals: 18; the panel of the tasks they hold (four counts, the overdue list): 2; the
    # header (the province's name, any project visible, a post in Sở Nội vụ): 3. 23 however many
    # tasks they hold.
    with django_assert_num_queries(23):
        client.get(reverse("my_work"))
    _busy_task(province, 3)
    _busy_task(province, 3)

    with django_assert_num_queries(23):
        response = client.get(reverse("my_work"))

    assert len(response.context["my_tasks"]) == 3
