"""What pages, ratings, personnel actions and reminders read about discipline cases.

- `limitation_deadline`, `processing_deadline`: the case's running clocks;
- `form_in_effect`: the form of a decision in effect on a day (the relapse rule);
- `restrictions`: what the person may not undergo while under review or disciplined;
- `rating_effects`: what forces a year's rating to KHTNV (issue 7's rating engine calls it);
- `due_steps`: each pending step, with its deadline, for the person responsible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from congvu.discipline import rules
from congvu.discipline.models import OPEN, UNDER_REVIEW, DisciplineCase
from congvu.org.models import Official, Post

Status = DisciplineCase.Status


def later_violations(case: DisciplineCase) -> list[dt.date]:
    """The days of the person's other violations after this one (each restarts its limitation)."""
    return list(
        DisciplineCase.objects.filter(
            official_id=case.official_id, violation_on__gt=case.violation_on
        )
        .exclude(pk=case.pk)
        .exclude(status=Status.NO_VIOLATION)  # found not to be a violation: restarts nothing
        .order_by("violation_on")
        .values_list("violation_on", flat=True)
    )


def limitation_deadline(case: DisciplineCase) -> dt.date | None:
    """The last day the notice of review may be issued on; None for acts without limitation."""
    if case.no_limitation:
        return None
    return rules.limitation_last_day(case.violation_on, later_violations(case), case.warranted)


def processing_deadline(case: DisciplineCase, on: dt.date) -> dt.date:
    """The last day of the processing time: 90 (150) days after discovery, plus the days excluded
    by the postponements that ended and by the one still running up to `on`."""
    periods: list[tuple[dt.date, dt.date | None]] = []
    if case.paused_since is not None:
        periods.append((case.paused_since, None))
    last = rules.processing_last_day(case.discovered_on, case.complex_case, periods, on)
    return last + dt.timedelta(days=case.excluded_days)


def in_effect_on(case: DisciplineCase, on: dt.date) -> bool:
    return (
        case.status in (Status.IN_EFFECT, Status.LAPSED)
        and case.effective_from is not None
        and case.effective_to is not None
        and case.effective_from <= on <= case.effective_to
    )


def form_in_effect(
    official_id: int, on: dt.date, exclude: int | None = None
) -> DisciplineCase | None:
    """The person's heaviest decision in effect on `on` (another case than `exclude`)."""
    cases = DisciplineCase.objects.filter(
        official_id=official_id,
        status__in=(Status.IN_EFFECT, Status.LAPSED),
        effective_from__lte=on,
        effective_to__gte=on,
    ).exclude(pk=exclude or 0)
    found = list(cases)
    if not found:
        return None
    order = [form.value for form in rules.Form]
    return max(found, key=lambda case: order.index(case.decided_form))


def is_manager(official: Official, on: dt.date) -> bool:
    """Whether the official holds a leading or managing post on `on` (cách chức applies)."""
    return (
        Post.objects.in_force(on)
        .filter(official=official)
        .filter(Q(role__in=(Post.Role.HEAD, Post.Role.LEADER)) | Q(position__is_manager=True))
        .exists()
    )


# --- Effects on the person ------------------------------------------------------------------------


@dataclass(frozen=True)
class Restriction:
    kind: str  # appointment, transfer, training, resignation, promotion
    case: DisciplineCase
    basis: str | Promise


REVIEW_RESTRICTIONS = (
    ("appointment", _("Law 80/2025, Art. 38(2): no appointment, nomination or candidacy")),
    ("transfer", _("Law 80/2025, Art. 38(2): no transfer, rotation or secondment")),
    ("training", _("Law 80/2025, Art. 38(2): not sent to training")),
    ("resignation", _("Law 80/2025, Art. 32(1)(a): resignation not accepted")),
)
EFFECT_RESTRICTIONS = (
    ("appointment", _("Decree 170/2025: no appointment while the decision is in effect")),
    ("promotion", _("Decree 170/2025: no move to a higher job position")),
)


def restrictions(official_id: int, on: dt.date) -> list[Restriction]:
    """What the person may not undergo on `on`: while a case about them is under review (from the
    notice of review to the decision; a postponed review is still a review), and while a decision
    is in effect. The personnel pages and actions ask this before appointing, transferring,
    sending to training or letting resign."""
    found: list[Restriction] = []
    for case in DisciplineCase.objects.filter(official_id=official_id, status__in=UNDER_REVIEW):
        if case.notice_on is not None and case.notice_on <= on:
            found += [Restriction(kind, case, basis) for kind, basis in REVIEW_RESTRICTIONS]
    current = form_in_effect(official_id, on)
    if current is not None:
        found += [Restriction(kind, current, basis) for kind, basis in EFFECT_RESTRICTIONS]
    return found


def may(official_id: int, kind: str, on: dt.date) -> bool:
    """Whether nothing bars `kind` (appointment, transfer, training, resignation, promotion)."""
    return not any(r.kind == kind for r in restrictions(official_id, on))


# --- Ratings --------------------------------------------------------------------------------


# The rating engine's codes of the forms (people.rating.DISCIPLINE_FORMS).
RATING_FORM = {
    rules.Form.REPRIMAND: "khien_trach",
    rules.Form.WARNING: "canh_cao",
    rules.Form.REMOVAL: "cach_chuc",
    rules.Form.DISMISSAL: "buoc_thoi_viec",
    rules.Form.RECALL: "bai_nhiem",
}


@dataclass(frozen=True)
class RatingEffect:
    """A reason the year's rating is KHTNV whatever the points."""

    reason: str  # "discipline" or "suspended"
    case_id: int
    on: dt.date  # the decision's day, or the suspension's first day within the year
    form: str  # the rating engine's code of the form ("" for a suspension)
    related_to_duties: bool


def rating_effects(official_id: int, year: int) -> list[RatingEffect]:
    """What forces the official's rating of `year` to KHTNV (Nghị định 335/2025 Art. 20(4),
    Luật 80/2025 Art. 38(4)):

    - "discipline": a decision of khiển trách or heavier, related to the official's duties,
      decided (signed) in the year; a decision later in the year it takes effect counts in the
      year it was decided (docs/discipline.md);
    - "suspended": suspended from work (tạm đình chỉ công tác) for any day of the year.
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    effects: list[RatingEffect] = []
    decided = DisciplineCase.objects.filter(
        official_id=official_id,
        decided_on__gte=first,
        decided_on__lte=last,
        related_to_duties=True,
    ).exclude(decided_form="")
    for case in decided.order_by("decided_on", "pk"):
        assert case.decided_on is not None
        effects.append(
            RatingEffect(
                "discipline",
                case.pk,
                case.decided_on,
                RATING_FORM[rules.Form(case.decided_form)],
                True,
            )
        )
    suspended = DisciplineCase.objects.filter(
        official_id=official_id, suspended_from__lte=last
    ).filter(Q(suspended_to__isnull=True) | Q(suspended_to__gte=first))
    for case in suspended.order_by("suspended_from", "pk"):
        assert case.suspended_from is not None
        effects.append(
            RatingEffect(
                "suspended", case.pk, max(case.suspended_from, first), "", case.related_to_duties
            )
        )
    return effects


# --- Due steps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueStep:
    case: DisciplineCase
    step: str  # the action's name in ACTION_KIND
    due: dt.date | None
    responsible_id: int

    @property
    def label(self) -> str | Promise:
        return STEP_LABELS.get(self.step, self.step)


STEP_LABELS: dict[str, str | Promise] = {
    "notice": _("Issue the notice of review"),
    "meeting": _("Hold the review meeting"),
    "minutes": _("Send the report and minutes of the review meeting"),
    "form_council": _("Form the discipline council"),
    "ballot": _("Hold the council's meeting and secret ballot"),
    "recommend": _("Send the council's recommendation"),
    "decide": _("Decide the discipline"),
    "resume": _("Resume the postponed review"),
    "lapse": _("Record that the decision lapsed"),
}


def next_steps(case: DisciplineCase, on: dt.date) -> list[DueStep]:
    """The steps the case waits for, with their deadlines and who is responsible."""
    if case.status not in OPEN and case.status != Status.IN_EFFECT:
        return []
    handler = case.handler_id
    if case.status == Status.IN_EFFECT:
        if case.effective_to is not None and on > case.effective_to:
            return [DueStep(case, "lapse", case.effective_to + dt.timedelta(days=1), handler)]
        return []
    if case.paused_since is not None:
        return [DueStep(case, "resume", None, handler)]
    processing = processing_deadline(case, on)
    if case.status == Status.DETECTED:
        limit = limitation_deadline(case)
        due = min(limit, processing) if limit is not None else processing
        return [DueStep(case, "notice", due, handler)]
    if case.status == Status.NOTICED:
        return [DueStep(case, "meeting", processing, handler)]
    if case.status == Status.MEETING_HELD:
        return [DueStep(case, "minutes", case.step_due, handler)]
    if case.status == Status.COUNCIL:
        if case.council_chair_id is None:
            return [DueStep(case, "form_council", processing, handler)]
        return [DueStep(case, "ballot", processing, case.council_chair_id)]
    if case.status == Status.COUNCIL_MET:
        return [DueStep(case, "recommend", case.step_due, case.council_chair_id or handler)]
    due = min(case.step_due, processing) if case.step_due else processing
    return [DueStep(case, "decide", due, handler)]


def due_steps(official: Official, on: dt.date) -> list[DueStep]:
    """Every step waiting for the official, soonest first (the work list and the reminders)."""
    cases = DisciplineCase.objects.filter(
        Q(handler=official) | Q(council_chair=official),
        status__in=(*OPEN, Status.IN_EFFECT),
    ).select_related("official")
    steps = [
        step
        for case in cases
        for step in next_steps(case, on)
        if step.responsible_id == official.pk
    ]
    return sorted(steps, key=lambda s: (s.due or dt.date.max, s.case.pk))
