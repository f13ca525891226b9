"""The one (role × action) table of the task permissions, and the two doors it is checked through.

`TABLE` says, for every action on a task, which members of the demo cast (`factories.CAST`) may
take it; every other member is refused. `PageDoor` takes the action through the pages (the task
page's form, the assign form, the overview page) and `ApiDoor` through the API; the permission
tests of `tests/web` and `tests/api` run the same table through their door, so the two interfaces
cannot drift apart. A refusal is 403 when the member may see the task and 404 when they may not,
and writes nothing (no event, the task's version unchanged).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

from congvu.api.tokens import issue_token
from congvu.org.models import Official, Post
from congvu.tasks.actions import (
    accept_task,
    approve_task,
    assign_task,
    complete_task,
    escalate_task,
    request_extension,
    request_input,
)
from congvu.tasks.models import Task, TaskEvent
from tests.factories import CAST, Province, make_official, make_task

ROLES = CAST
SEES_TASK = frozenset(ROLES) - {"outsider"}  # everyone but the ward official
LEAD = frozenset({"chair", "head", "official", "colleague"})  # the lead unit and those above it
ASSIGNER = frozenset({"chair", "clerk"})  # the office that assigned it and the supervising chair
COORDINATING = frozenset({"chair", "finance_official", "finance_head"})
MANAGES_LEAD = frozenset({"chair", "head"})


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class World:
    """The cast, a task of the construction department coordinated by finance, supervised by the
    chair, and a vice-chair the official may ask."""

    province: Province
    task: Task
    deputy: Official
    prepared: dict[str, Any]


def build_world(province: Province) -> World:
    deputy = make_official(
        "Nguyễn Thị Hạnh", unit=province.province_pc, role=Post.Role.LEADER, position="Phó Chủ tịch"
    )
    task = make_task(province, coordinating_units=[province.finance], supervisor=province.chair)
    return World(province, task, deputy, {})


# --- States the actions apply in ----------------------------------------------------------------


def new_task(world: World) -> None:
    return None


def in_progress(world: World) -> None:
    p = world.province
    accept_task(world.task, by=p.head)
    assign_task(world.task, to=p.official, by=p.head)


def with_input_request(world: World) -> None:
    in_progress(world)
    asked = request_input(
        world.task,
        to_unit=world.province.finance,
        question="Cho ý kiến về nguồn vốn",
        answer_due=in_days(5),
        by=world.province.official,
    )
    world.prepared["request"] = asked.pk


def with_extension_request(world: World) -> None:
    in_progress(world)
    asked = request_extension(
        world.task, by=world.province.official, new_due=in_days(60), reason="Chờ số liệu quy hoạch"
    )
    world.prepared["request"] = asked.pk


def with_escalation(world: World) -> None:
    in_progress(world)
    asked = escalate_task(
        world.task, by=world.province.official, to=world.deputy, question="Xin ý kiến chỉ đạo"
    )
    world.prepared["escalation"] = asked.pk


def completed(world: World) -> None:
    in_progress(world)
    complete_task(world.task, by=world.province.official, result="Đã ban hành báo cáo")


def approved(world: World) -> None:
    completed(world)
    approve_task(world.task, by=world.province.clerk)


# --- The table ------------------------------------------------------------------------------------

Payload = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    """One action on the task: the state it applies in, who may take it, and what each door sends
    (the page's form fields and the API's JSON differ in names and date format only)."""

    allowed: frozenset[str]
    prepare: Callable[[World], None]
    page: Payload
    api: Payload


def same(**values: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: dict(values)


TABLE: dict[str, Case] = {
    "accept": Case(MANAGES_LEAD, new_task, same(note="Tiếp nhận"), same(note="Tiếp nhận")),
    "assign": Case(
        MANAGES_LEAD,
        in_progress,
        lambda w: {"to": w.province.colleague.pk},
        lambda w: {"official_id": w.province.colleague.pk},
    ),
    "progress": Case(
        LEAD,
        in_progress,
        same(percent=40, note="Đã khảo sát hiện trạng"),
        same(percent=40, note="Đã khảo sát hiện trạng"),
    ),
    "request_input": Case(
        LEAD,
        in_progress,
        lambda w: {
            "to_unit": w.province.finance.pk,
            "question": "Cho ý kiến về nguồn vốn",
            "answer_due": dmy(in_days(7)),
        },
        lambda w: {
            "unit_id": w.province.finance.pk,
            "question": "Cho ý kiến về nguồn vốn",
            "answer_due": in_days(7).isoformat(),
        },
    ),
    "respond_input": Case(
        COORDINATING,
        with_input_request,
        lambda w: {"request": w.prepared["request"], "answer": "Đồng ý bố trí vốn"},
        lambda w: {"request_id": w.prepared["request"], "answer": "Đồng ý bố trí vốn"},
    ),
    "request_extension": Case(
        LEAD,
        in_progress,
        lambda w: {"new_due": dmy(in_days(90)), "reason": "Chờ ý kiến bộ ngành"},
        lambda w: {"new_due": in_days(90).isoformat(), "reason": "Chờ ý kiến bộ ngành"},
    ),
    "grant_extension": Case(
        ASSIGNER,
        with_extension_request,
        lambda w: {"request": w.prepared["request"], "note": ""},
        lambda w: {"request_id": w.prepared["request"]},
    ),
    "refuse_extension": Case(
        ASSIGNER,
        with_extension_request,
        lambda w: {"request": w.prepared["request"], "note": "Nhiệm vụ cấp bách"},
        lambda w: {"request_id": w.prepared["request"], "note": "Nhiệm vụ cấp bách"},
    ),
    # Handing a task out of its unit needs the unit's head (or a delegate): not its specialists.
    "transfer": Case(
        MANAGES_LEAD | ASSIGNER,
        in_progress,
        lambda w: {"to_unit": w.province.ward.pk, "reason": "Thuộc thẩm quyền phường"},
        lambda w: {"to_unit_id": w.province.ward.pk, "reason": "Thuộc thẩm quyền phường"},
    ),
    "return": Case(
        MANAGES_LEAD,
        in_progress,
        same(reason="not_in_mandate", note=""),
        same(reason="not_in_mandate", note=""),
    ),
    "decline": Case(
        COORDINATING,
        in_progress,
        same(reason="missing_information", note=""),
        same(reason="missing_information", note=""),
    ),
    "escalate": Case(
        LEAD,
        in_progress,
        lambda w: {"to": w.deputy.pk, "question": "Xin ý kiến chỉ đạo"},
        lambda w: {"to_official_id": w.deputy.pk, "question": "Xin ý kiến chỉ đạo"},
    ),
    "answer_escalation": Case(
        ASSIGNER | {"head"},
        with_escalation,
        lambda w: {"escalation": w.prepared["escalation"], "answer": "Thống nhất phương án 2"},
        lambda w: {"escalation_id": w.prepared["escalation"], "answer": "Thống nhất phương án 2"},
    ),
    "complete": Case(
        LEAD, in_progress, same(result="Đã hoàn thành rà soát"), same(result="Đã hoàn thành")
    ),
    "approve": Case(ASSIGNER, completed, same(note="Đạt yêu cầu"), same(note="Đạt yêu cầu")),
    "send_back": Case(ASSIGNER, completed, same(note="Bổ sung số liệu"), same(note="Bổ sung")),
    "reopen": Case(ASSIGNER, approved, same(note="Phát sinh yêu cầu"), same(note="Phát sinh")),
    "cancel": Case(ASSIGNER, in_progress, same(note="Không còn cần"), same(note="Không cần")),
    "remind": Case(
        ASSIGNER | {"head"}, in_progress, same(note="Khẩn trương"), same(note="Khẩn trương")
    ),
}

# Reads and the two actions that are not on an existing task.
VIEW_TASK = SEES_TASK
OVERVIEW = frozenset({"chair", "clerk", "head", "finance_head", "inspector"})
CREATE = ASSIGNER


def refusal_status(role: str) -> int:
    """A member who may see the task is told no (403); to anyone else it does not exist (404)."""
    return 403 if role in SEES_TASK else 404


# --- The two doors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    ok: bool  # the door's own success answer (a redirect on pages, 200/201 in the API)
    body: str


class Door:
    """An interface to take actions through; what both do alike: a GET of the task or overview."""

    side = ""
    task_url = ""  # with {pk}
    overview_url = ""

    def _client(self, official: Official) -> Client:
        raise NotImplementedError

    def act(
        self, official: Official, world: World, action: str, payload: dict[str, Any]
    ) -> Outcome:
        """Take `action` on the world's task as `official`, at the version last read."""
        raise NotImplementedError

    def create(self, official: Official, data: dict[str, Any]) -> Outcome:
        """Give a task; `data` has lead_unit, field, due (a date), title, supervisor (or None)."""
        raise NotImplementedError

    def _get(self, official: Official, url: str, params: dict[str, Any]) -> Outcome:
        response = self._client(official).get(url, params)
        return Outcome(response.status_code, response.status_code == 200, _text(response))

    def view(self, official: Official, task: Task) -> Outcome:
        return self._get(official, self.task_url.format(pk=task.pk), {})

    def overview(self, official: Official, unit_id: int | None = None) -> Outcome:
        return self._get(official, self.overview_url, {} if unit_id is None else {"unit": unit_id})


class PageDoor(Door):
    """Through the pages, logged in as the official (in Vietnamese)."""

    side = "page"
    task_url = "/nhiem-vu/{pk}/"
    overview_url = "/tong-quan/"

    def _client(self, official: Official) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(official.user)
        return client

    def act(
        self, official: Official, world: World, action: str, payload: dict[str, Any]
    ) -> Outcome:
        version = Task.objects.get(pk=world.task.pk).version
        response = self._client(official).post(
            f"/nhiem-vu/{world.task.pk}/{action}/", {**payload, "version": version}
        )
        return Outcome(response.status_code, response.status_code == 303, _text(response))

    def create(self, official: Official, data: dict[str, Any]) -> Outcome:
        form = {
            "title": data["title"],
            "field": data["field"],
            "lead_unit": data["lead_unit"],
            "due": dmy(data["due"]),
            "supervisor": data.get("supervisor") or "",
        }
        response = self._client(official).post("/nhiem-vu/giao-moi/", form)
        return Outcome(response.status_code, response.status_code == 303, _text(response))


class ApiDoor(Door):
    """Through the API, with a bearer token of the official."""

    side = "api"
    task_url = "/api/v1/tasks/{pk}"
    overview_url = "/api/v1/overview"

    def _client(self, official: Official) -> Client:
        _token, key = issue_token(official, name="kiểm thử")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def act(
        self, official: Official, world: World, action: str, payload: dict[str, Any]
    ) -> Outcome:
        version = Task.objects.get(pk=world.task.pk).version
        path = f"/api/v1/tasks/{world.task.pk}/{action.replace('_', '-')}"
        body = {**payload, "version": version}
        client = self._client(official)
        if action == "complete":  # multipart, for the attached files
            response = client.post(path, body)
        else:
            response = client.post(path, json.dumps(body), content_type="application/json")
        return Outcome(response.status_code, response.status_code == 200, _text(response))

    def create(self, official: Official, data: dict[str, Any]) -> Outcome:
        body = {
            "title": data["title"],
            "field_id": data["field"],
            "lead_unit_id": data["lead_unit"],
            "due": data["due"].isoformat(),
            "supervisor_id": data.get("supervisor"),
        }
        response = self._client(official).post(
            "/api/v1/tasks", json.dumps(body), content_type="application/json"
        )
        return Outcome(response.status_code, response.status_code == 201, _text(response))


def _text(response: Any) -> str:
    return "" if getattr(response, "streaming", False) else response.content.decode()


def new_task_data(province: Province, title: str) -> dict[str, Any]:
    """What giving a task to the construction department takes (both doors translate it)."""
    return {
        "title": title,
        "field": province.field.pk,
        "lead_unit": province.construction.pk,
        "due": in_days(20),
    }


def snapshot(task: Task) -> tuple[int, int]:
    """What a refusal must leave as it was: the task's version and the number of events."""
    return Task.objects.get(pk=task.pk).version, TaskEvent.objects.count()


def who(province: Province, role: str) -> Official:
    official: Official = getattr(province, role)
    return official
