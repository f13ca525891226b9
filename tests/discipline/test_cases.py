"""A discipline case through its states, with the decrees' time limits on real dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import log_named, verify_log
from congvu.discipline import actions, queries
from congvu.discipline.models import DisciplineCase, Exemption, Pause, Shortcut
from congvu.discipline.rules import Form
from congvu.innovation import actions as innovation
from congvu.org.models import Post
from tests.discipline.conftest import World
from tests.factories import make_official

D = dt.date
Status = DisciplineCase.Status


def test_the_full_procedure_with_its_working_day_limits(world: World) -> None:
    case = world.open()
    # Notice Mon 9/2/2026: the limitation clock stops; the meeting Thu 12/2/2026.
    actions.issue_notice(case, by=world.personnel, on=D(2026, 2, 9))
    actions.hold_meeting(case, by=world.personnel, on=D(2026, 2, 12))
    # Minutes due 3 working days after Thu 12/2: Fri 13 = 1, Tết 14–22/2, Mon 23 = 2, Tue 24 = 3.
    assert case.step_due == D(2026, 2, 24)
    assert [(s.step, s.due) for s in queries.due_steps(world.handler, D(2026, 2, 13))] == [
        ("minutes", D(2026, 2, 24))
    ]
    actions.send_minutes(case, by=world.personnel, on=D(2026, 2, 24))
    assert [s.step for s in queries.due_steps(world.handler, D(2026, 2, 24))] == ["form_council"]
    actions.form_council(
        case,
        by=world.personnel,
        chair=world.p.colleague,
        members=[world.p.colleague, world.personnel, world.member],
    )
    assert [s.step for s in queries.due_steps(world.p.colleague, D(2026, 2, 25))] == ["ballot"]
    # Council Thu 5/3/2026, secret ballot 3–0 for a reprimand. Recommendation due 5 working days
    # later: Fri 6 = 1, Mon 9 = 2, Tue 10 = 3, Wed 11 = 4, Thu 12/3 = 5.
    actions.record_ballot(
        case, by=world.p.colleague, yes=3, no=0, forms={Form.REPRIMAND: 3}, on=D(2026, 3, 5)
    )
    assert (case.step_due, case.recommended_form) == (D(2026, 3, 12), Form.REPRIMAND)
    actions.send_recommendation(case, by=world.p.colleague, on=D(2026, 3, 10))
    # Decision due 5 working days after Tue 10/3: Wed 11, Thu 12, Fri 13, Mon 16, Tue 17/3.
    assert case.step_due == D(2026, 3, 17)
    steps = queries.due_steps(world.handler, D(2026, 3, 11))
    assert [(s.step, s.due) for s in steps] == [("decide", D(2026, 3, 17))]
    actions.decide(
        case, by=world.handler, form=Form.REPRIMAND, number="25/QĐ-SXD", on=D(2026, 3, 16)
    )
    case.refresh_from_db()
    # In effect from 16/3/2026 through 16/3/2027 (12 months, the first day not counted).
    assert (case.status, case.effective_to) == (Status.IN_EFFECT, D(2027, 3, 16))
    assert queries.form_in_effect(world.person.pk, D(2027, 3, 16)) == case
    assert queries.form_in_effect(world.person.pk, D(2027, 3, 17)) is None
    with pytest.raises(ActionError):
        actions.record_lapse(case, by=world.personnel, on=D(2027, 3, 16))
    assert [s.step for s in queries.due_steps(world.handler, D(2027, 3, 17))] == ["lapse"]
    actions.record_lapse(case, by=world.personnel, on=D(2027, 3, 17))
    assert DisciplineCase.objects.get(pk=case.pk).status == Status.LAPSED
    report = verify_log(log_named("discipline"))
    # open, notice, meeting, minutes, council, ballot, recommend, decide, lapse
    assert report.intact and report.events == 9


def test_the_notice_after_the_limitation_period_is_refused(world: World) -> None:
    # Act 10/3/2021 warranting a reprimand: 5 years, last day 10/3/2026.
    case = world.open(violation_on=D(2021, 3, 10), discovered_on=D(2026, 3, 1))
    assert queries.limitation_deadline(case) == D(2026, 3, 10)
    with pytest.raises(ActionError) as refused:
        actions.issue_notice(case, by=world.personnel, on=D(2026, 3, 11))
    assert refused.value.code == "time_barred"
    with pytest.raises(ActionError):  # still running on the last day: nothing to close
        actions.close_time_barred(case, by=world.personnel, on=D(2026, 3, 10))
    actions.close_time_barred(case, by=world.personnel, on=D(2026, 3, 11))
    assert DisciplineCase.objects.get(pk=case.pk).status == Status.TIME_BARRED


def test_a_new_violation_restarts_the_limitation(world: World) -> None:
    # Act 10/3/2021 (reprimand): last day 10/3/2026. A new violation on 1/2/2024 restarts it:
    # last day 1/2/2029, so a notice on 11/3/2026 is in time.
    old = world.open(violation_on=D(2021, 3, 10), discovered_on=D(2026, 3, 1))
    world.open(violation_on=D(2024, 2, 1), discovered_on=D(2026, 3, 1), summary="Vi phạm mới")
    assert queries.limitation_deadline(old) == D(2029, 2, 1)
    actions.issue_notice(old, by=world.personnel, on=D(2026, 3, 11))
    assert old.status == Status.NOTICED


def test_no_limitation_for_the_listed_grounds(world: World) -> None:
    case = world.open(
        violation_on=D(2010, 5, 4), warranted=Form.DISMISSAL, no_limitation="fake_diploma"
    )
    assert queries.limitation_deadline(case) is None
    actions.issue_notice(case, by=world.personnel, on=D(2026, 1, 6))


def test_processing_time_with_a_postponement(world: World) -> None:
    # Discovered 5/1/2026: 90 days → 5/4/2026. Postponed 1/2/2026 (in-patient treatment),
    # resumed 3/3/2026: 1/2..2/3 = 30 days excluded → 5/5/2026.
    case = world.open()
    actions.issue_notice(case, by=world.personnel, on=D(2026, 1, 20))
    assert queries.processing_deadline(case, D(2026, 1, 20)) == D(2026, 4, 5)
    actions.postpone(case, by=world.personnel, reason=Pause.ILLNESS, on=D(2026, 2, 1))
    # While postponed, the steps wait: only "resume" is due, and nothing moves.
    assert [s.step for s in queries.due_steps(world.handler, D(2026, 2, 10))] == ["resume"]
    with pytest.raises(ActionError):
        actions.hold_meeting(case, by=world.personnel, on=D(2026, 2, 10))
    # On 10/2 the running postponement already counts 1/2..10/2 = 10 days → 15/4/2026.
    assert queries.processing_deadline(case, D(2026, 2, 10)) == D(2026, 4, 15)
    assert actions.resume(case, by=world.personnel, on=D(2026, 3, 3)) == 30
    assert queries.processing_deadline(case, D(2026, 3, 3)) == D(2026, 5, 5)


def test_a_complex_case_has_150_days(world: World) -> None:
    # 5/1/2026 + 150 days = 4/6/2026.
    case = world.open(complex_case=True)
    assert queries.processing_deadline(case, D(2026, 1, 5)) == D(2026, 6, 4)
    steps = queries.due_steps(world.handler, D(2026, 1, 6))
    # The notice is due by the earlier of the limitation's end (3/11/2030: 5 years from the act
    # on 3/11/2025) and the processing time's (4/6/2026).
    assert [(s.step, s.due) for s in steps] == [("notice", D(2026, 6, 4))]


def test_pregnancy_does_not_postpone_when_the_person_asks_to_proceed(world: World) -> None:
    case = world.open()
    with pytest.raises(ActionError):
        actions.postpone(
            case, by=world.personnel, reason=Pause.PREGNANCY, person_asks_to_proceed=True
        )
    # Prosecution postpones whatever the person asks.
    actions.postpone(
        case, by=world.personnel, reason=Pause.PROSECUTION, person_asks_to_proceed=True
    )


def test_relapse_within_twelve_months_takes_one_form_heavier(world: World) -> None:
    first = world.open()
    world.decide(first, D(2026, 3, 10))  # reprimand, in effect through 10/3/2027
    second = world.open(violation_on=D(2026, 12, 1), discovered_on=D(2026, 12, 15))
    world.to_council(second, D(2027, 1, 5))
    actions.record_ballot(
        second, by=world.p.colleague, yes=3, no=0, forms={Form.WARNING: 3}, on=D(2027, 1, 5)
    )
    actions.send_recommendation(second, by=world.p.colleague, on=D(2027, 1, 5))
    # Decided 8/1/2027, while the reprimand is in effect: a reprimand is refused.
    assert actions.minimum_for(second, D(2027, 1, 8))[0] == Form.WARNING
    with pytest.raises(ActionError) as refused:
        actions.decide(
            second, by=world.handler, form=Form.REPRIMAND, number="3/QĐ", on=D(2027, 1, 8)
        )
    assert refused.value.code == "relapse"
    actions.decide(second, by=world.handler, form=Form.WARNING, number="3/QĐ", on=D(2027, 1, 8))
    second.refresh_from_db()
    assert second.relapse


def test_after_the_twelve_months_no_relapse(world: World) -> None:
    first = world.open()
    world.decide(first, D(2026, 3, 10))  # in effect through 10/3/2027
    second = world.open(violation_on=D(2027, 2, 1), discovered_on=D(2027, 3, 1))
    assert actions.minimum_for(second, D(2027, 3, 10))[0] == Form.WARNING
    assert actions.minimum_for(second, D(2027, 3, 11))[0] == Form.REPRIMAND


def test_council_ballot_majority_and_form(world: World) -> None:
    assert actions.council_result(2, 1, {Form.REPRIMAND: 1, Form.WARNING: 1}, 3) == (
        True,
        Form.REPRIMAND,  # a tie on the form goes to the lighter one
    )
    assert actions.council_result(2, 3, {}, 5) == (False, "")  # 2 × 2 = 4 ≤ 5
    assert actions.council_result(3, 2, {Form.WARNING: 3, Form.REPRIMAND: 2}, 5) == (
        True,
        Form.WARNING,
    )
    with pytest.raises(ActionError):
        actions.council_result(3, 1, {}, 3)


def test_council_of_three_or_five_without_the_person(world: World) -> None:
    case = world.open()
    actions.issue_notice(case, by=world.personnel, on=D(2026, 1, 6))
    actions.skip_meeting(case, by=world.personnel, note="Đã tự nhận trách nhiệm bằng văn bản")
    with pytest.raises(ActionError):
        actions.form_council(
            case,
            by=world.personnel,
            chair=world.p.colleague,
            members=[world.p.colleague, world.member],
        )
    with pytest.raises(Forbidden):
        actions.form_council(
            case,
            by=world.personnel,
            chair=world.p.colleague,
            members=[world.p.colleague, world.member, world.person],
        )


def test_court_sentence_skips_meeting_and_council(world: World) -> None:
    case = world.open(warranted=Form.DISMISSAL, violation_on=D(2025, 12, 1))
    actions.issue_notice(case, by=world.personnel, on=D(2027, 1, 25))
    actions.skip_council(
        case,
        by=world.personnel,
        ground=Shortcut.COURT_SENTENCE,
        document="05/2027/HS-ST",
        on=D(2027, 2, 1),
    )
    # Judgment received Mon 1/2/2027 → forced dismissal due 1/3/2027 (15 working days, Tết 4–10/2).
    assert case.status == Status.RECOMMENDED and case.step_due == D(2027, 3, 1)


def test_effects_while_under_review_and_in_effect(world: World) -> None:
    case = world.open()
    assert queries.may(world.person.pk, "appointment", D(2026, 1, 10))
    actions.issue_notice(case, by=world.personnel, on=D(2026, 1, 12))
    kinds = {r.kind for r in queries.restrictions(world.person.pk, D(2026, 1, 12))}
    assert kinds == {"appointment", "transfer", "training", "resignation"}
    assert queries.may(world.person.pk, "transfer", D(2026, 1, 11))  # before the notice
    world_decide_after_notice(world, case)
    kinds = {r.kind for r in queries.restrictions(world.person.pk, D(2026, 6, 1))}
    assert kinds == {"appointment", "promotion"}
    assert queries.restrictions(world.person.pk, D(2027, 3, 12)) == []  # lapsed 11/3/2027


def world_decide_after_notice(world: World, case: DisciplineCase) -> None:
    actions.skip_meeting(case, by=world.personnel, note="Đã kiểm điểm")
    actions.form_council(
        case,
        by=world.personnel,
        chair=world.p.colleague,
        members=[world.p.colleague, world.personnel, world.member],
    )
    actions.record_ballot(
        case, by=world.p.colleague, yes=3, no=0, forms={Form.REPRIMAND: 3}, on=D(2026, 3, 2)
    )
    actions.send_recommendation(case, by=world.p.colleague, on=D(2026, 3, 3))
    actions.decide(case, by=world.handler, form=Form.REPRIMAND, number="9/QĐ", on=D(2026, 3, 10))


def test_rating_effects(world: World) -> None:
    # A reprimand related to duties decided 10/3/2026 → "discipline" in 2026, nothing in 2027
    # (the year of the decision counts, not the months of effect).
    case = world.open()
    world.decide(case, D(2026, 3, 10))
    effects = queries.rating_effects(world.person.pk, 2026)
    assert [(e.reason, e.form, e.on) for e in effects] == [
        ("discipline", "khien_trach", D(2026, 3, 10))
    ]
    assert queries.rating_effects(world.person.pk, 2027) == []
    # Not related to duties: no discipline reason.
    other = make_official("Tạ Văn Bình", unit=world.p.construction)
    unrelated = world.open(official=other, related_to_duties=False)
    world.decide(unrelated, D(2026, 3, 10))
    assert queries.rating_effects(other.pk, 2026) == []


def test_suspension_in_the_year_forces_the_rating(world: World) -> None:
    # Suspended 20/12/2026 to 15/1/2027: "suspended" in 2026 (from 20/12) and 2027 (from 1/1).
    case = world.open()
    actions.suspend(case, by=world.personnel, start=D(2026, 12, 20), end=D(2027, 1, 15))
    assert [(e.reason, e.on) for e in queries.rating_effects(world.person.pk, 2026)] == [
        ("suspended", D(2026, 12, 20))
    ]
    assert [(e.reason, e.on) for e in queries.rating_effects(world.person.pk, 2027)] == [
        ("suspended", D(2027, 1, 1))
    ]
    assert queries.rating_effects(world.person.pk, 2025) == []


def test_an_implemented_innovation_is_offered_as_exemption(world: World) -> None:
    # The person concerned is a deputy head who proposed, had approved and implemented a pilot.
    deputy = make_official(
        "Trịnh Văn Khoa", unit=world.p.construction, role=Post.Role.HEAD, position="Phó Giám đốc"
    )
    proposal = innovation.create_proposal(
        by=deputy,
        unit=world.p.construction,
        title="Thí điểm cấp phép số",
        bottleneck="Chưa có quy định",
        plan="6 tháng",
        on=D(2026, 1, 5),
    )
    innovation.submit(proposal, by=deputy, head=world.handler, on=D(2026, 1, 6))
    innovation.record_vote(
        proposal, by=world.handler, ballots={world.handler.pk: True}, on=D(2026, 1, 8)
    )
    case = world.open(official=deputy, discovered_on=D(2026, 4, 1), violation_on=D(2026, 3, 20))
    assert actions.offered_exemptions(case) == []  # approved, not yet implemented
    with pytest.raises(ActionError):
        actions.exempt(case, by=world.handler, ground=Exemption.INNOVATION, proposal=proposal)
    innovation.start_implementation(proposal, by=deputy, on=D(2026, 1, 12))
    assert actions.offered_exemptions(case) == [proposal]
    with pytest.raises(PermissionDenied):  # only the competent person exempts
        actions.exempt(case, by=world.personnel, ground=Exemption.INNOVATION, proposal=proposal)
    actions.exempt(case, by=world.handler, ground=Exemption.INNOVATION, proposal=proposal)
    case.refresh_from_db()
    assert (case.status, case.exemption_proposal) == (Status.EXEMPTED, proposal)
    assert queries.rating_effects(deputy.pk, 2026) == []


def test_someone_elses_proposal_is_no_ground(world: World) -> None:
    deputy = make_official(
        "Trịnh Văn Khoa", unit=world.p.construction, role=Post.Role.HEAD, position="Phó Giám đốc"
    )
    proposal = innovation.create_proposal(
        by=deputy,
        unit=world.p.construction,
        title="Thí điểm",
        bottleneck="x",
        plan="y",
        on=D(2026, 1, 5),
    )
    innovation.submit(proposal, by=deputy, head=world.handler, on=D(2026, 1, 6))
    innovation.record_vote(
        proposal, by=world.handler, ballots={world.handler.pk: True}, on=D(2026, 1, 8)
    )
    innovation.start_implementation(proposal, by=deputy, on=D(2026, 1, 12))
    case = world.open()  # about another official
    assert actions.offered_exemptions(case) == []
    with pytest.raises(ActionError):
        actions.exempt(case, by=world.handler, ground=Exemption.INNOVATION, proposal=proposal)


def test_a_later_case_concluded_without_violation_restarts_nothing(world: World) -> None:
    old = world.open(violation_on=D(2021, 3, 10), discovered_on=D(2026, 3, 1))
    later = world.open(violation_on=D(2024, 2, 1), discovered_on=D(2026, 3, 1), summary="Nghi vấn")
    assert queries.limitation_deadline(old) == D(2029, 2, 1)
    actions.conclude_no_violation(later, by=world.handler, note="Không có vi phạm")
    assert queries.limitation_deadline(old) == D(2026, 3, 10)
