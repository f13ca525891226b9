"""Rating history per person and the year trend (issue 11 item 5): the import of earlier years
(Decrees 90/2020 and 48/2023) by Sở Nội vụ, all or nothing, and who sees a person's history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congvu.core.imports import ImportRefused
from congvu.people.history import import_history, level_of, year_trend, years_of
from congvu.people.models import HistoricRating, Rating
from tests.people.test_pages import client_for
from tests.people.world import build_world

HEADER = "ma_can_bo,nam,xep_loai,che_do,so_quyet_dinh\n"


def csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("lich-su.csv", (HEADER + text).encode("utf-8"), "text/csv")


@pytest.fixture
def history(province):
    p = province
    world = build_world(p)
    rows = (
        f"{p.official.code},2024,HTXSNV,Nghị định 90/2020/NĐ-CP,123/QĐ-SXD\n"
        f"{p.official.code},2025,Hoàn thành tốt nhiệm vụ,Nghị định 48/2023/NĐ-CP,45/QĐ-SXD\n"
        f"{p.colleague.code},2025,KHTNV,Nghị định 48/2023/NĐ-CP,46/QĐ-SXD\n"
    )
    done = import_history(csv(rows), by=world.officer, name="lich-su.csv")
    assert done.rows == 3
    return p, world


def test_old_levels_map_to_the_four_levels_and_keep_their_wording(history):
    p, _world = history

    years = years_of(p.official)

    assert [(y.year, y.level, y.written, y.decision) for y in years] == [
        (2025, "HTT", "Hoàn thành tốt nhiệm vụ", "45/QĐ-SXD"),
        (2024, "HTXS", "HTXSNV", "123/QĐ-SXD"),
    ]
    assert level_of("HTNV") == "HTNV" and level_of("httnv") == "HTT"
    assert level_of("Không hoàn thành nhiệm vụ") == "KHTNV"


def test_a_bad_row_imports_nothing_and_names_row_and_column(history):
    p, world = history
    rows = (
        f"{p.colleague.code},2023,HTNV,Nghị định 90/2020/NĐ-CP,1/QĐ\n"
        f"{p.colleague.code},2022,Tốt,Nghị định 90/2020/NĐ-CP,2/QĐ\n"
        f"KHONGCO,2022,HTNV,,\n"
        f"{p.official.code},20x2,HTNV,,\n"
    )

    with pytest.raises(ImportRefused) as refused:
        import_history(csv(rows), by=world.officer, name="lich-su.csv")

    lines = refused.value.lines()
    assert any("Dòng 3" in line and "xep_loai" in line for line in lines)
    assert any("Dòng 4" in line and "ma_can_bo" in line for line in lines)
    assert any("Dòng 5" in line and "nam" in line for line in lines)
    assert not HistoricRating.objects.filter(year=2023).exists()  # row 2 was fine: not written


def test_a_year_rated_in_the_app_and_a_duplicate_are_refused(history):
    p, world = history
    Rating.objects.create(
        official=p.official, period="2026", unit=p.construction, level="HTT",
        total=Decimal("80"), status=Rating.Status.FINAL,
    )  # fmt: skip
    rows = (
        f"{p.official.code},2026,HTT,,\n"
        f"{p.colleague.code},2024,HTNV,,\n"
        f"{p.colleague.code},2024,HTT,,\n"
    )

    with pytest.raises(ImportRefused) as refused:
        import_history(csv(rows), by=world.officer, name="lich-su.csv")

    assert refused.value.total == 2


def test_only_personnel_imports(history):
    p, _world = history

    with pytest.raises(PermissionDenied):
        import_history(csv(f"{p.official.code},2023,HTNV,,\n"), by=p.head, name="x.csv")
    response = client_for(p.head).get(reverse("people:history_import"))
    assert response.status_code == 403


def test_trend_counts_history_and_app_years(history):
    p, _world = history
    Rating.objects.create(
        official=p.official, period="2026", unit=p.construction, level="HTT",
        total=Decimal("80"), status=Rating.Status.FINAL,
    )  # fmt: skip

    # 2024: Hải HTXS; 2025: Hải HTT, Hằng KHTNV; 2026: Hải HTT (the app's year rating).
    assert year_trend() == [
        (2024, [1, 0, 0, 0], 1),
        (2025, [0, 1, 0, 1], 2),
        (2026, [0, 1, 0, 0], 1),
    ]


@pytest.mark.parametrize("who", ["official", "head", "chair", "inspector"])
def test_the_person_heads_above_and_inspectors_see_the_history(history, who):
    p, _world = history

    response = client_for(getattr(p, who)).get(reverse("people:history_of", args=[p.official.pk]))

    assert response.status_code == 200
    assert "HTXSNV" in response.content.decode()


def test_personnel_sees_history_and_trend(history):
    p, world = history
    client = client_for(world.officer)

    assert client.get(reverse("people:history_of", args=[p.official.pk])).status_code == 200
    assert client.get(reverse("people:trend")).status_code == 200
    assert client.get(reverse("people:history_import")).status_code == 200
    upload = csv(f"{p.colleague.code},2023,HTNV,Nghị định 90/2020/NĐ-CP,9/QĐ\n")
    response = client.post(reverse("people:history_import"), {"file": upload})
    assert "Đã nhập 1 kết quả xếp loại năm." in response.content.decode()


@pytest.mark.parametrize("who", ["colleague", "finance_head", "outsider", "clerk"])
def test_others_are_refused_a_persons_history(history, who):
    p, _world = history

    response = client_for(getattr(p, who)).get(reverse("people:history_of", args=[p.official.pk]))

    assert response.status_code == 403


def test_a_manager_on_a_rating_sees_the_history(history):
    p, _world = history
    Rating.objects.create(
        official=p.official, period="2026-03", unit=p.construction, manager=p.colleague
    )

    response = client_for(p.colleague).get(reverse("people:history_of", args=[p.official.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["official", "head", "outsider"])
def test_trend_is_refused_to_others(history, who):
    p, _world = history

    assert client_for(getattr(p, who)).get(reverse("people:trend")).status_code == 403


def test_the_rating_page_links_to_the_persons_history(history):
    p, _world = history
    rating = Rating.objects.create(
        official=p.official, period="2026-03", unit=p.construction, manager=p.head
    )

    page = client_for(p.head).get(reverse("people:detail", args=[rating.pk])).content.decode()

    assert reverse("people:history_of", args=[p.official.pk]) in page
