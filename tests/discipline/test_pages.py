"""The discipline pages: who gets what (404 out of sight, 403 for a step not theirs), a step
through its form, and the documents as Vietnamese PDFs."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from congvu.discipline import actions
from congvu.discipline.documents import document_html, document_pdf
from congvu.discipline.models import DisciplineCase
from congvu.discipline.rules import Form
from congvu.org.models import Official
from tests.discipline.conftest import World

D = dt.date


def client_for(official: Official) -> Client:
    client = Client()
    client.force_login(official.user)
    return client


@pytest.fixture
def case(world: World) -> DisciplineCase:
    return world.open()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("personnel", 200),
        ("handler", 200),
        ("person", 200),
        ("inspector", 200),
        ("finance_head", 404),
        ("outsider", 404),
        ("colleague", 404),  # same department, not on the council (yet)
    ],
)
def test_who_opens_the_case_page(world: World, case: DisciplineCase, who: str, status: int) -> None:
    official = getattr(world, who, None) or getattr(world.p, who)
    response = client_for(official).get(reverse("discipline:detail", args=[case.pk]))
    assert response.status_code == status


def test_the_list_shows_only_visible_cases(world: World, case: DisciplineCase) -> None:
    page = client_for(world.p.outsider).get(reverse("discipline:list")).content.decode()
    assert world.person.full_name not in page
    page = client_for(world.person).get(reverse("discipline:list")).content.decode()
    assert "Chậm giải quyết hồ sơ" in page and "Vụ việc kỷ luật" in page


@pytest.mark.parametrize("who", ["person", "inspector", "colleague", "outsider"])
def test_a_step_not_theirs_is_refused(world: World, case: DisciplineCase, who: str) -> None:
    official = getattr(world, who, None) or getattr(world.p, who)
    response = client_for(official).post(
        reverse("discipline:action", args=[case.pk, "notice"]), {"on": "06/01/2026"}
    )
    assert response.status_code in (403, 404)
    assert DisciplineCase.objects.get(pk=case.pk).status == DisciplineCase.Status.DETECTED


def test_the_open_page_is_refused_to_others(world: World) -> None:
    for official in (world.person, world.p.inspector, world.p.outsider):
        assert client_for(official).get(reverse("discipline:open")).status_code == 403
    assert client_for(world.personnel).get(reverse("discipline:open")).status_code == 200


def test_a_step_through_its_form(world: World, case: DisciplineCase) -> None:
    client = client_for(world.personnel)
    page = client.get(reverse("discipline:detail", args=[case.pk])).content.decode()
    assert "Thông báo xem xét kỷ luật" in page and "Bước tiếp theo" in page
    response = client.post(
        reverse("discipline:action", args=[case.pk, "notice"]), {"on": "06/01/2026"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.notice_on == D(2026, 1, 6)
    # A refused step shows its reason on the page, in Vietnamese.
    response = client.post(
        reverse("discipline:action", args=[case.pk, "postpone"]),
        {"on": "07/01/2026", "reason": "pregnancy", "person_asks_to_proceed": "on"},
    )
    assert response.status_code == 200
    assert "không làm tạm hoãn" in response.content.decode()


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "van-ban.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_the_documents_render_in_vietnamese(
    world: World, case: DisciplineCase, tmp_path: Path
) -> None:
    actions.issue_notice(case, by=world.personnel, on=D(2026, 1, 6))
    actions.hold_meeting(
        case, by=world.personnel, note="Đồng chí Hải nhận khuyết điểm", on=D(2026, 1, 8)
    )
    actions.send_minutes(case, by=world.personnel, on=D(2026, 1, 9))
    actions.form_council(
        case,
        by=world.personnel,
        chair=world.p.colleague,
        members=[world.p.colleague, world.personnel, world.member],
    )
    actions.record_ballot(
        case, by=world.p.colleague, yes=3, no=0, forms={Form.REPRIMAND: 3}, on=D(2026, 1, 15)
    )
    actions.send_recommendation(case, by=world.p.colleague, on=D(2026, 1, 16))
    actions.decide(
        case, by=world.handler, form=Form.REPRIMAND, number="25/QĐ-SXD", on=D(2026, 1, 20)
    )
    expected = {
        "notice": ("THÔNG BÁO", "Về việc xem xét xử lý kỷ luật", "Phạm Quang Hải", "03/11/2025"),
        "minutes": ("BIÊN BẢN", "Họp kiểm điểm", "08/01/2026", "nhận khuyết điểm"),
        "decision": (
            "QUYẾT ĐỊNH",
            "Về việc thi hành kỷ luật",
            "Khiển trách",
            "20/01/2027",
            "25/QĐ-SXD",
        ),
    }
    for kind, phrases in expected.items():
        text = pdf_text(document_pdf(case, kind), tmp_path)  # type: ignore[arg-type]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        for phrase in phrases:
            assert phrase in text, (kind, phrase)
    response = client_for(world.person).get(
        reverse("discipline:document", args=[case.pk, "decision"])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client_for(world.p.outsider)
        .get(reverse("discipline:document", args=[case.pk, "decision"]))
        .status_code
        == 404
    )
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in document_html(case, "notice")


def test_the_next_step_is_on_the_responsible_persons_work_list(world: World) -> None:
    world.open(discovered_on=timezone.localdate() - dt.timedelta(days=3))

    handler = client_for(world.handler).get(reverse("my_work")).content.decode()
    person = client_for(world.person).get(reverse("my_work")).content.decode()

    assert "Thông báo xem xét kỷ luật" in handler
    assert "Các bước xử lý kỷ luật chờ tôi" in handler
    assert world.person.full_name in handler
    # The person concerned is not the one to act: nothing of the case on their list.
    assert "Các bước xử lý kỷ luật chờ tôi" not in person
