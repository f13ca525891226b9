"""The rating pages: who sees what (an official their own, a manager their team, a head their unit,
Sở Nội vụ and inspectors all, read-only for inspectors), each rule with its refusal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from congvu.people import actions
from congvu.people.models import Rating, RatingActivity
from congvu.people.queries import compute_batch, period_label
from tests.factories import PASSWORD
from tests.people.world import VN, build_world, held_task

MARCH = "2026-03"


def client_for(official) -> Client:
    client = Client()
    assert client.login(username=official.user.username, password=PASSWORD)
    return client


@pytest.fixture
def rated(province):
    world = build_world(province)
    p = province
    held_task(
        p, p.official, created=dt.date(2026, 3, 2), due=dt.date(2026, 3, 20),
        completed=dt.date(2026, 3, 15), title="Thẩm định đồ án phường Hồng Gai",
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 4, 6, 10, tzinfo=VN), tick=False):
        actions.self_assess(p.official, MARCH, points=[Decimal(9)] * 3, note="")
        rating = Rating.objects.get(official=p.official)
        yield p, world, rating


def test_my_rating_traces_each_point_to_items_and_events(rated):
    p, _world, rating = rated

    response = client_for(p.official).get(reverse("people:detail", args=[rating.pk]))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Thẩm định đồ án phường Hồng Gai" in text
    assert "Thẩm định quy hoạch" in text  # the product and its coefficient
    assert "15/03/2026 Báo cáo hoàn thành" in text  # the completion event, traced


@pytest.mark.parametrize("who", ["colleague", "finance_head", "outsider", "clerk"])
def test_others_do_not_see_an_officials_rating(rated, who):
    p, _world, rating = rated

    response = client_for(getattr(p, who)).get(reverse("people:detail", args=[rating.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["official", "head", "chair", "inspector"])
def test_owner_manager_heads_above_and_inspectors_see_it(rated, who):
    p, _world, rating = rated

    response = client_for(getattr(p, who)).get(reverse("people:detail", args=[rating.pk]))

    assert response.status_code == 200


def test_personnel_sees_every_rating_and_the_province(rated):
    p, world, rating = rated

    client = client_for(world.officer)

    assert client.get(reverse("people:detail", args=[rating.pk])).status_code == 200
    assert client.get(reverse("people:province") + "?period=2026-03").status_code == 200
    assert client.get(reverse("people:catalogue")).status_code == 200


def test_province_page_opens_on_the_latest_approved_period_written_as_officials_write_it(rated):
    p, world, rating = rated
    Rating.objects.filter(pk=rating.pk).update(level="HTT")
    client = client_for(world.officer)

    # In April the March ratings are the latest approved ones: the page opens on them, not on
    # an empty April.
    text = client.get(reverse("people:province")).content.decode()

    assert "— tháng 3/2026</h1>" in text
    assert str(rating.unit) in text
    assert 'value="2026-03"' in text  # the form keeps the code
    # The four levels' abbreviations are spelled out (Decree 335/2025's words).
    assert '<abbr title="Hoàn thành xuất sắc nhiệm vụ">HTXS</abbr>' in text
    assert "<b>KHTNV</b> — Không hoàn thành nhiệm vụ" in text
    asked = client.get(reverse("people:province") + "?period=2026-04").content.decode()
    assert "— tháng 4/2026</h1>" in asked
    assert "Chưa có kết quả được phê duyệt trong kỳ này." in asked


@pytest.mark.parametrize(
    ("period", "label"),
    [("2026-03", "tháng 3/2026"), ("2026-11", "tháng 11/2026"), ("2026-Q4", "quý IV/2026"),
     ("2026", "năm 2026"), ("tháng 3", "tháng 3")],
)  # fmt: skip
def test_periods_read_as_officials_write_them(period, label):
    with translation.override("vi"):
        assert period_label(period) == label


@pytest.mark.parametrize("who", ["official", "head", "outsider"])
def test_province_page_is_refused_to_others(rated, who):
    p, _world, _rating = rated

    response = client_for(getattr(p, who)).get(reverse("people:province"))

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["official", "head", "inspector", "chair"])
def test_catalogue_page_is_refused_to_all_but_personnel(rated, who):
    p, _world, _rating = rated

    response = client_for(getattr(p, who)).get(reverse("people:catalogue"))

    assert response.status_code == 403


def test_my_team_lists_the_managers_team_only(rated):
    p, _world, _rating = rated

    mine = client_for(p.head).get(reverse("people:team") + "?period=2026-03").content.decode()
    theirs = client_for(p.finance_head).get(reverse("people:team") + "?period=2026-03")

    assert "Phạm Quang Hải" in mine
    assert "Phạm Quang Hải" not in theirs.content.decode()


def test_my_unit_shows_quota_and_who_has_not_self_assessed(rated):
    p, _world, _rating = rated

    response = client_for(p.head).get(reverse("people:unit") + "?period=2026-03")

    assert response.status_code == 200
    text = response.content.decode()
    assert "Đỗ Thu Hằng" in text  # has not self-assessed


@pytest.mark.parametrize("who", ["official", "inspector", "finance_head", "outsider"])
def test_my_unit_of_another_unit_is_refused(rated, who):
    p, _world, _rating = rated

    response = client_for(getattr(p, who)).get(
        reverse("people:unit_of", args=[p.construction.pk]) + "?period=2026-03"
    )

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["inspector", "official", "finance_head"])
def test_approval_by_post_is_refused_and_records_nothing(rated, who):
    p, _world, rating = rated
    actions.review(rating, by=p.head, points=[Decimal(8)] * 3)

    response = client_for(getattr(p, who)).post(
        reverse("people:unit_step", args=[p.construction.pk, "approve"]), {"period": MARCH}
    )

    assert response.status_code == 403
    assert not rating.events.filter(activity=RatingActivity.APPROVE).exists()


@pytest.mark.parametrize("who", ["inspector", "colleague", "finance_head"])
def test_review_by_post_is_refused_to_all_but_the_manager(rated, who):
    p, _world, rating = rated
    data = {"review-politics": "8", "review-service": "8", "review-innovation": "8",
            "review-organise_pct": "100", "review-unite_pct": "100"}  # fmt: skip

    response = client_for(getattr(p, who)).post(
        reverse("people:step", args=[rating.pk, "review"]), data
    )

    assert response.status_code in (403, 404)
    assert not rating.events.filter(activity=RatingActivity.REVIEW).exists()


def test_manager_reviews_and_head_approves_through_the_pages(rated):
    p, _world, rating = rated
    data = {"review-politics": "8", "review-service": "8", "review-innovation": "8",
            "review-organise_pct": "100", "review-unite_pct": "100"}  # fmt: skip

    with time_machine.travel(dt.datetime(2026, 4, 7, 10, tzinfo=VN), tick=False):
        head = client_for(p.head)
        review = head.post(reverse("people:step", args=[rating.pk, "review"]), data)
        assert review.status_code == 302
        response = head.post(
            reverse("people:unit_step", args=[p.construction.pk, "approve"]), {"period": MARCH}
        )

    assert response.status_code == 302
    rating.refresh_from_db()
    # a = b = c = 100 → task 70; general 24; total 94.00; alone in the group, 0 HTT → HTT (quota)
    assert (rating.total, rating.level, rating.reasons) == (Decimal("94.00"), "HTT", "quota")


def test_form01_pdf_is_served_to_the_owner_and_refused_to_others(rated):
    p, _world, rating = rated

    ok = client_for(p.official).get(reverse("people:form01", args=[rating.pk]))
    refused = client_for(p.colleague).get(reverse("people:form01", args=[rating.pk]))

    assert ok.status_code == 200 and ok["Content-Type"] == "application/pdf"
    assert refused.status_code == 404


def test_inspector_cannot_self_assess_through_the_page(rated):
    p, _world, _rating = rated

    response = client_for(p.inspector).post(
        reverse("people:mine"),
        {"period": MARCH, "politics": "10", "service": "10", "innovation": "10"},
    )

    assert response.status_code == 403
    assert not Rating.objects.filter(official=p.inspector).exists()


def test_the_rating_steps_wait_on_the_right_persons_work_list(rated):
    p, _world, rating = rated

    manager = client_for(p.head).get(reverse("my_work")).content.decode()
    colleague = client_for(p.colleague).get(reverse("my_work")).content.decode()
    owner = client_for(p.official).get(reverse("my_work")).content.decode()

    # The head reviews the self-assessed rating of March; the colleague has not self-assessed.
    assert "Xem xét bản tự đánh giá" in manager and p.official.full_name in manager
    assert "Tự đánh giá (Mẫu 01)" in colleague and "kỳ đánh giá tháng 3/2026" in colleague
    # March is done on the owner's side: no step of theirs, and never a review of their own.
    assert "Tự đánh giá (Mẫu 01)" not in owner
    assert "Xem xét bản tự đánh giá" not in owner


def test_the_head_records_an_absence_and_the_month_counts_the_time_worked(rated):
    p, _world, rating = rated
    data = {"absence-kind": "sick", "absence-start": "09/03/2026", "absence-end": "27/03/2026"}

    page = client_for(p.head).get(reverse("people:detail", args=[rating.pk])).content.decode()
    response = client_for(p.head).post(reverse("people:step", args=[rating.pk, "absence"]), data)

    assert "Ghi nhận thời gian vắng mặt" in page
    assert response.status_code == 302
    assert rating.events.filter(activity=RatingActivity.ABSENCE).count() == 1
    # The only task of March fell due on 20/03, inside the absence: no item is left to rate.
    batch = compute_batch(p.construction, MARCH)
    assert [i for i in batch.items if i.official_id == p.official.pk] == []


@pytest.mark.parametrize("who", ["official", "colleague", "inspector", "outsider"])
def test_an_absence_is_recorded_by_the_head_only(rated, who):
    p, _world, rating = rated
    data = {"absence-kind": "sick", "absence-start": "09/03/2026", "absence-end": "27/03/2026"}

    response = client_for(getattr(p, who)).post(
        reverse("people:step", args=[rating.pk, "absence"]), data
    )

    assert response.status_code in (403, 404)
    assert not rating.events.filter(activity=RatingActivity.ABSENCE).exists()
