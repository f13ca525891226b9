"""Every page for every role: allowed roles get the page, the others 403 or 404, and a refused
POST writes nothing. The task actions, the task page, the overview and the assign form are checked
by the one (role × action) table in tests/test_permissions.py, through the pages and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from congvu.org.models import Official
from congvu.tasks.actions import accept_task, assign_task, complete_task, request_input
from congvu.tasks.models import Task, TaskEvent
from tests import permissions as table
from tests.factories import CAST, Province, make_task

ROLES = list(CAST)
SEES_TASK = table.SEES_TASK
ASSIGNS = table.CREATE


@pytest.fixture
def task(province: Province) -> Task:
    return make_task(
        province, coordinating_units=[province.finance], title="Rà soát quy hoạch Hạ Long"
    )


def who(province: Province, role: str) -> Official:
    official: Official = getattr(province, role)
    return official


def events(task: Task) -> int:
    return TaskEvent.objects.filter(task=task).count()


@pytest.mark.parametrize("role", ROLES)
def test_home_sends_leaders_to_the_overview_and_others_to_their_work(province, login, role):
    response = login(who(province, role)).get("/")

    expected = {"chair": "overview", "inspector": "task_list"}.get(role, "my_work")
    assert response.status_code == 302
    assert response["Location"] == reverse(expected)


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    for url in ["/", "/viec-cua-toi/", "/nhiem-vu/", "/tong-quan/", "/nhiem-vu/giao-moi/"]:
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_login_page_is_in_vietnamese(client, db):
    response = client.get("/login/")

    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_my_work_opens_for_everyone(province, login, task, role):
    response = login(who(province, role)).get(reverse("my_work"))

    assert response.status_code == 200
    assert "Việc của tôi" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_the_task_list_shows_the_task_only_to_those_who_may_see_it(province, login, task, role):
    response = login(who(province, role)).get(reverse("task_list"))

    assert response.status_code == 200
    assert ("Rà soát quy hoạch Hạ Long" in response.content.decode()) == (role in SEES_TASK)


@pytest.mark.parametrize("role", ROLES)
def test_the_export_holds_only_visible_tasks(province, login, task, role):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(who(province, role)).get(reverse("task_export"))

    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == (2 if role in SEES_TASK else 1)


@pytest.mark.parametrize("role", ROLES)
def test_the_assign_form_is_for_the_office_and_leaders(province, login, role):
    response = login(who(province, role)).get(reverse("task_create"))

    assert response.status_code == (200 if role in ASSIGNS else 403)


def test_an_official_of_another_unit_cannot_act_on_the_task(province, login, task):
    before = events(task)

    response = login(province.finance_official).post(
        reverse("task_action", args=[task.pk, "accept"]), {"version": task.version}
    )

    assert response.status_code == 403
    assert events(task) == before


def test_a_coordinating_unit_answers_an_input_request(province, login, task):
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    request = request_input(
        task,
        to_unit=province.finance,
        question="Đề nghị cho ý kiến về nguồn vốn",
        answer_due=task.due,
        by=province.official,
    )
    task.refresh_from_db()

    page = login(province.finance_official).get(reverse("task_detail", args=[task.pk]))
    response = login(province.finance_official).post(
        reverse("task_action", args=[task.pk, "respond_input"]),
        {"version": task.version, "request": request.pk, "answer": "Thống nhất nguồn vốn"},
    )

    assert "respond_input" in page.content.decode()
    assert response.status_code == 303
    request.refresh_from_db()
    assert request.status == "answered"
    assert request.answer == "Thống nhất nguồn vốn"


def test_an_outsider_cannot_answer_an_input_request(province, login, task):
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    request = request_input(
        task,
        to_unit=province.finance,
        question="Ý kiến?",
        answer_due=task.due,
        by=province.official,
    )
    task.refresh_from_db()
    before = events(task)

    response = login(province.head).post(
        reverse("task_action", args=[task.pk, "respond_input"]),
        {"version": task.version, "request": request.pk, "answer": "Không phải đơn vị tôi"},
    )

    assert response.status_code == 403
    assert events(task) == before


def test_the_inspector_reads_everything_but_gets_no_form_and_cannot_post(province, login, task):
    client = login(province.inspector)
    before = events(task)

    page = client.get(reverse("task_detail", args=[task.pk]))
    posts = [
        client.post(reverse("task_action", args=[task.pk, name]), {"version": task.version})
        for name in ["accept", "transfer", "remind", "cancel"]
    ]

    assert page.status_code == 200
    assert "hx-post" not in page.content.decode()
    assert "Anh/chị chỉ được xem" in page.content.decode()
    assert [r.status_code for r in posts] == [403, 403, 403, 403]
    assert events(task) == before


def test_the_head_gets_only_the_actions_of_the_tasks_state(province, login, task):
    page = login(province.head).get(reverse("task_detail", args=[task.pk])).content.decode()

    assert "/accept/" in page
    assert "/transfer/" in page
    assert "/complete/" not in page  # only once accepted
    assert "/approve/" not in page  # the assigner's


def test_a_stale_form_is_refused_with_a_clear_message(province, login, task):
    stale = task.version
    accept_task(task, by=province.head)
    before = events(task)

    response = login(province.head).post(
        reverse("task_action", args=[task.pk, "transfer"]),
        {"version": stale, "to_unit": province.ward.pk, "reason": "Chuyển"},
        HTTP_HX_REQUEST="true",
    )

    task.refresh_from_db()
    assert response.status_code == 200
    assert "errors" in response.content.decode()
    assert task.lead_unit == province.construction
    assert events(task) == before


def test_an_action_in_the_wrong_state_is_a_form_error(province, login, task):
    before = events(task)

    response = login(province.head).post(
        reverse("task_action", args=[task.pk, "complete"]),
        {"version": task.version, "result": "Xong"},
    )

    assert response.status_code == 422
    assert events(task) == before


def test_attachments_download_only_for_those_who_see_the_task(
    province, login, task, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    complete_task(
        task,
        by=province.official,
        result="Đã xong",
        files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 noi dung")],
    )
    attachment = task.events.get(activity="complete").attachments.get()

    allowed = login(province.finance_head).get(reverse("attachment", args=[attachment.pk]))
    refused = login(province.outsider).get(reverse("attachment", args=[attachment.pk]))

    assert allowed.status_code == 200
    assert b"".join(allowed.streaming_content) == b"%PDF-1.4 noi dung"
    assert refused.status_code == 404
