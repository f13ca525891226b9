"""The admin: in Vietnamese, every changelist opens, tasks and their records are view-only, events
can never be added, changed or deleted, and only staff get in."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congvu.org.admin import DelegationForm
from congvu.org.models import DecisionKind, Delegation, Position, Unit
from congvu.tasks.actions import accept_task
from congvu.tasks.models import TaskEvent
from tests.factories import Province, make_task, make_unit

CATALOGUE = Path(__file__).resolve().parents[2] / "congvu" / "locale" / "vi" / "LC_MESSAGES"
CONGVU_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name or "")
    for model in admin.site._registry
    if model.__module__.startswith("congvu.")
)
VIEW_ONLY = ["task", "taskevent", "inputrequest", "extensionrequest", "escalation"]


@pytest.fixture(autouse=True)
def compiled_catalogue() -> None:
    """Pages are checked in Vietnamese: compile the root catalogue unless `make messages` did."""
    po, mo = CATALOGUE / "django.po", CATALOGUE / "django.mo"
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
        from django.utils.translation import trans_real

        trans_real._translations = {}  # drop catalogues loaded before the .mo was written


@pytest.fixture
def world(province: Province) -> Province:
    task = make_task(province, coordinating_units=[province.finance])
    accept_task(task, by=province.head)
    return province


def test_the_admin_speaks_vietnamese(admin_client: Client, world: Province) -> None:
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Quản trị congvu" in response.content.decode()


@pytest.mark.parametrize(("app_label", "model_name"), CONGVU_MODELS)
def test_an_administrator_can_open_each_changelist(
    admin_client: Client, world: Province, app_label: str, model_name: str
) -> None:
    response = admin_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))

    assert response.status_code == 200


def test_every_reference_and_task_model_is_in_the_admin() -> None:
    names = {name for _app, name in CONGVU_MODELS}

    assert {
        "unit",
        "position",
        "field",
        "mandate",
        "delegation",
        "decisionkind",
        "official",
    } <= names
    assert {"directivedocument", *VIEW_ONLY} <= names


def test_a_unit_and_an_official_open_with_their_tree_path_and_posts(
    admin_client: Client, world: Province
) -> None:
    division = world.construction_planning

    unit_page = admin_client.get(reverse("admin:org_unit_change", args=[division.pk]))
    official_page = admin_client.get(reverse("admin:org_official_change", args=[world.head.pk]))

    assert "UBND tỉnh › Sở Xây dựng › Phòng Quy hoạch - Kiến trúc" in unit_page.content.decode()
    assert official_page.status_code == 200
    assert "Giám đốc" in official_page.content.decode()  # the post inline


def test_the_unit_list_reads_tree_paths_in_a_fixed_number_of_queries(
    admin_client: Client, world: Province
) -> None:
    url = reverse("admin:org_unit_changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(10):
        make_unit(f"Phòng {n}", parent=world.finance, kind=Unit.Kind.DIVISION)

    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)

    assert "UBND tỉnh › Sở Tài chính › Phòng 9" in response.content.decode()
    assert len(many) == len(few)


def test_a_unit_added_in_the_admin_gets_its_tree_path(
    admin_client: Client, world: Province
) -> None:
    response = admin_client.post(
        reverse("admin:org_unit_add"),
        {
            "code": "SNV",
            "name": "Sở Nội vụ",
            "short_name": "",
            "kind": Unit.Kind.DEPARTMENT,
            "parent": world.province_pc.pk,
            "valid_from": "01/07/2025",
            "valid_to": "",
            "successor": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="SNV")
    assert unit.path == f"{world.province_pc.pk}/{unit.pk}/"


def test_official_search_ignores_diacritics(admin_client: Client, world: Province) -> None:
    response = admin_client.get(reverse("admin:org_official_changelist"), {"q": "le minh duc"})

    assert "Lê Minh Đức" in response.content.decode()
    assert "Phạm Quang Hải" not in response.content.decode()


def test_events_can_be_viewed_but_never_added_changed_or_deleted(
    admin_client: Client, world: Province
) -> None:
    event = TaskEvent.objects.order_by("pk").first()
    assert event is not None
    change_url = reverse("admin:tasks_taskevent_change", args=[event.pk])

    view = admin_client.get(change_url)
    add = admin_client.get(reverse("admin:tasks_taskevent_add"))
    change = admin_client.post(change_url, {"note": "sửa lại"})
    delete = admin_client.post(
        reverse("admin:tasks_taskevent_delete", args=[event.pk]), {"post": "yes"}
    )
    bulk_delete = admin_client.post(
        reverse("admin:tasks_taskevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    assert view.status_code == 200
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert bulk_delete.status_code == 200  # the action does not exist: the list shows again
    assert TaskEvent.objects.filter(pk=event.pk, note=event.note).exists()
    assert TaskEvent.objects.count() == 2


@pytest.mark.parametrize("model_name", VIEW_ONLY)
def test_task_records_are_view_only_for_an_administrator(
    admin_client: Client, world: Province, model_name: str
) -> None:
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    model_admin = admin.site._registry[model]
    request = admin_client.get(reverse("admin:index")).wsgi_request

    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_directive_document_is_editable(admin_client: Client, world: Province) -> None:
    response = admin_client.get(reverse("admin:tasks_directivedocument_add"))

    assert response.status_code == 200


def test_a_non_staff_official_is_refused(client: Client, world: Province) -> None:
    client.force_login(world.head.user)

    index = client.get(reverse("admin:index"))
    units = client.get(reverse("admin:org_unit_changelist"))

    assert index.status_code == 302 and "/admin/login/" in index["Location"]
    assert units.status_code == 302 and "/admin/login/" in units["Location"]


def test_a_delegation_chooses_its_decision_kind_from_the_known_kinds(world: Province) -> None:
    DecisionKind.objects.create(code="construction_permit", name="Cấp giấy phép xây dựng")
    position = Position.objects.get(name="Chuyên viên")
    data = {
        "unit": world.construction.pk,
        "position": position.pk,
        "valid_from": "2025-07-01",
    }

    offered = dict(DelegationForm().fields["decision_kind"].choices)  # type: ignore[attr-defined]
    unknown = DelegationForm({**data, "decision_kind": "not_a_kind"})
    known = DelegationForm({**data, "decision_kind": "construction_permit"})

    assert offered["construction_permit"] == "Cấp giấy phép xây dựng (construction_permit)"
    assert not unknown.is_valid()
    assert "decision_kind" in unknown.errors
    assert known.is_valid(), known.errors
    assert known.save().decision_kind == "construction_permit"


def test_a_delegation_with_a_code_not_yet_named_keeps_it_when_edited(world: Province) -> None:
    delegation = Delegation.objects.create(
        unit=world.construction,
        position=Position.objects.get(name="Chuyên viên"),
        decision_kind="old_code",
    )

    form = DelegationForm(instance=delegation)

    assert ("old_code", "old_code") in form.fields["decision_kind"].choices  # type: ignore[attr-defined]
