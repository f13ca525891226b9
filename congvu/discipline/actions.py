"""The discipline actions: the only writers of discipline cases and their events.

Each action checks permission, then state, then writes the changed fields with one event through
`record_event`, in one transaction. `on` is the day the step happened (pages pass today; the
demo and tests replay dated histories). Time limits come from `discipline.rules`; the reading of
each is in docs/discipline.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.errors import ActionError, Forbidden
from congvu.core.eventlog import record_event
from congvu.discipline import rules
from congvu.discipline.access import ACTION_KIND, may_open, require
from congvu.discipline.models import (
    OPEN,
    WAIVABLE_PAUSES,
    Activity,
    DisciplineCase,
    Exemption,
    NoLimitation,
    Pause,
    Shortcut,
)
from congvu.discipline.queries import (
    form_in_effect,
    is_manager,
    limitation_deadline,
    processing_deadline,
)
from congvu.innovation.models import Proposal
from congvu.innovation.queries import exemption_grounds
from congvu.org.models import Official, Unit

Status = DisciplineCase.Status
COUNCIL_SIZES = (3, 5)


def _day(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _state(case: DisciplineCase, *allowed: str) -> None:
    if case.status not in allowed:
        raise ActionError(
            _("Not possible while the case is: %(status)s.")
            % {"status": case.get_status_display()},
            code="illegal_state",
        )


def _running(case: DisciplineCase) -> None:
    if case.paused_since is not None:
        raise ActionError(
            _("The review is postponed since %(day)s; resume it first.")
            % {"day": case.paused_since.strftime("%d/%m/%Y")},
            code="illegal_state",
        )


def _check(by: Official, name: str, case: DisciplineCase) -> None:
    require(by, ACTION_KIND[name], case)


def _record(
    case: DisciplineCase,
    activity: str,
    by: Official | None,
    changed: Sequence[str],
    *,
    note: str = "",
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    on: dt.date | None = None,
) -> None:
    """Append the step's event; `on`, the day the step happened, goes in its payload."""
    record_event(
        case,
        activity,
        actor=by,
        unit=case.unit,
        note=note,
        reason=reason,
        payload={**(payload or {}), "on": _day(on).isoformat()},
        changed=changed,
    )


@transaction.atomic
def open_case(
    *,
    by: Official,
    official: Official,
    unit: Unit,
    handler: Official,
    summary: str,
    violation_on: dt.date,
    warranted: str,
    discovered_on: dt.date,
    related_to_duties: bool = True,
    no_limitation: str = "",
    complex_case: bool = False,
) -> DisciplineCase:
    """Record a violation discovered on `discovered_on` (the processing time starts)."""
    if not may_open(by, unit):
        raise Forbidden(_("Only Sở Nội vụ or the heads over the unit open a discipline case."))
    if by.pk == official.pk or handler.pk == official.pk:
        raise Forbidden(_("Nobody handles a discipline case about themselves."))
    if not summary.strip():
        raise ActionError(_("Describe the violation."), code="invalid")
    if violation_on > discovered_on:
        raise ActionError(_("The act cannot come after its discovery."), code="invalid")
    if no_limitation and no_limitation not in NoLimitation.values:
        raise ActionError(_("Unknown ground."), code="invalid")
    manager = is_manager(official, violation_on)
    if warranted not in rules.ladder(official.category, manager):
        raise ActionError(_("This form does not apply to the official."), code="invalid")
    case = DisciplineCase.objects.create(
        official=official,
        unit=unit,
        handler=handler,
        category=official.category,
        manager=manager,
        summary=summary.strip(),
        violation_on=violation_on,
        warranted=warranted,
        related_to_duties=related_to_duties,
        no_limitation=no_limitation,
        discovered_on=discovered_on,
        complex_case=complex_case,
    )
    _record(
        case,
        Activity.OPEN,
        by,
        (),
        payload={"violation_on": violation_on.isoformat(), "warranted": warranted},
        on=discovered_on,
    )
    return case


@transaction.atomic
def issue_notice(case: DisciplineCase, *, by: Official, on: dt.date | None = None) -> None:
    """The written notice of review (thông báo xem xét kỷ luật): the limitation clock stops here;
    refused once the limitation period is over."""
    _check(by, "notice", case)
    _state(case, Status.DETECTED)
    _running(case)
    day = _day(on)
    limit = limitation_deadline(case)
    if limit is not None and day > limit:
        raise ActionError(
            _("The limitation period ended on %(day)s: the case can only be closed.")
            % {"day": limit.strftime("%d/%m/%Y")},
            code="time_barred",
        )
    case.notice_on = day
    case.status = Status.NOTICED
    _record(
        case,
        Activity.NOTICE,
        by,
        ("notice_on", "status"),
        payload={"limitation_last_day": limit.isoformat() if limit else None},
        on=day,
    )


@transaction.atomic
def close_time_barred(case: DisciplineCase, *, by: Official, on: dt.date | None = None) -> None:
    _check(by, "time_barred", case)
    _state(case, Status.DETECTED)
    day = _day(on)
    limit = limitation_deadline(case)
    if limit is None or day <= limit:
        raise ActionError(_("The limitation period is still running."), code="invalid")
    case.status, case.closed_on = Status.TIME_BARRED, day
    _record(case, Activity.TIME_BARRED, by, ("status", "closed_on"), on=day)


@transaction.atomic
def hold_meeting(
    case: DisciplineCase, *, by: Official, note: str = "", on: dt.date | None = None
) -> None:
    """The review meeting (họp kiểm điểm); its report and minutes are due 3 working days later."""
    _check(by, "meeting", case)
    _state(case, Status.NOTICED)
    _running(case)
    day = _day(on)
    case.meeting_on, case.step_due = day, rules.minutes_due(day)
    case.status = Status.MEETING_HELD
    _record(case, Activity.MEETING, by, ("meeting_on", "step_due", "status"), note=note, on=day)


@transaction.atomic
def send_minutes(case: DisciplineCase, *, by: Official, on: dt.date | None = None) -> None:
    _check(by, "minutes", case)
    _state(case, Status.MEETING_HELD)
    day = _day(on)
    late = case.step_due is not None and day > case.step_due
    case.step_due, case.status = None, Status.COUNCIL
    _record(case, Activity.MINUTES, by, ("step_due", "status"), payload={"late": late}, on=day)


@transaction.atomic
def skip_meeting(
    case: DisciplineCase, *, by: Official, note: str, on: dt.date | None = None
) -> None:
    """No review meeting: the person was already reviewed, or accepted responsibility in writing."""
    _check(by, "skip_meeting", case)
    _state(case, Status.NOTICED)
    _running(case)
    case.status = Status.COUNCIL
    _record(
        case,
        Activity.SKIP_MEETING,
        by,
        ("status",),
        reason=Shortcut.ALREADY_REVIEWED,
        note=note,
        on=on,
    )


@transaction.atomic
def skip_council(
    case: DisciplineCase,
    *,
    by: Official,
    ground: str,
    document: str,
    on: dt.date | None = None,
) -> None:
    """No review meeting and no council: a competent authority's conclusion proposes the form, a
    court sentence is in force, or the party already disciplined the person. The decision waits;
    after a court sentence (prison without suspension, corruption) forced dismissal is due
    15 working days after the judgment was received."""
    _check(by, "skip_council", case)
    _state(case, Status.NOTICED, Status.MEETING_HELD, Status.COUNCIL)
    _running(case)
    if ground not in (
        Shortcut.COMPETENT_CONCLUSION,
        Shortcut.COURT_SENTENCE,
        Shortcut.PARTY_DISCIPLINE,
    ):
        raise ActionError(_("Choose the ground for skipping the council."), code="invalid")
    if not document.strip():
        raise ActionError(
            _("Give the number of the conclusion, judgment or decision."), code="invalid"
        )
    day = _day(on)
    case.recommendation_received_on = day
    case.step_due = rules.court_dismissal_due(day) if ground == Shortcut.COURT_SENTENCE else None
    case.status = Status.RECOMMENDED
    _record(
        case,
        Activity.SKIP_COUNCIL,
        by,
        ("recommendation_received_on", "step_due", "status"),
        reason=ground,
        payload={"document": document.strip()},
        on=day,
    )


@transaction.atomic
def form_council(
    case: DisciplineCase,
    *,
    by: Official,
    chair: Official,
    members: Sequence[Official],
    on: dt.date | None = None,
) -> None:
    """The discipline council (hội đồng kỷ luật): 3 or 5 members, the chair among them, never the
    person concerned."""
    _check(by, "form_council", case)
    _state(case, Status.COUNCIL)
    _running(case)
    ids = {member.pk for member in members}
    if len(ids) not in COUNCIL_SIZES or chair.pk not in ids:
        raise ActionError(
            _("The council has 3 or 5 members, its chair among them."), code="invalid"
        )
    if case.official_id in ids:
        raise Forbidden(_("The person concerned cannot sit on their own council."))
    case.council_chair = chair
    case.council_members.set(members)
    _record(
        case,
        Activity.COUNCIL,
        by,
        ("council_chair",),
        payload={"chair": chair.pk, "members": sorted(ids)},
        on=on,
    )


def council_result(yes: int, no: int, forms: Mapping[str, int], members: int) -> tuple[bool, str]:
    """(discipline?, form) from the secret ballot: discipline when more than half of the council's
    members vote for it; the form is the one most members voted for, a tie going to the lighter
    form (docs/discipline.md)."""
    if yes + no > members:
        raise ActionError(_("More ballots than council members."), code="invalid")
    if yes * 2 <= members:
        return False, ""
    if not forms or sum(forms.values()) > members:
        raise ActionError(_("Give the votes on the form."), code="invalid")
    order = [form.value for form in rules.Form]
    best = max(forms.items(), key=lambda item: (item[1], -order.index(item[0])))
    return True, best[0]


@transaction.atomic
def record_ballot(
    case: DisciplineCase,
    *,
    by: Official,
    yes: int,
    no: int,
    forms: Mapping[str, int],
    on: dt.date | None = None,
) -> None:
    """The council's meeting and secret ballot; the recommendation is due 5 working days later.
    Only the counts are kept: the ballot is secret."""
    _check(by, "ballot", case)
    _state(case, Status.COUNCIL)
    _running(case)
    day = _day(on)
    members = case.council_members.count()
    allowed = rules.ladder(case.category, case.manager)
    if any(form not in allowed for form in forms):
        raise ActionError(_("This form does not apply to the official."), code="invalid")
    discipline, form = council_result(yes, no, forms, members)
    case.council_on, case.step_due = day, rules.recommendation_due(day)
    case.recommended_form = form
    case.status = Status.COUNCIL_MET
    _record(
        case,
        Activity.BALLOT,
        by,
        ("council_on", "step_due", "recommended_form", "status"),
        payload={"yes": yes, "no": no, "forms": dict(forms), "discipline": discipline},
        on=day,
    )


@transaction.atomic
def send_recommendation(case: DisciplineCase, *, by: Official, on: dt.date | None = None) -> None:
    """The recommendation reaches the competent person on `on`; the decision is due 5 working
    days later."""
    _check(by, "recommend", case)
    _state(case, Status.COUNCIL_MET)
    day = _day(on)
    late = case.step_due is not None and day > case.step_due
    case.recommendation_received_on, case.step_due = day, rules.decision_due(day)
    case.status = Status.RECOMMENDED
    _record(
        case,
        Activity.RECOMMEND,
        by,
        ("recommendation_received_on", "step_due", "status"),
        payload={"form": case.recommended_form, "late": late},
        on=day,
    )


def minimum_for(case: DisciplineCase, on: dt.date) -> tuple[rules.Form, DisciplineCase | None]:
    """The lightest form a decision on `on` may take, and the decision in effect that raised it."""
    current = form_in_effect(case.official_id, on, exclude=case.pk)
    form, raised = rules.minimum_form(
        case.warranted, current.decided_form if current else None, case.category, case.manager
    )
    return form, current if raised else None


@transaction.atomic
def decide(
    case: DisciplineCase,
    *,
    by: Official,
    form: str,
    number: str,
    effective_from: dt.date | None = None,
    on: dt.date | None = None,
) -> None:
    """The decision (quyết định kỷ luật), in effect for 12 months. A new violation while another
    decision is in effect takes at least one form heavier (the relapse rule)."""
    _check(by, "decide", case)
    _state(case, Status.RECOMMENDED)
    _running(case)
    day = _day(on)
    if form not in rules.ladder(case.category, case.manager):
        raise ActionError(_("This form does not apply to the official."), code="invalid")
    if not number.strip():
        raise ActionError(_("Give the decision's number."), code="invalid")
    minimum, relapse_of = minimum_for(case, day)
    if relapse_of is not None and rules.is_lighter(form, minimum, case.category, case.manager):
        raise ActionError(
            _(
                "A decision (%(form)s) is in effect until %(day)s: the new violation takes at "
                "least %(minimum)s."
            )
            % {
                "form": relapse_of.get_decided_form_display(),
                "day": relapse_of.effective_to.strftime("%d/%m/%Y")
                if relapse_of.effective_to
                else "",
                "minimum": rules.Form(minimum).label,
            },
            code="relapse",
        )
    start = effective_from or day
    if start < day:
        raise ActionError(_("A decision takes effect on or after its day."), code="invalid")
    processing = processing_deadline(case, day)
    case.decided_form, case.decision_number, case.decided_on = form, number.strip(), day
    case.effective_from, case.effective_to = start, rules.effect_last_day(start)
    case.relapse = relapse_of is not None
    case.step_due = None
    case.status = Status.IN_EFFECT
    _record(
        case,
        Activity.DECIDE,
        by,
        (
            "decided_form",
            "decision_number",
            "decided_on",
            "effective_from",
            "effective_to",
            "relapse",
            "step_due",
            "status",
        ),
        payload={
            "form": form,
            "number": case.decision_number,
            "relapse_of": relapse_of.pk if relapse_of else None,
            "processing_last_day": processing.isoformat(),
            "late": day > processing,
        },
        on=day,
    )


@transaction.atomic
def conclude_no_violation(
    case: DisciplineCase, *, by: Official, note: str, on: dt.date | None = None
) -> None:
    _check(by, "no_violation", case)
    _state(case, *OPEN)
    if not note.strip():
        raise ActionError(_("Give the grounds of the conclusion."), code="invalid")
    case.status, case.closed_on, case.step_due = Status.NO_VIOLATION, _day(on), None
    _record(case, Activity.NO_VIOLATION, by, ("status", "closed_on", "step_due"), note=note, on=on)


def offered_exemptions(case: DisciplineCase) -> list[Proposal]:
    """The innovation proposals the case offers as exemption grounds: the person's approved
    proposals that were implemented (innovation.queries.exemption_grounds)."""
    return list(exemption_grounds(case.official_id))


@transaction.atomic
def exempt(
    case: DisciplineCase,
    *,
    by: Official,
    ground: str,
    proposal: Proposal | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> None:
    """Exempt the person from discipline on a ground of Art. 4(2); an innovation ground names one
    of the offered proposals."""
    _check(by, "exempt", case)
    _state(case, *OPEN)
    if ground not in Exemption.values:
        raise ActionError(_("Choose the exemption ground."), code="invalid")
    if ground == Exemption.INNOVATION:
        if proposal is None or proposal.pk not in {p.pk for p in offered_exemptions(case)}:
            raise ActionError(
                _("Name an approved and implemented innovation proposal of the person."),
                code="invalid",
            )
    elif proposal is not None:
        raise ActionError(_("A proposal is named only for the innovation ground."), code="invalid")
    case.exemption, case.exemption_proposal = ground, proposal
    case.status, case.closed_on, case.step_due = Status.EXEMPTED, _day(on), None
    _record(
        case,
        Activity.EXEMPT,
        by,
        ("exemption", "exemption_proposal", "status", "closed_on", "step_due"),
        reason=ground,
        note=note,
        payload={"proposal": proposal.pk if proposal else None},
        on=on,
    )


@transaction.atomic
def postpone(
    case: DisciplineCase,
    *,
    by: Official,
    reason: str,
    person_asks_to_proceed: bool = False,
    note: str = "",
    on: dt.date | None = None,
) -> None:
    """Postpone the review (ND 172/2025 Art. 3), or mark another excluded period (criminal
    procedure, complaint): the processing time stops until `resume`. Pregnancy, maternity and a
    child under 12 months postpone nothing when the person asks for the review to go ahead."""
    _check(by, "postpone", case)
    _state(case, *OPEN)
    if case.paused_since is not None:
        raise ActionError(_("The review is already postponed."), code="illegal_state")
    if reason not in Pause.values:
        raise ActionError(_("Choose the ground of postponement."), code="invalid")
    if person_asks_to_proceed and reason in WAIVABLE_PAUSES:
        raise ActionError(
            _("The person asked for the review to go ahead: this ground does not postpone it."),
            code="invalid",
        )
    case.paused_since, case.pause_reason = _day(on), reason
    _record(
        case,
        Activity.POSTPONE,
        by,
        ("paused_since", "pause_reason"),
        reason=reason,
        note=note,
        on=on,
    )


@transaction.atomic
def resume(case: DisciplineCase, *, by: Official, on: dt.date | None = None) -> int:
    """Resume a postponed review; the days it waited are excluded from the processing time
    (from the first day of postponement up to the day before it resumed). Returns them."""
    _check(by, "resume", case)
    if case.paused_since is None:
        raise ActionError(_("The review is not postponed."), code="illegal_state")
    day = _day(on)
    if day < case.paused_since:
        raise ActionError(_("A review resumes after it was postponed."), code="invalid")
    days = rules.excluded_days([(case.paused_since, day)], day)
    payload = {"since": case.paused_since.isoformat(), "days": days, "reason": case.pause_reason}
    case.excluded_days += days
    case.paused_since, case.pause_reason = None, ""
    _record(
        case,
        Activity.RESUME,
        by,
        ("excluded_days", "paused_since", "pause_reason"),
        payload=payload,
        on=day,
    )
    return days


@transaction.atomic
def suspend(
    case: DisciplineCase,
    *,
    by: Official,
    start: dt.date,
    end: dt.date | None,
    note: str = "",
) -> None:
    """Suspend the person from work (tạm đình chỉ công tác) while the case is handled."""
    _check(by, "suspend", case)
    _state(case, *OPEN)
    if end is not None and end < start:
        raise ActionError(_("The suspension ends after it starts."), code="invalid")
    case.suspended_from, case.suspended_to = start, end
    _record(
        case,
        Activity.SUSPEND,
        by,
        ("suspended_from", "suspended_to"),
        note=note,
        payload={"from": start.isoformat(), "to": end.isoformat() if end else None},
    )


@transaction.atomic
def record_lapse(case: DisciplineCase, *, by: Official, on: dt.date | None = None) -> None:
    """The decision's 12 months are over: it lapses (no new decision is needed)."""
    _check(by, "lapse", case)
    _state(case, Status.IN_EFFECT)
    day = _day(on)
    if case.effective_to is None or day <= case.effective_to:
        raise ActionError(_("The decision is still in effect."), code="invalid")
    case.status, case.closed_on = Status.LAPSED, day
    _record(case, Activity.LAPSE, by, ("status", "closed_on"), on=day)
