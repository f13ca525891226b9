"""The time limits of discipline, with dates worked by hand (Tết 2026: 14–22/2; Tết 2027: 4–10/2).

Working days through core.calendar; the Civil Code's counting (the starting day not counted, a
period of years ending on the same day and month) for limitation, processing and effect.
"""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.discipline import rules
from congvu.discipline.rules import Form

D = dt.date
pytestmark = pytest.mark.django_db


def test_minutes_three_working_days_across_tet_2026() -> None:
    # Meeting Thu 12/2/2026. Fri 13/2 = 1; Sat 14 – Sun 22/2 off (weekend, Tết 16–20/2,
    # weekend); Mon 23/2 = 2; Tue 24/2 = 3.
    assert rules.minutes_due(D(2026, 2, 12)) == D(2026, 2, 24)


def test_recommendation_five_working_days_across_tet_2026() -> None:
    # Council Fri 13/2/2026. 14–22/2 off; Mon 23 = 1, Tue 24 = 2, Wed 25 = 3, Thu 26 = 4,
    # Fri 27/2 = 5.
    assert rules.recommendation_due(D(2026, 2, 13)) == D(2026, 2, 27)


def test_decision_five_working_days_across_tet_2027() -> None:
    # Recommendation received Wed 3/2/2027. Thu 4 – Wed 10/2 off (Tết 4–10/2 with the weekend
    # 6–7/2); Thu 11 = 1, Fri 12 = 2, Mon 15 = 3, Tue 16 = 4, Wed 17/2 = 5.
    assert rules.decision_due(D(2027, 2, 3)) == D(2027, 2, 17)


def test_forced_dismissal_fifteen_working_days_after_judgment_across_tet_2027() -> None:
    # Judgment received Mon 1/2/2027. Tue 2 = 1, Wed 3 = 2; 4–10/2 off; Thu 11 = 3, Fri 12 = 4,
    # 15–19/2 = 5..9, 22–26/2 = 10..14, Mon 1/3 = 15.
    assert rules.court_dismissal_due(D(2027, 2, 1)) == D(2027, 3, 1)


def test_limitation_five_years_for_reprimand_ten_for_others() -> None:
    # Act on 10/3/2021 warranting a reprimand: 5 years, the act's day not counted, end on
    # 10/3/2026 (the same day and month). Warning: 10 years from 10/3/2016 → 10/3/2026.
    assert rules.limitation_last_day(D(2021, 3, 10), [], Form.REPRIMAND) == D(2026, 3, 10)
    assert rules.limitation_last_day(D(2016, 3, 10), [], Form.WARNING) == D(2026, 3, 10)
    assert rules.limitation_last_day(D(2016, 3, 10), [], Form.REPRIMAND) == D(2021, 3, 10)
    # 29/2/2024 + 5 years: no 29/2/2029, the month's last day 28/2/2029.
    assert rules.limitation_last_day(D(2024, 2, 29), [], Form.REPRIMAND) == D(2029, 2, 28)


def test_a_new_violation_within_the_period_restarts_it() -> None:
    # Act 10/3/2021 (reprimand, ends 10/3/2026). A new violation 1/2/2024 falls within: the
    # period restarts from it and ends 1/2/2029. A later one on 1/6/2030 comes after that end:
    # no further restart.
    assert rules.limitation_last_day(D(2021, 3, 10), [D(2024, 2, 1)], Form.REPRIMAND) == D(
        2029, 2, 1
    )
    assert rules.limitation_last_day(
        D(2021, 3, 10), [D(2024, 2, 1), D(2030, 6, 1)], Form.REPRIMAND
    ) == D(2029, 2, 1)
    # A new violation after the old period ended (11/3/2026 > 10/3/2026) restarts nothing.
    assert rules.limitation_last_day(D(2021, 3, 10), [D(2026, 3, 11)], Form.REPRIMAND) == D(
        2026, 3, 10
    )


def test_processing_90_and_150_days_with_an_excluded_period() -> None:
    # Discovered 5/1/2026. 90 days: 26 days to 31/1 (6..31), +28 (Feb) = 54, +31 (Mar) = 85,
    # +5 → 5/4/2026.
    assert rules.processing_last_day(D(2026, 1, 5), False) == D(2026, 4, 5)
    # 150 days: 85 to 31/3, +30 (Apr) = 115, +31 (May) = 146, +4 → 4/6/2026.
    assert rules.processing_last_day(D(2026, 1, 5), True) == D(2026, 6, 4)
    # Postponed 1/2/2026, resumed 3/3/2026: days 1/2..2/3 excluded = 28 + 2 = 30.
    # 5/4/2026 + 30 days = 5/5/2026.
    assert rules.excluded_days([(D(2026, 2, 1), D(2026, 3, 3))], D(2026, 3, 3)) == 30
    assert rules.processing_last_day(D(2026, 1, 5), False, [(D(2026, 2, 1), D(2026, 3, 3))]) == D(
        2026, 5, 5
    )
    # Still postponed on 10/2/2026: 1/2..10/2 = 10 days so far → 15/4/2026.
    assert rules.processing_last_day(
        D(2026, 1, 5), False, [(D(2026, 2, 1), None)], D(2026, 2, 10)
    ) == D(2026, 4, 15)


def test_twelve_months_of_effect() -> None:
    # In effect from 10/3/2026: 12 months, that day not counted → through 10/3/2027.
    assert rules.effect_last_day(D(2026, 3, 10)) == D(2027, 3, 10)
    # From 31/1/2026 → 31/1/2027; from 29/2/2028 → 28/2/2029.
    assert rules.effect_last_day(D(2026, 1, 31)) == D(2027, 1, 31)
    assert rules.effect_last_day(D(2028, 2, 29)) == D(2029, 2, 28)


def test_relapse_takes_one_form_heavier() -> None:
    civil = rules.CIVIL_SERVANT
    # A reprimand in effect, the new act warrants a reprimand: warning at least.
    assert rules.minimum_form(Form.REPRIMAND, Form.REPRIMAND, civil, False) == (Form.WARNING, True)
    # A warning in effect: a non-manager skips removal from post (no post) → forced dismissal.
    assert rules.minimum_form(Form.REPRIMAND, Form.WARNING, civil, False) == (Form.DISMISSAL, True)
    # A manager: warning → removal from post.
    assert rules.minimum_form(Form.REPRIMAND, Form.WARNING, civil, True) == (Form.REMOVAL, True)
    # The new act itself warrants more than one form heavier: its own form.
    assert rules.minimum_form(Form.DISMISSAL, Form.REPRIMAND, civil, True) == (
        Form.DISMISSAL,
        False,
    )
    # Nothing in effect: the warranted form.
    assert rules.minimum_form(Form.REPRIMAND, None, civil, False) == (Form.REPRIMAND, False)
    # A cán bộ's heaviest form is recall.
    assert rules.heavier(Form.WARNING, rules.CADRE, False) == Form.RECALL
