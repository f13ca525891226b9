"""Innovation proposals (Decree 73/2023): who proposes, the collective vote within 7 working
days, the head's written approval, the higher level, evaluation and protection."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import log_named, verify_log
from congvu.innovation import actions
from congvu.innovation.models import Achievement, Proposal, Protection
from congvu.innovation.queries import collective, due_steps, exemption_grounds
from tests.innovation.conftest import Leadership

D = dt.date
SUBMITTED = D(2026, 2, 10)  # Tuesday before Tết 2026


def draft(lead: Leadership, by: object = None) -> Proposal:
    return actions.create_proposal(
        by=by or lead.deputy_a,  # type: ignore[arg-type]
        unit=lead.p.construction,
        title="Cấp phép xây dựng nhà ở riêng lẻ trong 5 ngày bằng hồ sơ số hóa",
        bottleneck="Quy trình thẩm định giấy tờ chưa có hướng dẫn với hồ sơ điện tử",
        plan="Thí điểm 6 tháng tại phường Hạ Long; tổ công tác 5 người",
        on=D(2026, 2, 2),
    )


def submitted(lead: Leadership) -> Proposal:
    proposal = draft(lead)
    actions.submit(proposal, by=lead.deputy_a, head=lead.head, on=SUBMITTED)
    return proposal


def test_only_leaders_propose(lead: Leadership) -> None:
    # Art. 2: an official without a managing post, and an inspector, are refused.
    for outsider in (lead.p.official, lead.p.inspector):
        with pytest.raises(Forbidden):
            draft(lead, by=outsider)
    assert draft(lead).status == Proposal.Status.DRAFT


def test_vote_due_seven_working_days_across_tet(lead: Leadership) -> None:
    # Submitted Tue 10/2/2026: Wed 11 = 1, Thu 12 = 2, Fri 13 = 3; 14–22/2 off (Tết with the two
    # weekends); Mon 23 = 4, Tue 24 = 5, Wed 25 = 6, Thu 26/2 = 7.
    proposal = submitted(lead)
    assert proposal.vote_due == D(2026, 2, 26)
    assert [(s.step, s.due) for s in due_steps(lead.head)] == [("vote", D(2026, 2, 26))]


def test_the_proposing_deputy_is_excluded_from_the_collective(lead: Leadership) -> None:
    proposal = submitted(lead)
    members = collective(proposal.unit, SUBMITTED, proposal.proposer)
    assert {m.pk for m in members} == {lead.head.pk, lead.deputy_b.pk, lead.deputy_c.pk}
    ballots = {lead.head.pk: True, lead.deputy_b.pk: True, lead.deputy_c.pk: True}
    with pytest.raises(ActionError):
        actions.record_vote(
            proposal, by=lead.head, ballots={**ballots, lead.deputy_a.pk: True}, on=SUBMITTED
        )
    with pytest.raises(ActionError):  # a member's ballot missing
        actions.record_vote(
            proposal,
            by=lead.head,
            ballots={lead.head.pk: True, lead.deputy_b.pk: True},
            on=SUBMITTED,
        )


def test_more_than_half_passes(lead: Leadership) -> None:
    # 3 members (head, deputies B and C): 2 for, 1 against; 2 × 2 = 4 > 3 → passes, even with
    # the head against.
    proposal = submitted(lead)
    ballots = {lead.head.pk: False, lead.deputy_b.pk: True, lead.deputy_c.pk: True}
    assert actions.record_vote(proposal, by=lead.head, ballots=ballots, on=D(2026, 2, 24))
    proposal.refresh_from_db()
    assert (proposal.status, proposal.votes_for, proposal.votes_against) == ("approved", 2, 1)
    assert proposal.approved_on == D(2026, 2, 24)


def test_one_of_three_fails(lead: Leadership) -> None:
    # 1 for, 2 against: 1 × 2 = 2 ≤ 3 → rejected, the head's vote for it notwithstanding.
    proposal = submitted(lead)
    ballots = {lead.head.pk: True, lead.deputy_b.pk: False, lead.deputy_c.pk: False}
    assert not actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.REJECTED


def _tie_world(lead: Leadership) -> Proposal:
    # Deputy C leaves the agency before the vote: the collective is the head and deputy B.
    lead.deputy_c.posts.update(end=D(2026, 2, 9))
    return submitted(lead)


def test_a_tie_follows_the_head(lead: Leadership) -> None:
    # 2 members, 1 for (the head) and 1 against: 1 × 2 = 2 = 2, a tie → the head's side: passes.
    proposal = _tie_world(lead)
    ballots = {lead.head.pk: True, lead.deputy_b.pk: False}
    assert actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    event = proposal.events.get(activity="vote")
    assert event.payload["tie_decided_by_head"] is True


def test_a_tie_against_the_head_fails(lead: Leadership) -> None:
    proposal = _tie_world(lead)
    ballots = {lead.head.pk: False, lead.deputy_b.pk: True}
    assert not actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)


def test_the_head_approves_in_writing_against_the_vote(lead: Leadership) -> None:
    proposal = submitted(lead)
    ballots = {lead.head.pk: True, lead.deputy_b.pk: False, lead.deputy_c.pk: False}
    actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    with pytest.raises(PermissionDenied):  # only the head
        actions.head_approve(proposal, by=lead.deputy_b, document="15/QĐ-SXD")
    with pytest.raises(ActionError):  # in writing: a document number
        actions.head_approve(proposal, by=lead.head, document=" ")
    actions.head_approve(proposal, by=lead.head, document="15/QĐ-SXD", on=D(2026, 2, 27))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.HEAD_APPROVED
    assert proposal.approved_on == D(2026, 2, 27)


def test_an_approved_proposal_cannot_be_head_approved_again(lead: Leadership) -> None:
    proposal = submitted(lead)
    ballots = {lead.head.pk: True, lead.deputy_b.pk: True, lead.deputy_c.pk: False}
    actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    with pytest.raises(ActionError):
        actions.head_approve(proposal, by=lead.head, document="15/QĐ-SXD")


def test_sent_to_the_higher_level_and_decided_there(lead: Leadership) -> None:
    proposal = submitted(lead)
    with pytest.raises(PermissionDenied):  # the proposer cannot send it up
        actions.escalate(proposal, by=lead.deputy_a, note="")
    actions.escalate(proposal, by=lead.head, note="Liên quan nhiều sở, ngành")
    with pytest.raises(PermissionDenied):  # the head does not decide for the level above
        actions.higher_decide(proposal, by=lead.head, approve=True)
    actions.higher_decide(proposal, by=lead.p.chair, approve=True, on=D(2026, 3, 2))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.APPROVED and proposal.approved_on == D(2026, 3, 2)


@pytest.mark.parametrize(
    ("achievement", "damage", "motive", "policy", "expected"),
    [
        (Achievement.FULL, False, True, True, Protection.NO_LIABILITY),  # Art. 11(1)
        (Achievement.PARTLY, False, True, True, Protection.EXCLUDED),  # Art. 11(2)
        (Achievement.NOT, False, True, True, Protection.EXCLUDED),  # Art. 11(2)
        (Achievement.NOT, True, True, True, Protection.CONSIDERED),  # Art. 11(3)
        (Achievement.PARTLY, False, False, True, Protection.NONE),  # impure motive
        (Achievement.NOT, True, True, False, Protection.NONE),  # wrong policy
    ],
)
def test_protection_follows_the_evaluation(
    lead: Leadership,
    achievement: str,
    damage: bool,
    motive: bool,
    policy: bool,
    expected: Protection,
) -> None:
    proposal = submitted(lead)
    ballots = {lead.head.pk: True, lead.deputy_b.pk: True, lead.deputy_c.pk: True}
    actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    actions.start_implementation(proposal, by=lead.deputy_a, on=D(2026, 3, 2))
    assert list(exemption_grounds(lead.deputy_a.pk)) == [proposal]
    with pytest.raises(PermissionDenied):  # the proposer does not judge their own results
        actions.evaluate(
            proposal,
            by=lead.deputy_a,
            achievement=achievement,
            damage=damage,
            motive_pure=motive,
            policy_correct=policy,
        )
    actions.evaluate(
        proposal,
        by=lead.head,
        achievement=achievement,
        damage=damage,
        motive_pure=motive,
        policy_correct=policy,
    )
    assert actions.decide_protection(proposal, by=lead.head) == expected
    # Found wanting (motive or policy): no longer a ground of exemption.
    assert (list(exemption_grounds(lead.deputy_a.pk)) == [proposal]) == (
        expected != Protection.NONE
    )


def test_not_approved_or_not_implemented_is_no_exemption_ground(lead: Leadership) -> None:
    proposal = submitted(lead)
    assert not exemption_grounds(lead.deputy_a.pk).exists()
    ballots = {lead.head.pk: True, lead.deputy_b.pk: True, lead.deputy_c.pk: True}
    actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    assert not exemption_grounds(lead.deputy_a.pk).exists()  # approved, not implemented


def test_the_log_is_chained(lead: Leadership) -> None:
    proposal = submitted(lead)
    ballots = {lead.head.pk: True, lead.deputy_b.pk: True, lead.deputy_c.pk: True}
    actions.record_vote(proposal, by=lead.head, ballots=ballots, on=SUBMITTED)
    report = verify_log(log_named("proposal"))
    assert report.intact and report.events == 3
