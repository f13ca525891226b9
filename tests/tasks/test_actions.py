"""The task actions: state machine, permissions, optimistic locking; one event per action."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congvu.core.errors import ActionError, StaleWrite
from congvu.org.models import Delegation
from congvu.tasks.access import TRANSFER_DECISION
from congvu.tasks.actions import (
    accept_task,
    answer_escalation,
    approve_task,
    assign_task,
    cancel_task,
    complete_task,
    create_task,
    decline_task,
    escalate_task,
    grant_extension,
    refuse_extension,
    remind_task,
    reopen_task,
    report_progress,
    request_extension,
    request_input,
    respond_input,
    return_task,
    send_back_task,
    transfer_task,
)
from congvu.tasks.models import Activity, InputRequest, ReturnReason, Task, TaskEvent
from tests.factories import make_official, make_position, make_task

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        yield


def in_progress(province, **kwargs):
    task = make_task(province, **kwargs)
    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)
    return task


def activities(task):
    return list(task.events.order_by("seq").values_list("activity", flat=True))


def test_office_assigns_a_task_to_one_lead_unit_and_one_event_records_it(province):
    task = create_task(
        by=province.clerk,
        title="Báo cáo tiến độ giải phóng mặt bằng dự án đường ven sông",
        lead_unit=province.construction,
        field=province.field,
        due=TODAY + dt.timedelta(days=20),
        coordinating_units=[province.finance, province.construction],
        supervisor=province.chair,
    )

    assert task.status == Task.Status.NEW
    assert task.assigner_unit == province.office
    assert list(task.coordinating_units.all()) == [province.finance]
    event = task.events.get()
    assert (event.activity, event.unit, event.to_unit) == (
        Activity.CREATE,
        province.office,
        province.construction,
    )
    assert event.due == TODAY + dt.timedelta(days=20)
    assert task.title_folded == "bao cao tien do giai phong mat bang du an duong ven song"


def test_an_official_outside_the_office_cannot_assign_and_nothing_is_written(province):
    with pytest.raises(PermissionDenied):
        make_task(province, by=province.official)

    assert not Task.objects.exists()
    assert not TaskEvent.objects.exists()


def test_a_deadline_in_the_past_is_refused(province):
    with pytest.raises(ActionError) as refused:
        make_task(province, due=TODAY - dt.timedelta(days=1))

    assert refused.value.code == "invalid"
    assert not Task.objects.exists()


def test_the_head_accepts_and_hands_the_task_to_an_official(province):
    task = make_task(province)

    accept_task(task, by=province.head)
    assign_task(task, to=province.official, by=province.head)

    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS
    assert task.assignee == province.official
    assert activities(task) == ["create", "accept", "assign"]


def test_an_official_cannot_accept_for_the_unit(province):
    task = make_task(province)

    with pytest.raises(PermissionDenied):
        accept_task(task, by=province.official)

    assert activities(task) == ["create"]


def test_accepting_twice_is_an_illegal_transition(province):
    task = make_task(province)
    accept_task(task, by=province.head)

    with pytest.raises(ActionError) as refused:
        accept_task(task, by=province.head)

    assert refused.value.code == "illegal_state"
    assert activities(task) == ["create", "accept"]


def test_a_task_cannot_be_handed_to_someone_outside_the_lead_unit(province):
    task = make_task(province)
    accept_task(task, by=province.head)

    with pytest.raises(ActionError):
        assign_task(task, to=province.outsider, by=province.head)

    assert activities(task) == ["create", "accept"]


def test_progress_is_reported_by_the_holder_and_refused_to_an_outsider(province):
    task = in_progress(province)

    report_progress(task, by=province.official, percent=40, note="Đã khảo sát hiện trạng")
    with pytest.raises(PermissionDenied):
        report_progress(task, by=province.outsider, percent=90, note="Không liên quan")

    task.refresh_from_db()
    assert task.progress_percent == 40
    assert activities(task)[-1] == "progress"
    assert task.events.count() == 4


def test_a_coordinating_unit_answers_an_input_request(province):
    task = in_progress(province, coordinating_units=[province.finance])
    request = request_input(
        task,
        to_unit=province.finance,
        question="Đề nghị cho ý kiến về nguồn vốn",
        answer_due=TODAY + dt.timedelta(days=5),
        by=province.official,
    )

    respond_input(request, by=province.finance_official, answer="Thống nhất bố trí vốn năm 2026")

    request.refresh_from_db()
    assert request.status == InputRequest.Status.ANSWERED
    assert activities(task)[-2:] == ["request_input", "respond_input"]
    answer = task.events.order_by("seq").last()
    assert (answer.unit, answer.to_unit) == (province.finance, province.construction)


def test_an_official_outside_the_coordinating_unit_cannot_answer(province):
    task = in_progress(province, coordinating_units=[province.finance])
    request = request_input(
        task,
        to_unit=province.finance,
        question="Cho ý kiến",
        answer_due=TODAY + dt.timedelta(days=5),
        by=province.official,
    )

    with pytest.raises(PermissionDenied):
        respond_input(request, by=province.outsider, answer="Trả lời hộ")

    request.refresh_from_db()
    assert request.status == InputRequest.Status.OPEN
    assert activities(task)[-1] == "request_input"


def test_input_can_only_be_requested_from_a_coordinating_unit(province):
    task = in_progress(province)

    with pytest.raises(ActionError):
        request_input(
            task, to_unit=province.ward, question="?", answer_due=TODAY, by=province.official
        )

    assert not InputRequest.objects.exists()


def test_a_granted_extension_moves_the_deadline_in_force_and_keeps_the_original(province):
    task = in_progress(province, due=TODAY + dt.timedelta(days=10))
    request = request_extension(
        task, by=province.official, new_due=TODAY + dt.timedelta(days=25), reason="Chờ ý kiến Bộ"
    )

    grant_extension(request, by=province.clerk)

    task.refresh_from_db()
    assert task.original_due == TODAY + dt.timedelta(days=10)
    assert task.due == TODAY + dt.timedelta(days=25)
    event = task.events.order_by("seq").last()
    assert (event.activity, event.due) == (Activity.GRANT_EXTENSION, task.due)


def test_the_lead_unit_cannot_grant_its_own_extension(province):
    task = in_progress(province, due=TODAY + dt.timedelta(days=10))
    request = request_extension(
        task, by=province.official, new_due=TODAY + dt.timedelta(days=25), reason="Chờ ý kiến"
    )

    with pytest.raises(PermissionDenied):
        grant_extension(request, by=province.head)

    task.refresh_from_db()
    assert task.due == TODAY + dt.timedelta(days=10)


def test_a_refused_extension_leaves_the_deadline(province):
    task = in_progress(province, due=TODAY + dt.timedelta(days=10))
    request = request_extension(
        task, by=province.official, new_due=TODAY + dt.timedelta(days=25), reason="Chờ ý kiến"
    )

    refuse_extension(request, by=province.clerk, note="Nhiệm vụ cấp bách")

    task.refresh_from_db()
    assert task.due == TODAY + dt.timedelta(days=10)
    assert activities(task)[-1] == "refuse_extension"


def test_a_second_extension_request_waits_for_the_first(province):
    task = in_progress(province, due=TODAY + dt.timedelta(days=10))
    request_extension(task, by=province.official, new_due=TODAY + dt.timedelta(days=20), reason="a")

    with pytest.raises(ActionError):
        request_extension(
            task, by=province.official, new_due=TODAY + dt.timedelta(days=30), reason="b"
        )

    assert task.extension_requests.count() == 1


def test_the_lead_units_head_transfers_the_task(province):
    task = in_progress(province)

    transfer_task(
        task, to_unit=province.finance, by=province.head, reason="Thuộc lĩnh vực tài chính"
    )

    task.refresh_from_db()
    assert task.lead_unit == province.finance
    assert task.status == Task.Status.NEW
    assert task.assignee is None
    event = task.events.order_by("seq").last()
    assert (event.activity, event.unit, event.to_unit) == (
        Activity.TRANSFER,
        province.construction,
        province.finance,
    )


def test_a_specialist_cannot_transfer_or_return_the_units_task_without_the_head(province):
    task = in_progress(province)
    before = task.events.count()

    with pytest.raises(PermissionDenied):
        transfer_task(task, to_unit=province.finance, by=province.official, reason="Không thuộc")
    with pytest.raises(PermissionDenied):
        return_task(task, by=province.official, reason=ReturnReason.NOT_IN_MANDATE)

    task.refresh_from_db()
    assert (task.lead_unit, task.status) == (province.construction, Task.Status.IN_PROGRESS)
    assert task.events.count() == before


def test_a_post_the_head_delegated_transfers_to_hands_the_task_out(province):
    deputy = make_official("Phạm Thu Trang", unit=province.construction, position="Phó Giám đốc Sở")
    task = in_progress(province)
    Delegation.objects.create(
        unit=province.construction,
        position=make_position("Phó Giám đốc Sở"),
        decision_kind=TRANSFER_DECISION,
        legal_basis="Quyết định 12/QĐ-SXD",
    )

    transfer_task(task, to_unit=province.finance, by=deputy, reason="Thuộc lĩnh vực tài chính")

    task.refresh_from_db()
    assert task.lead_unit == province.finance
    assert task.events.order_by("seq").last().actor == deputy


def test_a_delegation_of_another_unit_does_not_let_a_member_hand_the_task_out(province):
    deputy = make_official("Phạm Thu Trang", unit=province.construction, position="Phó Giám đốc Sở")
    task = in_progress(province)
    Delegation.objects.create(
        unit=province.finance,
        position=make_position("Phó Giám đốc Sở"),
        decision_kind=TRANSFER_DECISION,
    )

    with pytest.raises(PermissionDenied):
        transfer_task(task, to_unit=province.ward, by=deputy, reason="Thuộc phường")

    task.refresh_from_db()
    assert task.lead_unit == province.construction
    assert not task.events.filter(activity=Activity.TRANSFER).exists()


def test_an_official_cannot_transfer_another_units_task(province):
    task = in_progress(province)

    with pytest.raises(PermissionDenied):
        transfer_task(
            task,
            to_unit=province.ward,
            by=province.finance_official,
            reason="Không phải việc của tôi",
        )

    task.refresh_from_db()
    assert task.lead_unit == province.construction
    assert not task.events.filter(activity=Activity.TRANSFER).exists()


def test_a_transfer_to_the_unit_already_leading_is_refused(province):
    task = in_progress(province)

    with pytest.raises(ActionError):
        transfer_task(task, to_unit=province.construction, by=province.head, reason="x")

    assert not task.events.filter(activity=Activity.TRANSFER).exists()


def test_a_returned_task_goes_back_to_the_office_which_hands_it_to_another_unit(province):
    task = in_progress(province)

    return_task(task, by=province.head, reason=ReturnReason.NOT_IN_MANDATE)
    transfer_task(
        task, to_unit=province.finance, by=province.clerk, reason="Giao Sở Tài chính chủ trì"
    )

    task.refresh_from_db()
    assert task.lead_unit == province.finance
    returned, transferred = task.events.order_by("seq")[3:5]
    assert (returned.activity, returned.unit, returned.to_unit, returned.reason) == (
        Activity.RETURN,
        province.construction,
        province.office,
        ReturnReason.NOT_IN_MANDATE,
    )
    assert (transferred.unit, transferred.to_unit) == (province.office, province.finance)


def test_a_return_for_another_reason_must_say_why(province):
    task = in_progress(province)

    with pytest.raises(ActionError):
        return_task(task, by=province.head, reason=ReturnReason.OTHER)

    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS


def test_a_coordinating_unit_declines_its_part_and_its_open_requests_close(province):
    task = in_progress(province, coordinating_units=[province.finance])
    request = request_input(
        task,
        to_unit=province.finance,
        question="Cho ý kiến",
        answer_due=TODAY + dt.timedelta(days=5),
        by=province.official,
    )

    decline_task(task, by=province.finance_official, reason=ReturnReason.NOT_IN_MANDATE)

    request.refresh_from_db()
    assert request.status == InputRequest.Status.DECLINED
    assert not task.coordinating_units.exists()
    event = task.events.order_by("seq").last()
    assert (event.activity, event.unit, event.to_unit) == (
        Activity.DECLINE,
        province.finance,
        province.construction,
    )


def test_the_lead_unit_cannot_decline(province):
    task = in_progress(province, coordinating_units=[province.finance])

    with pytest.raises(PermissionDenied):
        decline_task(task, by=province.official, reason=ReturnReason.NOT_IN_MANDATE)

    assert task.coordinating_units.count() == 1


def test_an_escalation_is_answered_by_the_leader_asked(province):
    task = in_progress(province, supervisor=province.chair)
    escalation = escalate_task(
        task,
        by=province.official,
        to=province.chair,
        question="Xin ý kiến chỉ đạo",
        decision_kind="approve_plan_under_limit",
    )

    answer_escalation(escalation, by=province.chair, answer="Đồng ý phương án 2")

    assert activities(task)[-2:] == ["escalate", "answer_escalation"]
    with pytest.raises(PermissionDenied):
        answer_escalation(
            escalate_task(task, by=province.official, to=province.chair, question="Lần 2"),
            by=province.outsider,
            answer="?",
        )


def test_complete_approve_and_rework(province):
    task = in_progress(province)
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 ket qua", content_type="application/pdf")

    complete_task(task, by=province.official, result="Đã ban hành kế hoạch", files=[upload])
    send_back_task(task, by=province.clerk, note="Bổ sung số liệu quý I")
    complete_task(task, by=province.official, result="Đã bổ sung số liệu")
    approve_task(task, by=province.clerk)

    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    assert task.completed_on == TODAY
    assert activities(task)[-4:] == ["complete", "send_back", "complete", "approve"]
    first_completion = task.events.filter(activity=Activity.COMPLETE).order_by("seq").first()
    assert first_completion.attachments.get().name == "bao-cao.pdf"
    assert (
        first_completion.payload["files"][0]["sha256"] == first_completion.attachments.get().sha256
    )


def test_approving_a_task_in_progress_is_an_illegal_transition(province):
    task = in_progress(province)

    with pytest.raises(ActionError) as refused:
        approve_task(task, by=province.clerk)

    assert refused.value.code == "illegal_state"
    assert activities(task)[-1] == "assign"


def test_the_lead_unit_cannot_approve_its_own_result(province):
    task = in_progress(province)
    complete_task(task, by=province.official, result="Xong")

    with pytest.raises(PermissionDenied):
        approve_task(task, by=province.head)

    task.refresh_from_db()
    assert task.status == Task.Status.COMPLETED


def test_cancel_reopen_and_remind(province):
    task = in_progress(province)

    remind_task(task, by=province.clerk, note="Đề nghị báo cáo trước ngày 10")
    cancel_task(task, by=province.clerk, note="Không còn cần thiết")
    reopen_task(task, by=province.clerk, note="Theo chỉ đạo mới")

    task.refresh_from_db()
    assert task.status == Task.Status.IN_PROGRESS
    assert activities(task)[-3:] == ["remind", "cancel", "reopen"]


def test_a_reminder_from_an_outsider_is_refused(province):
    task = in_progress(province)

    with pytest.raises(PermissionDenied):
        remind_task(task, by=province.outsider, note="Nhắc")

    assert activities(task)[-1] == "assign"


def test_the_inspector_reads_but_cannot_act(province):
    task = in_progress(province)

    with pytest.raises(PermissionDenied):
        remind_task(task, by=province.inspector, note="Nhắc")
    with pytest.raises(PermissionDenied):
        make_task(province, by=province.inspector)

    assert Task.objects.count() == 1
    assert activities(task)[-1] == "assign"


def test_a_stale_write_is_refused_and_nothing_is_written(province):
    task = in_progress(province)
    mine = Task.objects.get(pk=task.pk)
    theirs = Task.objects.get(pk=task.pk)
    report_progress(theirs, by=province.head, percent=50, note="Đã họp")

    with pytest.raises(StaleWrite):
        report_progress(mine, by=province.official, percent=10, note="Bắt đầu")

    task.refresh_from_db()
    assert task.progress_percent == 50
    assert task.events.count() == 4


def test_every_action_bumps_the_version(province):
    task = make_task(province)
    start = task.version

    accept_task(task, by=province.head)
    remind_task(task, by=province.clerk, note="Nhắc")

    task.refresh_from_db()
    assert task.version == start + 2


def test_events_carry_the_canonical_columns(province):
    task = in_progress(province)

    event = task.events.order_by("seq").last()

    assert event.ts == timezone.now()
    assert (event.actor, event.unit, event.to_unit) == (
        province.head,
        province.construction,
        province.construction,
    )
    assert event.payload["assignee"] == province.official.pk
    assert len(event.hash) == 64 and event.prev_hash == task.events.get(seq=2).hash
