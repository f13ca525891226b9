import datetime as dt

from congvu.investment.rules import (
    add_months,
    all_rules,
    monthly_report_due,
    plan_window,
    rule,
    settlement_due,
)


def test_every_rule_names_its_document_and_validity():
    for found in all_rules():
        assert found.document
        assert found.valid_from
        assert found.verified in {"P", "S", "U"}


def test_plan_of_2025_is_disbursed_to_31_january_2026():
    assert plan_window(2025) == (dt.date(2025, 1, 1), dt.date(2026, 1, 31))


def test_monthly_report_is_due_before_the_15th_of_the_next_month():
    assert monthly_report_due(dt.date(2026, 12, 1)) == dt.date(2027, 1, 15)


def test_settlement_deadlines_apply_from_decree_193_only():
    assert rule("settlement_deadlines", on=dt.date(2026, 6, 30)) is None
    assert rule("settlement_deadlines", on=dt.date(2026, 7, 1)).article == "Điều 21"
    assert settlement_due("C", dt.date(2026, 6, 30)) is None
    # Group C: 4 months + 2 months + 7 days.
    assert settlement_due("C", dt.date(2026, 8, 31)) == dt.date(2027, 3, 7)


def test_add_months_keeps_the_end_of_a_short_month():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
