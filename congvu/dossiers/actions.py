"""The dossier actions: the only writers of dossiers, apology letters and dossier events.

Each action checks permission, then state, then writes the dossier and appends exactly one event,
in one transaction (one UPDATE of the dossier, one INSERT of the event). Pages, imports and the demo
call these functions; `ts` lets the demo and imports replay history at its real time.

The lifecycle follows the one-stop mechanism (Decree 118/2025/NĐ-CP) and the status codes of the
national portal (shared/domain/vietnam-rules.md §7.4): submitted online (1) -> accepted (2) or not
(3); received at a public service centre (2) -> sent to the processing unit(s) (4) -> processed
step by step, units handing it over -> supplements requested from the applicant (5) or fees and
taxes awaited (6), the clock stopped until they arrive -> refused with reasons (8), or result
ready (9) -> result returned to the applicant (10). The applicant may ask to withdraw (7) while
the dossier is received, processed or waiting; processing then stops (8).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congvu.core.calendar import add_working_days, is_working_day, working_days_between
from congvu.core.errors import ActionError
from congvu.core.eventlog import next_event, record_event
from congvu.dossiers.access import can, may_receive_at, require
from congvu.dossiers.clock import receipt_day
from congvu.dossiers.models import (
    Activity,
    ApologyLetter,
    Dossier,
    DossierEvent,
    DossierMonthStat,
    DossierUnit,
    Procedure,
    ReturnReason,
)
from congvu.dossiers.rules import rule
from congvu.org.access import scope_of
from congvu.org.models import Official, Unit
from congvu.org.text import fold

Status = Dossier.Status

# Which actions each status allows (the state machine; terminal states allow none).
# Recommended transitions of the portal (§7.4): 1→2|3; 2→4; 4→5→4; 4→6→4|9; 4→9→10;
# 2|4|5|6→7→8; 4→8. A centre may also resolve or refuse a dossier it never sent anywhere.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: ("accept", "not_receive"),
    Status.RECEIVED: (
        "transfer",
        "request_supplement",
        "request_fees",
        "apologise",
        "withdraw",
        "refuse",
        "complete",
    ),
    Status.PROCESSING: (
        "transfer",
        "progress",
        "return",
        "request_supplement",
        "request_fees",
        "apologise",
        "withdraw",
        "refuse",
        "complete",
    ),
    Status.SUPPLEMENT: ("receive_supplement", "withdraw", "refuse"),
    Status.FEES: ("receive_fees", "withdraw", "complete"),
    Status.WITHDRAWN: ("stop",),
    Status.RESOLVED: ("deliver",),
    Status.NOT_RECEIVED: (),
    Status.STOPPED: (),
    Status.RETURNED: (),
}


def actions_for_status(dossier: Dossier) -> tuple[str, ...]:
    """The actions the dossier's status allows, whoever asks."""
    allowed = TRANSITIONS[dossier.status]
    if dossier.promised_on is not None:
        allowed = tuple(a for a in allowed if a != "apologise")
    return allowed


def allowed_actions(official: Official, dossier: Dossier) -> set[str]:
    """The actions the official may take on the dossier in its present state (for its page)."""
    return {
        action
        for action in actions_for_status(dossier)
        if can(official, action, dossier)  # type: ignore[arg-type]  # names come from the map
    }


def _require_action(dossier: Dossier, action: str) -> None:
    if action not in TRANSITIONS[dossier.status]:
        raise ActionError(
            _("This cannot be done to a dossier that is “%(status)s”.")
            % {"status": dossier.get_status_display()},
            code="illegal_state",
        )


def _now(ts: dt.datetime | None) -> dt.datetime:
    return ts or timezone.now()


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def appointment(procedure: Procedure, received_at: dt.datetime) -> tuple[dt.date, dt.date]:
    """The receipt day and the appointment date (ngày hẹn trả) of a dossier for `procedure`
    received at `received_at`: what `receive_dossier` records, and what the reception page shows
    before anything is written."""
    start = receipt_day(received_at)
    return start, add_working_days(start, procedure.processing_days)


def _acting_for(by: Official, *candidates: Unit | None) -> Unit | None:
    """The first of `candidates` the official acts for (recorded as the event's `unit`)."""
    acting = scope_of(by).acting_units
    for unit in candidates:
        if unit is not None and unit.pk in acting:
            return unit
    return candidates[0] if candidates else None


def _source_due(computed: dt.date, due: dt.date | None) -> tuple[dt.date, dict[str, str]]:
    """The appointment date to record and what the event says about it: the source's date when an
    import gives one (kept as given, congvu's own computation written beside it), else congvu's."""
    if due is None:
        return computed, {}
    return due, {"due_from_source": due.isoformat(), "computed_due": computed.isoformat()}


@transaction.atomic
def receive_dossier(
    *,
    by: Official,
    centre: Unit,
    procedure: Procedure,
    applicant: str,
    channel: str,
    code: str = "",
    note: str = "",
    ts: dt.datetime | None = None,
    due: dt.date | None = None,
) -> Dossier:
    """Receive a complete dossier at a public service centre (tiếp nhận hồ sơ) and set its
    appointment date from the procedure's legal processing time and the working-day calendar.

    `due` is the appointment date a source system gave the applicant (NgayHenTra; imports): it is
    kept as given, never recomputed, and congvu's own date is recorded beside it in the event."""
    return _new_dossier(
        by=by,
        centre=centre,
        procedure=procedure,
        applicant=applicant,
        channel=channel,
        code=code,
        note=note,
        now=_now(ts),
        due=due,
        submitted=False,
    )


@transaction.atomic
def submit_dossier(
    *,
    by: Official,
    centre: Unit,
    procedure: Procedure,
    applicant: str,
    code: str = "",
    note: str = "",
    ts: dt.datetime | None = None,
) -> Dossier:
    """Record a dossier submitted online and not yet accepted (status 1, Mới đăng ký), as the
    centre's staff take it from the portal. Its clock has not started: its receipt columns are
    provisional until `accept_dossier`, and it counts in no figure until then."""
    return _new_dossier(
        by=by,
        centre=centre,
        procedure=procedure,
        applicant=applicant,
        channel=Dossier.Channel.ONLINE,
        code=code,
        note=note,
        now=_now(ts),
        due=None,
        submitted=True,
    )


def _new_dossier(
    *,
    by: Official,
    centre: Unit,
    procedure: Procedure,
    applicant: str,
    channel: str,
    code: str,
    note: str,
    now: dt.datetime,
    due: dt.date | None,
    submitted: bool,
) -> Dossier:
    if not may_receive_at(by, centre):
        raise PermissionDenied
    applicant = applicant.strip()
    if not applicant:
        raise ActionError(_("Name the applicant."), code="invalid")
    if channel not in Dossier.Channel.values:
        raise ActionError(_("Choose how the dossier was submitted."), code="invalid")
    start, computed = appointment(procedure, now)
    due, source = _source_due(computed, due)
    if not code:
        # Numbered by the receipt day, the day counted (after the cut-off: the next one); the
        # count of numbers already given that day, skipping one taken (an accepted submission
        # keeps the number of its submission day).
        prefix = f"{centre.code}-{start:%y%m%d}-"
        sequence = Dossier.objects.filter(code__startswith=prefix).count() + 1
        while Dossier.objects.filter(code=f"{prefix}{sequence:04d}").exists():
            sequence += 1
        code = f"{prefix}{sequence:04d}"
    if Dossier.objects.filter(code=code).exists():
        raise ActionError(
            _("A dossier numbered %(code)s already exists.") % {"code": code}, code="invalid"
        )
    dossier = Dossier(
        code=code,
        procedure=procedure,
        applicant=applicant,
        applicant_folded=fold(applicant),
        channel=channel,
        centre=centre,
        holder=centre,
        status=Status.SUBMITTED if submitted else Status.RECEIVED,
        submitted_at=now if submitted else None,
        # A submission's clock has not started: stopped from the start, like a wait for the
        # applicant, so that no "open past its date" count (and no index) ever takes it.
        paused_on=start if submitted else None,
        received_at=now,
        received_on=start,
        received_month=_month(start),
        due=due,
        original_due=due,
    )
    # The first event is sealed before the dossier row exists (its hash names the dossier number),
    # so that receiving costs two INSERTs and no UPDATE.
    event = next_event(
        dossier,
        Activity.SUBMIT if submitted else Activity.RECEIVE,
        ts=now,
        actor=by,
        unit=centre,
        note=note,
        payload={"procedure": procedure.code, "channel": channel, **source},
    )
    dossier.save(force_insert=True)
    event.save(force_insert=True)
    return dossier


@transaction.atomic
def accept_dossier(
    dossier: Dossier,
    *,
    by: Official,
    note: str = "",
    ts: dt.datetime | None = None,
    due: dt.date | None = None,
) -> Dossier:
    """Accept an online submission (1 → 2, tiếp nhận hồ sơ trực tuyến): the clock starts now,
    from the receipt day the cut-off gives, and the appointment date is set (`due`: the source's,
    kept as given, for imports)."""
    require(by, "accept", dossier)
    _require_action(dossier, "accept")
    now = _now(ts)
    start, computed = appointment(dossier.procedure, now)
    due, source = _source_due(computed, due)
    dossier.status = Status.RECEIVED
    dossier.received_at = now
    dossier.received_on = start
    dossier.received_month = _month(start)
    dossier.original_due = dossier.due = due
    dossier.paused_on = None
    record_event(
        dossier,
        Activity.ACCEPT,
        changed=[
            "status",
            "received_at",
            "received_on",
            "received_month",
            "original_due",
            "due",
            "paused_on",
        ],
        ts=now,
        actor=by,
        unit=dossier.centre,
        note=note,
        payload=source,
    )
    return dossier


@transaction.atomic
def not_receive_dossier(
    dossier: Dossier, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Dossier:
    """Refuse to accept an online submission (1 → 3, Không được tiếp nhận), with the reasons for
    the applicant. Its clock never started; it counts in no figure."""
    require(by, "not_receive", dossier)
    _require_action(dossier, "not_receive")
    if not note.strip():
        raise ActionError(_("Explain the refusal to the applicant."), code="invalid")
    dossier.status = Status.NOT_RECEIVED
    record_event(
        dossier,
        Activity.NOT_RECEIVE,
        changed=["status"],
        ts=_now(ts),
        actor=by,
        unit=dossier.centre,
        note=note,
    )
    return dossier


@transaction.atomic
def transfer_dossier(
    dossier: Dossier, *, to_unit: Unit, by: Official, note: str = "", ts: dt.datetime | None = None
) -> Dossier:
    """Send the dossier to a unit for processing (chuyển xử lý): from the centre to the processing
    unit, or from one unit to the next in an inter-unit procedure (một cửa liên thông)."""
    require(by, "transfer", dossier)
    _require_action(dossier, "transfer")
    if to_unit.pk == dossier.holder_id:
        raise ActionError(
            _("The dossier is already with %(unit)s.") % {"unit": to_unit}, code="invalid"
        )
    # Not to a unit merged away or abolished by the day of the transfer. Its start is not checked:
    # the demo and imports replay dossiers from before the units' recorded `valid_from`.
    day = timezone.localtime(_now(ts)).date()
    if to_unit.valid_to is not None and to_unit.valid_to < day:
        raise ActionError(_("%(unit)s no longer exists.") % {"unit": to_unit}, code="invalid")
    if to_unit.kind == Unit.Kind.CENTRE:
        # Centres see dossiers through `Dossier.centre`; one goes back to its centre by `return`.
        raise ActionError(
            _("A dossier is sent to a processing unit, not to a centre."), code="invalid"
        )
    from_unit = dossier.holder
    dossier.holder = to_unit
    dossier.status = Status.PROCESSING
    dossier.unit = to_unit
    record_event(
        dossier,
        Activity.TRANSFER,
        changed=["holder", "status", "unit"],
        ts=_now(ts),
        actor=by,
        unit=from_unit,
        to_unit=to_unit,
        note=note,
    )
    DossierUnit.objects.bulk_create(
        [DossierUnit(dossier=dossier, unit=to_unit)], ignore_conflicts=True
    )
    return dossier


@transaction.atomic
def record_step(
    dossier: Dossier, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Dossier:
    """Record a processing step inside the holding unit (thẩm định, trình ký...)."""
    require(by, "progress", dossier)
    _require_action(dossier, "progress")
    if not note.strip():
        raise ActionError(_("Say what was done."), code="invalid")
    record_event(dossier, Activity.PROGRESS, ts=_now(ts), actor=by, unit=dossier.holder, note=note)
    return dossier


def _sender(dossier: Dossier) -> Unit:
    """The unit that sent the dossier to its holder (the centre if none did)."""
    # Read the dossier's own short log through its (dossier, seq) index and search it here: a
    # filter on to_unit would let SQLite walk that unit's whole history instead.
    steps = DossierEvent.objects.filter(dossier=dossier).order_by("-seq")
    for activity, unit_id, to_unit_id in steps.values_list("activity", "unit_id", "to_unit_id"):
        if activity == Activity.TRANSFER and to_unit_id == dossier.holder_id and unit_id:
            return Unit.objects.get(pk=unit_id)
    return dossier.centre


@transaction.atomic
def return_dossier(
    dossier: Dossier,
    *,
    by: Official,
    reason: str,
    note: str,
    ts: dt.datetime | None = None,
) -> Dossier:
    """Hand the dossier back to the unit that sent it (trả lại), with the reason why."""
    require(by, "return", dossier)
    _require_action(dossier, "return")
    if dossier.holder_id == dossier.centre_id:
        raise ActionError(_("The centre cannot return a dossier to itself."), code="invalid")
    if reason not in ReturnReason.values:
        raise ActionError(_("Choose a reason."), code="invalid")
    if not note.strip():
        raise ActionError(_("Explain why the dossier is returned."), code="invalid")
    from_unit = dossier.holder
    back_to = _sender(dossier)
    dossier.holder = back_to
    record_event(
        dossier,
        Activity.RETURN,
        changed=["holder"],
        ts=_now(ts),
        actor=by,
        unit=from_unit,
        to_unit=back_to,
        reason=reason,
        note=note,
    )
    return dossier


@transaction.atomic
def request_supplement(
    dossier: Dossier, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Dossier:
    """Ask the applicant to supplement the dossier (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ),
    stating what is missing; the processing clock stops until the supplement arrives."""
    require(by, "request_supplement", dossier)
    _require_action(dossier, "request_supplement")
    if not note.strip():
        raise ActionError(_("Say what the applicant must supplement."), code="invalid")
    now = _now(ts)
    dossier.status = Status.SUPPLEMENT
    dossier.paused_on = timezone.localtime(now).date()
    dossier.supplement_count += 1
    changed = ["status", "paused_on", "supplement_count"]
    if dossier.supplement_count == 2:
        # Decision 766 counts the dossier late from this request on, whatever follows.
        dossier.second_request_on = dossier.paused_on
        changed.append("second_request_on")
    record_event(
        dossier,
        Activity.REQUEST_SUPPLEMENT,
        changed=changed,
        ts=now,
        actor=by,
        unit=dossier.holder,
        note=note,
        payload={"request": dossier.supplement_count},
    )
    return dossier


def _resume(dossier: Dossier, now: dt.datetime, due: dt.date | None) -> dict[str, object]:
    """End a pause (supplement or fees): the appointment date moves later by the working days
    waited (Decision 766 subtracts them), or is the source's date when an import gives one."""
    assert dossier.paused_on is not None  # the SUPPLEMENT and FEES statuses set it
    waited = max(0, working_days_between(dossier.paused_on, timezone.localtime(now).date()))
    computed = add_working_days(dossier.due, waited)
    dossier.paused_days += waited
    dossier.due, source = _source_due(computed, due)
    if dossier.due < dossier.original_due:
        raise ActionError(
            _("The appointment date cannot move before the first one (%(due)s).")
            % {"due": dossier.original_due.strftime("%d/%m/%Y")},
            code="invalid",
        )
    dossier.paused_on = None
    return {"waited_working_days": waited, **source}


@transaction.atomic
def receive_supplement(
    dossier: Dossier,
    *,
    by: Official,
    note: str = "",
    ts: dt.datetime | None = None,
    due: dt.date | None = None,
) -> Dossier:
    """Receive the applicant's supplement: the clock restarts, and the appointment date moves
    later by the working days the dossier waited (Decision 766's on-time rule subtracts them;
    `due`: the source's new date, kept as given, for imports)."""
    require(by, "receive_supplement", dossier)
    _require_action(dossier, "receive_supplement")
    now = _now(ts)
    payload = _resume(dossier, now, due)
    dossier.status = Status.PROCESSING
    record_event(
        dossier,
        Activity.RECEIVE_SUPPLEMENT,
        changed=["status", "paused_days", "due", "paused_on"],
        ts=now,
        actor=by,
        unit=_acting_for(by, dossier.holder, dossier.centre),
        note=note,
        payload=payload,
    )
    return dossier


@transaction.atomic
def request_fees(
    dossier: Dossier, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Dossier:
    """Ask the applicant to pay the fees or taxes the result depends on (status 6, Yêu cầu thực
    hiện nghĩa vụ tài chính); the processing clock stops until they are paid."""
    require(by, "request_fees", dossier)
    _require_action(dossier, "request_fees")
    if not note.strip():
        raise ActionError(_("Say what the applicant must pay."), code="invalid")
    now = _now(ts)
    dossier.status = Status.FEES
    dossier.paused_on = timezone.localtime(now).date()
    record_event(
        dossier,
        Activity.REQUEST_FEES,
        changed=["status", "paused_on"],
        ts=now,
        actor=by,
        unit=dossier.holder,
        note=note,
    )
    return dossier


@transaction.atomic
def receive_fees(
    dossier: Dossier,
    *,
    by: Official,
    note: str = "",
    ts: dt.datetime | None = None,
    due: dt.date | None = None,
) -> Dossier:
    """The fees or taxes are paid (6 → 4): the clock restarts and the appointment date moves later
    by the working days waited, as after a supplement."""
    require(by, "receive_fees", dossier)
    _require_action(dossier, "receive_fees")
    now = _now(ts)
    payload = _resume(dossier, now, due)
    dossier.status = Status.PROCESSING
    record_event(
        dossier,
        Activity.RECEIVE_FEES,
        changed=["status", "paused_days", "due", "paused_on"],
        ts=now,
        actor=by,
        unit=_acting_for(by, dossier.holder, dossier.centre),
        note=note,
        payload=payload,
    )
    return dossier


@transaction.atomic
def issue_apology(
    dossier: Dossier,
    *,
    by: Official,
    unit_at_fault: Unit,
    reason: str,
    new_due: dt.date,
    ts: dt.datetime | None = None,
    number: str = "",
    from_source: bool = False,
) -> ApologyLetter:
    """Issue the apology letter with a new appointment date (phiếu xin lỗi và hẹn lại ngày trả kết
    quả), at the latest one working day before the appointment date; the date moves only once
    (rule `apology`: Decree 118/2025/NĐ-CP, before it Decree 61/2018 Art. 19), so a second letter
    for the same dossier is refused.

    `from_source` (imports): the letter is a fact of the source system, kept as it was issued; a
    letter issued later than the rule allows, or naming a day off, is recorded as such in the
    event (`irregular`) instead of being refused. A second letter is refused all the same."""
    require(by, "apologise", dossier)
    if ApologyLetter.objects.filter(dossier=dossier).exists() or dossier.promised_on is not None:
        raise ActionError(
            _(
                "Dossier %(code)s already has an apology letter: the return date may be moved "
                "only once (Decree 118/2025/NĐ-CP), so a second apology letter cannot be issued."
            )
            % {"code": dossier.code},
            code="second_apology",
        )
    _require_action(dossier, "apologise")
    now = _now(ts)
    today = timezone.localtime(now).date()
    params = rule("apology", today).value
    irregular: list[str] = []
    if working_days_between(today, dossier.due) < params["min_working_days_before_due"]:
        irregular.append("issued_late")
    if not is_working_day(new_due):
        irregular.append("not_a_working_day")
    if "issued_late" in irregular and not from_source:
        raise ActionError(
            _(
                "The apology letter must be issued at least one working day before the "
                "appointment date (%(due)s)."
            )
            % {"due": dossier.due.strftime("%d/%m/%Y")},
            code="too_late",
        )
    if new_due <= dossier.due:
        raise ActionError(
            _("The new date must be after the appointment date (%(due)s).")
            % {"due": dossier.due.strftime("%d/%m/%Y")},
            code="invalid",
        )
    if "not_a_working_day" in irregular and not from_source:
        raise ActionError(_("The new date must be a working day."), code="invalid")
    if not reason.strip():
        raise ActionError(_("Give the reason for the delay."), code="invalid")
    number = number.strip() or f"XL-{dossier.code}"
    if ApologyLetter.objects.filter(number=number).exists():
        raise ActionError(
            _("An apology letter numbered %(number)s already exists.") % {"number": number},
            code="invalid",
        )
    letter = ApologyLetter.objects.create(
        dossier=dossier,
        number=number,
        unit_at_fault=unit_at_fault,
        reason=reason.strip(),
        old_due=dossier.due,
        new_due=new_due,
        issued_at=now,
        issued_on=today,
        issued_by=by,
    )
    dossier.promised_on = new_due
    record_event(
        dossier,
        Activity.APOLOGISE,
        changed=["promised_on"],
        ts=now,
        actor=by,
        unit=dossier.holder,
        to_unit=unit_at_fault,
        note=reason.strip(),
        payload={
            "letter": letter.number,
            "new_due": new_due.isoformat(),
            **({"irregular": irregular} if irregular else {}),
        },
    )
    return letter


def _finish(dossier: Dossier, now: dt.datetime) -> list[str]:
    """Fill the end-of-processing columns (Decision 766 indicator 2.1): the end is now, or the day
    the clock stopped when the dossier ends while waiting for the applicant (a refusal or a
    withdrawal during a supplement request or a wait for fees: the applicant's time is not the
    unit's). `complete_dossier` ends a wait for fees first (they were paid)."""
    finished_on = timezone.localtime(now).date()
    end = dossier.paused_on or finished_on
    dossier.finished_at = now
    dossier.finished_on = end
    dossier.finished_month = _month(end)
    dossier.elapsed_days = max(0, working_days_between(dossier.received_on, end))
    dossier.elapsed_days = max(0, dossier.elapsed_days - dossier.paused_days)
    if end < dossier.due:
        dossier.timeliness = Dossier.Timeliness.EARLY
    elif end == dossier.due:
        dossier.timeliness = Dossier.Timeliness.ON_TIME
    else:
        dossier.timeliness = Dossier.Timeliness.LATE
    limit = rule("on_time_766", end).value["max_supplement_requests"]
    dossier.late_766 = (
        dossier.timeliness == Dossier.Timeliness.LATE or dossier.supplement_count > limit
    )
    dossier.paused_on = None
    if dossier.unit_id is None:
        dossier.unit = dossier.centre  # the centre resolved it without sending it anywhere
    _count_ended(dossier)
    return [
        "unit",
        "finished_at",
        "finished_on",
        "finished_month",
        "elapsed_days",
        "timeliness",
        "late_766",
        "paused_on",
    ]


def _count_ended(dossier: Dossier) -> None:
    """Add the dossier to the monthly rollup the dashboard reads: one upsert (SQLite ≥ 3.24 and
    PostgreSQL share the syntax), safe under concurrent actions. Raw SQL because it runs for every
    ended dossier and the ORM needs two statements for it."""
    assert dossier.finished_month is not None
    table = connection.ops.quote_name(DossierMonthStat._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (month, procedure_id, unit_id, centre_id, ended, late) "
            "VALUES (%s, %s, %s, %s, 1, %s) "
            "ON CONFLICT (month, procedure_id, unit_id, centre_id) "
            f"DO UPDATE SET ended = {table}.ended + 1, late = {table}.late + excluded.late",
            [
                connection.ops.adapt_datefield_value(dossier.finished_month),
                dossier.procedure_id,
                dossier.unit_id,
                dossier.centre_id,
                1 if dossier.late_766 else 0,
            ],
        )


@transaction.atomic
def refuse_dossier(
    dossier: Dossier, *, by: Official, reason: str, note: str, ts: dt.datetime | None = None
) -> Dossier:
    """Refuse to resolve the dossier (phiếu từ chối giải quyết hồ sơ), with the reasons; this ends
    its processing (status code 8, Dừng xử lý)."""
    require(by, "refuse", dossier)
    _require_action(dossier, "refuse")
    if reason not in ReturnReason.values:
        raise ActionError(_("Choose a reason."), code="invalid")
    if not note.strip():
        raise ActionError(_("Explain the refusal to the applicant."), code="invalid")
    now = _now(ts)
    fields = _finish(dossier, now)
    dossier.status = Status.STOPPED
    record_event(
        dossier,
        Activity.REFUSE,
        changed=[*fields, "status"],
        ts=now,
        actor=by,
        unit=dossier.holder,
        reason=reason,
        note=note,
    )
    return dossier


@transaction.atomic
def complete_dossier(
    dossier: Dossier,
    *,
    by: Official,
    note: str = "",
    ts: dt.datetime | None = None,
    due: dt.date | None = None,
) -> Dossier:
    """The result is ready (đã xử lý xong): processing ends and the result goes to the centre.
    From a wait for fees (6 → 9) the wait ends first, moving the date as `receive_fees` does."""
    require(by, "complete", dossier)
    _require_action(dossier, "complete")
    now = _now(ts)
    paid: list[str] = []
    payload: dict[str, object] = {}
    if dossier.status == Status.FEES:
        # 6 → 9: the fees were paid and the result issued together; the wait is not the unit's.
        payload = _resume(dossier, now, due)
        paid = ["paused_days", "due"]
    fields = [*paid, *_finish(dossier, now)]
    from_unit = dossier.holder
    dossier.status = Status.RESOLVED
    dossier.holder = dossier.centre
    record_event(
        dossier,
        Activity.COMPLETE,
        changed=[*fields, "status", "holder"],
        ts=now,
        actor=by,
        unit=from_unit,
        to_unit=dossier.centre,
        note=note,
        payload={
            **payload,
            "timeliness": dossier.timeliness,
            "elapsed_days": dossier.elapsed_days,
        },
    )
    return dossier


@transaction.atomic
def deliver_result(
    dossier: Dossier, *, by: Official, note: str = "", ts: dt.datetime | None = None
) -> Dossier:
    """Return the result to the applicant (trả kết quả) at the centre or by post."""
    require(by, "deliver", dossier)
    _require_action(dossier, "deliver")
    now = _now(ts)
    dossier.status = Status.RETURNED
    dossier.delivered_at = now
    record_event(
        dossier,
        Activity.DELIVER,
        changed=["status", "delivered_at"],
        ts=now,
        actor=by,
        unit=dossier.centre,
        note=note,
    )
    return dossier


@transaction.atomic
def withdraw_dossier(
    dossier: Dossier, *, by: Official, note: str, ts: dt.datetime | None = None
) -> Dossier:
    """Record the applicant's request to withdraw the dossier (status 7, Công dân yêu cầu rút hồ
    sơ). Decision 766 counts a withdrawal as an end of processing: the dossier ends now, or on the
    day its clock stopped if it was waiting for the applicant; `stop_dossier` then closes it."""
    require(by, "withdraw", dossier)
    _require_action(dossier, "withdraw")
    if not note.strip():
        raise ActionError(_("Say how the applicant asked to withdraw."), code="invalid")
    now = _now(ts)
    fields = _finish(dossier, now)
    dossier.status = Status.WITHDRAWN
    record_event(
        dossier,
        Activity.WITHDRAW,
        changed=[*fields, "status"],
        ts=now,
        actor=by,
        unit=_acting_for(by, dossier.holder, dossier.centre),
        note=note,
    )
    return dossier


@transaction.atomic
def stop_dossier(
    dossier: Dossier, *, by: Official, note: str = "", ts: dt.datetime | None = None
) -> Dossier:
    """Stop processing a withdrawn dossier (7 → 8, Dừng xử lý); its end was recorded at the
    withdrawal, so the figures do not change."""
    require(by, "stop", dossier)
    _require_action(dossier, "stop")
    dossier.status = Status.STOPPED
    record_event(
        dossier,
        Activity.STOP,
        changed=["status"],
        ts=_now(ts),
        actor=by,
        unit=_acting_for(by, dossier.holder, dossier.centre),
        note=note,
    )
    return dossier
