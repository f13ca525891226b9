"""The task action forms (congvu/web/views/actions.py): asking a superior's opinion names the kind
of delegated decision it is about, so that the escalation detector can examine it."""

from __future__ import annotations

from django.urls import reverse

from congvu.org.models import DecisionKind
from congvu.tasks.actions import accept_task, assign_task
from congvu.tasks.models import Escalation
from tests.factories import make_task


def _in_progress(province):
    task = make_task(province, supervisor=province.chair)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    task.refresh_from_db()
    return task


def _kinds():
    DecisionKind.objects.create(code="land_allocation_small", name="Giao đất, cho thuê đất nhỏ lẻ")
    DecisionKind.objects.create(code="construction_permit", name="Cấp giấy phép xây dựng")


def test_the_escalate_form_offers_the_decision_kinds_by_name(province, login):
    _kinds()
    task = _in_progress(province)

    page = login(province.official).get(reverse("task_detail", args=[task.pk])).content.decode()

    assert "Loại quyết định" in page
    assert '<option value="" selected>Không thuộc loại việc đã được phân cấp</option>' in page
    assert '<option value="construction_permit">Cấp giấy phép xây dựng</option>' in page
    assert '<option value="land_allocation_small">Giao đất, cho thuê đất nhỏ lẻ</option>' in page
    # The names are in alphabetical order, as the model orders them.
    assert page.index("Cấp giấy phép xây dựng") < page.index("Giao đất, cho thuê đất nhỏ lẻ")
    assert "đối chiếu với phân cấp" in page


def test_an_escalation_from_the_page_records_its_decision_kind(province, login):
    _kinds()
    task = _in_progress(province)

    response = login(province.official).post(
        reverse("task_action", args=[task.pk, "escalate"]),
        {
            "version": task.version,
            "to": province.chair.pk,
            "question": "Xin ý kiến về việc giao đất",
            "decision_kind": "land_allocation_small",
        },
    )

    assert response.status_code == 303
    escalation = Escalation.objects.get(task=task)
    assert escalation.decision_kind == "land_allocation_small"
    event = task.events.get(activity="escalate")
    assert event.payload["decision_kind"] == "land_allocation_small"


def test_an_escalation_without_a_decision_kind_records_none(province, login):
    _kinds()
    task = _in_progress(province)

    response = login(province.official).post(
        reverse("task_action", args=[task.pk, "escalate"]),
        {"version": task.version, "to": province.chair.pk, "question": "Xin ý kiến chỉ đạo"},
    )

    assert response.status_code == 303
    assert Escalation.objects.get(task=task).decision_kind == ""
    assert task.events.get(activity="escalate").payload["decision_kind"] == ""


def test_an_unknown_decision_kind_is_refused_and_nothing_is_written(province, login):
    _kinds()
    task = _in_progress(province)

    response = login(province.official).post(
        reverse("task_action", args=[task.pk, "escalate"]),
        {
            "version": task.version,
            "to": province.chair.pk,
            "question": "Xin ý kiến",
            "decision_kind": "not_a_kind",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Loại quyết định không có trong danh mục" in response.content.decode()
    assert not Escalation.objects.filter(task=task).exists()
    assert not task.events.filter(activity="escalate").exists()
