"""Explaining and reviewing findings: who may, in which state, and the history each step leaves."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.core.errors import ActionError
from congvu.findings.access import can, visible
from congvu.findings.actions import explain_finding, reopen_finding, review_finding
from congvu.findings.models import Explanation, Finding, FindingEvent
from tests.factories import make_task
from tests.findings.world import NOW, make_finding


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def finding(province):
    return make_finding(make_task(province), unit=province.construction)


def history(finding):
    return list(finding.events.order_by("seq").values_list("activity", flat=True))


def test_a_raised_finding_is_open_with_one_raised_event(finding):
    assert finding.status == Finding.Status.OPEN
    assert finding.holds
    assert history(finding) == ["raised"]


def test_an_official_of_the_unit_explains_with_a_document(province, finding):
    upload = SimpleUploadedFile("giai-trinh.pdf", b"%PDF-1.4 noi dung", "application/pdf")

    explanation = explain_finding(
        finding, by=province.official, text="Chờ ý kiến Sở Tài chính", file=upload
    )

    finding.refresh_from_db()
    assert finding.status == Finding.Status.EXPLAINED
    assert explanation.unit == province.construction
    assert explanation.file_name == "giai-trinh.pdf"
    assert len(explanation.sha256) == 64
    assert history(finding) == ["raised", "explained"]
    assert finding.events.get(seq=2).actor == province.official


def test_the_head_of_the_unit_explains(province, finding):
    explain_finding(finding, by=province.head, text="Đơn vị đã bố trí cán bộ xử lý")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.EXPLAINED


@pytest.mark.parametrize("who", ["outsider", "finance_official", "chair", "clerk", "inspector"])
def test_only_the_unit_concerned_explains_and_nothing_is_recorded(province, finding, who):
    with pytest.raises(PermissionDenied):
        explain_finding(finding, by=getattr(province, who), text="Giải trình")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert not Explanation.objects.exists()
    assert history(finding) == ["raised"]


def test_the_official_named_explains_even_from_another_unit(province):
    finding = make_finding(
        make_task(province), unit=province.construction, official=province.finance_official
    )

    explain_finding(finding, by=province.finance_official, text="Tôi đã trả lời ngay")

    assert history(finding) == ["raised", "explained"]


def test_an_explanation_needs_text(province, finding):
    with pytest.raises(ActionError):
        explain_finding(finding, by=province.official, text="   ")

    assert history(finding) == ["raised"]


def test_a_leader_over_the_unit_accepts_the_explanation(province, finding):
    explain_finding(finding, by=province.official, text="Chờ ý kiến Sở Tài chính")

    review_finding(finding, by=province.chair, decision="justified", note="Lý do chính đáng")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.JUSTIFIED
    assert history(finding) == ["raised", "explained", "justified"]
    assert finding.events.get(seq=3).note == "Lý do chính đáng"


def test_the_head_of_a_parent_unit_reviews_a_division(province):
    finding = make_finding(make_task(province), unit=province.construction_planning)

    review_finding(finding, by=province.head, decision="dismissed", note="Tín hiệu sai")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.DISMISSED


@pytest.mark.parametrize("who", ["head", "official", "clerk", "inspector", "outsider"])
def test_only_leaders_over_the_unit_review_and_nothing_is_recorded(province, finding, who):
    with pytest.raises(PermissionDenied):
        review_finding(finding, by=getattr(province, who), decision="dismissed", note="Không")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert history(finding) == ["raised"]


def test_the_official_named_does_not_review_their_own_finding(province):
    finding = make_finding(make_task(province), unit=province.construction, official=province.chair)

    with pytest.raises(PermissionDenied):
        review_finding(finding, by=province.chair, decision="dismissed", note="Không")

    assert history(finding) == ["raised"]


def test_whoever_explained_does_not_review(province):
    finding = make_finding(make_task(province), unit=province.construction, official=province.chair)
    explain_finding(finding, by=province.chair, text="Tôi chịu trách nhiệm")

    assert not can(province.chair, "review", finding)


def test_justified_needs_an_explanation(province, finding):
    with pytest.raises(ActionError):
        review_finding(finding, by=province.chair, decision="justified", note="Được")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert history(finding) == ["raised"]


def test_confirmed_waits_for_the_unit_to_be_heard(province, finding):
    with pytest.raises(ActionError):
        review_finding(finding, by=province.chair, decision="confirmed", note="Xác nhận")

    with time_machine.travel(NOW + dt.timedelta(days=11), tick=False):
        review_finding(finding, by=province.chair, decision="confirmed", note="Không giải trình")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.CONFIRMED
    assert history(finding) == ["raised", "confirmed"]


def test_a_review_needs_a_known_decision_and_a_reason(province, finding):
    explain_finding(finding, by=province.official, text="Giải trình")

    with pytest.raises(ActionError):
        review_finding(finding, by=province.chair, decision="forgiven", note="Được")
    with pytest.raises(ActionError):
        review_finding(finding, by=province.chair, decision="justified", note=" ")

    assert history(finding) == ["raised", "explained"]


def test_a_reviewed_finding_is_not_reviewed_or_explained_again_until_reopened(province, finding):
    review_finding(finding, by=province.chair, decision="dismissed", note="Tín hiệu sai")

    with pytest.raises(ActionError):
        review_finding(finding, by=province.chair, decision="dismissed", note="Lần nữa")
    with pytest.raises(ActionError):
        explain_finding(finding, by=province.official, text="Muộn")
    reopen_finding(finding, by=province.chair, note="Có thông tin mới")
    explain_finding(finding, by=province.official, text="Bổ sung giải trình")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.EXPLAINED
    assert history(finding) == ["raised", "dismissed", "reopened", "explained"]


def test_only_a_reviewer_reopens_and_only_a_reviewed_finding(province, finding):
    with pytest.raises(ActionError):
        reopen_finding(finding, by=province.chair, note="Mở lại")
    review_finding(finding, by=province.chair, decision="dismissed", note="Sai")

    with pytest.raises(PermissionDenied):
        reopen_finding(finding, by=province.head, note="Mở lại")

    finding.refresh_from_db()
    assert finding.status == Finding.Status.DISMISSED


def test_history_and_explanations_are_append_only(province, finding):
    explanation = explain_finding(finding, by=province.official, text="Giải trình")
    event = finding.events.first()

    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        FindingEvent.objects.filter(pk=event.pk).update(note="sửa")
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        explanation.save()
    with pytest.raises(TypeError):
        Explanation.objects.all().delete()


def test_each_role_sees_the_findings_of_its_scope(province, finding):
    named = make_finding(
        make_task(province, title="Thẩm định dự toán"),
        unit=province.finance,
        official=province.official,
    )
    elsewhere = make_finding(make_task(province, lead_unit=province.ward), unit=province.ward)

    def seen(who):
        return set(visible(getattr(province, who)))

    assert seen("inspector") == {finding, named, elsewhere}
    assert seen("chair") == {finding, named, elsewhere}
    assert seen("official") == {finding, named}
    assert seen("head") == {finding}
    assert seen("finance_official") == {named}
    assert seen("outsider") == {elsewhere}
