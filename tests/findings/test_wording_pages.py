"""The sentence each finding says on the pages: names for ids, labels for codes, every kind."""

import pytest
from django.utils import translation

from congvu.findings.models import Finding
from congvu.findings.queries import DEFINITIONS
from congvu.findings.wording import describe, names_for, sentence
from congvu.org.models import DecisionKind, Delegation, Position
from tests.findings.world import typed


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def said(finding: Finding) -> str:
    return sentence(finding, names_for([finding]))


def test_a_ping_pong_names_both_units(province):
    construction, finance = province.construction, province.finance
    finding = Finding(
        kind="ping_pong",
        unit=finance,
        detail=typed("ping_pong", f"{finance.pk} > {construction.pk}"),
    )

    assert said(finding) == (
        "Sở Tài chính chuyển nhiệm vụ trở lại Sở Xây dựng, đơn vị đã từng giữ nhiệm vụ này."
    )


def test_a_ping_pong_between_officials_names_the_officials(province):
    head, official = province.head, province.official
    finding = Finding(
        kind="ping_pong",
        unit=province.construction,
        official=official,
        detail=typed("ping_pong", f"{official.pk} > {head.pk}", official=True),
    )

    assert said(finding) == (
        f"{official.full_name} giao nhiệm vụ trở lại cho {head.full_name}, "
        "người đã từng giữ nhiệm vụ này."
    )


def test_a_transfer_chain_gives_the_route_by_short_names_and_the_days(province):
    units = [province.office, province.construction, province.finance, province.ward]
    path = " > ".join(str(unit.pk) for unit in units)
    finding = Finding(
        kind="transfer_chain",
        unit=province.ward,
        detail=typed("transfer_chain", f"{path}; days=12"),
    )

    assert said(finding) == (
        "Đã chuyển 3 lần: Văn phòng UBND tỉnh → Sở Xây dựng → Sở Tài chính → "
        f"{province.ward}. Từ khi giao đến lần chuyển cuối mất 12 ngày làm việc."
    )


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        (
            "return:not_in_mandate:unjustified",
            "Sở Xây dựng trả lại nhiệm vụ cho nơi giao. "
            "Lý do nêu: “Không thuộc chức năng, nhiệm vụ của đơn vị”. "
            "Tuy nhiên, lĩnh vực của nhiệm vụ thuộc chức năng, nhiệm vụ của đơn vị.",
        ),
        (
            "decline:missing_information",
            "Sở Xây dựng từ chối phần phối hợp của mình. Lý do nêu: “Thiếu thông tin”.",
        ),
        ("return:?", "Sở Xây dựng trả lại nhiệm vụ cho nơi giao. Không nêu lý do."),
    ],
)
def test_a_refusal_says_who_returned_or_declined_and_the_reason_in_words(
    province, detail, expected
):
    finding = Finding(kind="refusal", unit=province.construction, detail=typed("refusal", detail))

    assert said(finding) == expected


def test_an_escalation_labels_the_decision_and_cites_the_delegation(province):
    DecisionKind.objects.create(
        code="land_allocation_small", name="Giao đất, cho thuê đất diện tích nhỏ lẻ"
    )
    Delegation.objects.create(
        unit=province.construction,
        position=Position.objects.get(name="Chuyên viên"),
        decision_kind="land_allocation_small",
        legal_basis="Quyết định 1434/QĐ-UBND",
    )
    finding = Finding(
        kind="escalation",
        unit=province.construction,
        official=province.official,
        detail=typed("escalation", "land_allocation_small"),
    )

    text = said(finding)

    assert text == (
        f"{province.official.full_name} xin ý kiến cấp trên về việc “Giao đất, cho thuê đất "
        "diện tích nhỏ lẻ”, là việc đã được phân cấp cho chức danh của mình tự quyết định. "
        "Căn cứ phân cấp: Quyết định 1434/QĐ-UBND."
    )
    assert "land_allocation_small" not in text


def test_an_escalation_on_a_decision_without_a_label_quotes_its_code(province):
    finding = Finding(
        kind="escalation",
        unit=province.construction,
        official=province.official,
        detail=typed("escalation", "cap_phep_xay_dung"),
    )

    assert "“cap_phep_xay_dung”" in said(finding)


@pytest.mark.parametrize(
    ("kind", "detail", "expected"),
    [
        (
            "stall",
            "9/14 days",
            "Sở Xây dựng không ghi nhận hoạt động nào trong 9 ngày làm việc, trên tổng số 14 "
            "ngày làm việc được giao.",
        ),
        (
            "last_minute",
            "after_reminder",
            "Hoạt động đầu tiên của đơn vị đang giữ được ghi nhận sau khi có nhắc việc.",
        ),
        (
            "last_minute",
            "last_tenth",
            "Mọi tiến độ được ghi nhận trong một phần mười cuối của thời gian được giao "
            "(tính theo ngày làm việc).",
        ),
        ("extension_chain", "3 extensions; +46 days", "Được gia hạn 3 lần, thêm 46 ngày làm việc."),
        (
            "slow_coordination",
            "unanswered; days=12",
            "Sở Xây dựng chưa trả lời đề nghị cho ý kiến phối hợp, đã quá hạn trả lời 12 ngày "
            "làm việc.",
        ),
        (
            "slow_coordination",
            "late; days=5",
            "Sở Xây dựng trả lời đề nghị cho ý kiến phối hợp chậm 5 ngày làm việc so với hạn.",
        ),
        ("overdue", "open_overdue; days=1", "Chưa hoàn thành, đã quá hạn 1 ngày làm việc."),
        ("overdue", "late; days=30", "Hoàn thành chậm 30 ngày làm việc so với thời hạn."),
        ("rework", "round 2", "Người duyệt trả lại để làm lại (lần 2)."),
    ],
)
def test_the_other_kinds_read_as_sentences(province, kind, detail, expected):
    finding = Finding(kind=kind, unit=province.construction, detail=typed(kind, detail))

    assert said(finding) == expected


@pytest.mark.parametrize(
    ("kind", "detail"),
    [
        ("ping_pong", {"level": "unit", "from": "garbled"}),
        ("refusal", {"activity": "bounce", "reason": "x", "unjustified": False}),
        ("stall", {}),
        ("overdue", {"open": True}),
    ],
)
def test_a_detail_without_the_facts_of_its_kind_gives_the_kinds_definition(province, kind, detail):
    finding = Finding(kind=kind, unit=province.construction, detail=detail)

    assert said(finding) == str(DEFINITIONS[kind])


def test_describe_words_many_findings_with_a_fixed_number_of_queries(
    province, django_assert_num_queries
):
    construction, finance = province.construction, province.finance
    findings = [
        Finding(
            pk=number,
            kind="ping_pong",
            unit=construction,
            detail=typed("ping_pong", f"{construction.pk} > {finance.pk}"),
        )
        for number in range(1, 30)
    ] + [
        Finding(
            pk=99,
            kind="escalation",
            unit=construction,
            official=province.official,
            detail=typed("escalation", "x"),
        )
    ]

    with django_assert_num_queries(4):  # units, officials, decision kinds, delegations
        sentences = describe(findings)

    assert len(sentences) == 30
    assert all("Sở Tài chính" in sentences[number] for number in range(1, 30))


def test_the_decision_names_of_many_escalations_are_read_in_one_query(
    province, django_assert_num_queries
):
    DecisionKind.objects.create(code="a_kind", name="Loại A")
    DecisionKind.objects.create(code="b_kind", name="Loại B")
    findings = [
        Finding(kind="escalation", official=province.official, detail=typed("escalation", code))
        for code in ("a_kind", "b_kind", "unnamed_kind")
    ]

    # The officials, the decision kinds' names, the delegations' legal bases.
    with django_assert_num_queries(3):
        names = names_for(findings)

    assert [names.decision(f.detail["decision_kind"]) for f in findings] == [
        "Loại A",
        "Loại B",
        "unnamed_kind",
    ]
