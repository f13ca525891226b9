"""The rewards pages: who opens what (404 out of sight, 403 for a step, panel or list not
theirs), a nomination drafted and taken through its steps by the forms, and the year's list as a
Vietnamese PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from congvu.core.models import Read
from congvu.org.models import Official
from congvu.rewards import actions
from congvu.rewards.documents import list_html, list_pdf
from congvu.rewards.models import AwardForm, Nomination
from tests.factories import make_official
from tests.rewards.conftest import World

D = dt.date


def client_for(official: Official) -> Client:
    client = Client()
    client.force_login(official.user)
    return client


def who(world: World, name: str) -> Official:
    if name == "peer":
        return make_official("Hà Văn Lực", unit=world.p.construction)
    return {
        "nominator": world.p.colleague,
        "head": world.head,
        "deputy": world.deputy,
        "personnel": world.personnel,
        "nominee": world.nominee,
    }.get(name) or getattr(world.p, name)


@pytest.fixture
def nomination(world: World) -> Nomination:
    """Nominated by a colleague in 2026, citing a task finished a month early; submitted."""
    task = world.task(
        due=D(2026, 6, 30), completed=D(2026, 5, 29), approved=D(2026, 6, 1), title="Cấp phép"
    )
    nomination = world.nominate(by=world.p.colleague, evidence=[["task", task.pk]])
    actions.submit(nomination, by=world.p.colleague, on=D(2026, 11, 21))
    return nomination


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("nominator", 200),
        ("head", 200),
        ("personnel", 200),
        ("inspector", 200),
        ("nominee", 200),
        ("finance_head", 404),
        ("outsider", 404),
        ("peer", 404),
    ],
)
def test_who_opens_a_nomination(
    world: World, nomination: Nomination, name: str, status: int
) -> None:
    response = client_for(who(world, name)).get(reverse("rewards:detail", args=[nomination.pk]))
    assert response.status_code == status


def test_the_nominee_does_not_see_a_draft(world: World) -> None:
    draft = world.nominate()
    url = reverse("rewards:detail", args=[draft.pk])
    assert client_for(world.nominee).get(url).status_code == 404
    assert client_for(world.personnel).get(url).status_code == 404
    assert client_for(world.head).get(url).status_code == 200  # the head drafted it


@pytest.mark.parametrize("name", ["nominee", "inspector", "nominator", "personnel"])
def test_a_review_not_theirs_is_refused(world: World, nomination: Nomination, name: str) -> None:
    response = client_for(who(world, name)).post(
        reverse("rewards:action", args=[nomination.pk, "review"]),
        {"on": "25/11/2026", "supported": "yes", "note": "Nhất trí"},
    )
    assert response.status_code == 403
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.SUBMITTED


@pytest.mark.parametrize("name", ["nominee", "inspector", "nominator"])
def test_a_decision_not_theirs_is_refused(world: World, nomination: Nomination, name: str) -> None:
    actions.review(nomination, by=world.head, supported=True, note="Nhất trí")
    response = client_for(who(world, name)).post(
        reverse("rewards:action", args=[nomination.pk, "award"]),
        {"on": "01/12/2026", "form": AwardForm.CERTIFICATE, "number": "1/QĐ-SXD"},
    )
    assert response.status_code == 403
    assert Nomination.objects.get(pk=nomination.pk).status == Nomination.Status.REVIEWED


def test_a_submission_not_theirs_is_refused(world: World) -> None:
    draft = world.nominate(by=world.p.colleague)
    response = client_for(world.p.colleague).post(
        reverse("rewards:action", args=[draft.pk, "submit"]), {"on": "21/11/2026"}
    )
    assert response.status_code == 200  # the form, with the refusal: no evidence linked
    assert "bằng chứng" in response.content.decode()
    other = world.nominate()  # the head's draft: the colleague does not even see it
    response = client_for(world.p.colleague).post(
        reverse("rewards:action", args=[other.pk, "submit"]), {"on": "21/11/2026"}
    )
    assert response.status_code == 404


def test_the_steps_through_their_forms(world: World, nomination: Nomination) -> None:
    head = client_for(world.head)
    page = head.get(reverse("rewards:detail", args=[nomination.pk])).content.decode()
    assert "Ghi ý kiến của Hội đồng" in page and "Cấp phép" in page
    response = head.post(
        reverse("rewards:action", args=[nomination.pk, "review"]),
        {"on": "25/11/2026", "supported": "yes", "note": "Hội đồng thi đua nhất trí"},
    )
    assert response.status_code == 302
    response = head.post(
        reverse("rewards:action", args=[nomination.pk, "award"]),
        {"on": "01/12/2026", "form": AwardForm.CERTIFICATE, "number": "88/QĐ-SXD"},
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_number) == ("awarded", "88/QĐ-SXD")
    page = client_for(world.nominee).get(reverse("rewards:detail", args=[nomination.pk]))
    assert "88/QĐ-SXD" in page.content.decode()


@pytest.mark.parametrize(("name", "status"), [("inspector", 403), ("personnel", 403)])
def test_the_create_page_is_refused_to_those_who_nominate_nobody(
    world: World, name: str, status: int
) -> None:
    assert client_for(who(world, name)).get(reverse("rewards:create")).status_code == status


def test_drafting_a_nomination_through_the_page(world: World) -> None:
    task = world.task(due=D(2026, 6, 30), completed=D(2026, 6, 1), approved=D(2026, 6, 2))
    client = client_for(world.head)
    url = reverse("rewards:create") + f"?official={world.nominee.pk}&year=2026"
    page = client.get(url).content.decode()
    assert "Nhiệm vụ hoàn thành trước hạn" in page and task.title in page

    response = client.post(
        url,
        {
            "criteria": ["act_true", "dare_responsibility"],
            "achievements": "Hoàn thành trước hạn",
            "evidence": [f"task:{task.pk}"],
        },
    )

    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert (nomination.nominator, nomination.evidence) == (world.head, [["task", task.pk]])
    assert nomination.unit == world.p.construction


def test_an_official_outside_ones_units_cannot_be_chosen(world: World) -> None:
    url = reverse("rewards:create") + f"?official={world.p.finance_official.pk}&year=2026"
    page = client_for(world.head).get(url).content.decode()
    assert "Nhiệm vụ hoàn thành trước hạn" not in page  # the choice is refused, no panel
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("nominee", 200),
        ("head", 200),
        ("nominator", 200),  # a colleague of the same unit
        ("personnel", 200),
        ("inspector", 200),
        ("finance_official", 403),
        ("finance_head", 403),
        ("outsider", 403),
    ],
)
def test_who_opens_an_evidence_panel(world: World, name: str, status: int) -> None:
    url = reverse("rewards:panel", args=[world.nominee.pk, 2026])
    assert client_for(who(world, name)).get(url).status_code == status


def test_the_panel_page_counts(world: World) -> None:
    world.task(due=D(2026, 6, 30), completed=D(2026, 6, 1), approved=D(2026, 6, 2), title="Một")
    world.task(due=D(2026, 7, 31), completed=D(2026, 7, 31), approved=D(2026, 8, 3), title="Hai")
    page = client_for(world.nominee).get(reverse("rewards:panel", args=[world.nominee.pk, 2026]))
    text = page.content.decode()
    assert "Một" in text and "29 ngày trước hạn" in text
    assert ">Hai<" not in text
    assert (
        client_for(world.nominee)
        .get(reverse("rewards:panel", args=[world.nominee.pk, 99999]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("head", 200),
        ("deputy", 200),
        ("personnel", 200),
        ("inspector", 200),
        ("nominator", 403),
        ("nominee", 403),
        ("finance_head", 403),
        ("outsider", 403),
    ],
)
def test_who_opens_the_years_list(
    world: World, nomination: Nomination, name: str, status: int
) -> None:
    official = who(world, name)
    for view in ("rewards:unit_list", "rewards:unit_pdf"):
        url = reverse(view, args=[world.p.construction.pk, 2026])
        assert client_for(official).get(url).status_code == status


def test_the_list_page_shows_only_visible_nominations(world: World, nomination: Nomination) -> None:
    page = client_for(world.p.outsider).get(reverse("rewards:list")).content.decode()
    assert world.nominee.full_name not in page
    page = client_for(world.personnel).get(reverse("rewards:list")).content.decode()
    assert world.nominee.full_name in page and "Khen thưởng" in page


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "danh-sach.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_the_years_list_as_a_vietnamese_pdf(
    world: World, nomination: Nomination, tmp_path: Path
) -> None:
    actions.review(nomination, by=world.head, supported=True, note="Nhất trí")
    actions.award(nomination, by=world.head, form=AwardForm.CERTIFICATE, number="88/QĐ-SXD")
    html = list_html(world.p.construction, 2026, on=D(2026, 12, 5))
    assert "Ngày 05 tháng 12 năm 2026" in html

    text = pdf_text(list_pdf(world.p.construction, 2026, on=D(2026, 12, 5)), tmp_path)

    assert "DANH SÁCH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert world.nominee.full_name in text and "88/QĐ-SXD" in text
    assert "1 nhiệm vụ hoàn thành trước hạn" in text


def test_the_review_waits_on_the_heads_work_list(world: World, nomination: Nomination) -> None:
    head = client_for(world.head).get(reverse("my_work")).content.decode()
    nominee = client_for(world.nominee).get(reverse("my_work")).content.decode()

    assert "Đề nghị khen thưởng chờ tôi" in head and str(nomination.nominee) in head
    assert "Đề nghị khen thưởng chờ tôi" not in nominee


def test_reading_a_nomination_is_logged_for_the_nominee(
    world: World, nomination: Nomination
) -> None:
    client_for(world.head).get(reverse("rewards:detail", args=[nomination.pk]))

    assert Read.objects.filter(reader=world.head.user, subject=world.nominee.user).exists()
