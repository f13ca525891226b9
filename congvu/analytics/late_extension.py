"""Extensions granted after the deadline had passed, or after completion (gia hạn muộn)."""

from __future__ import annotations

from ibis.expr.types import Table

from congvu.analytics.timeline import DAY, annotate, late_changes, work_time
from congvu.analytics.workdays import Calendar


def late_extension(events: Table, *, calendar: Calendar | None = None) -> Table:
    """One row per ``grant_extension`` event made after the deadline in force before it had
    passed (after the end of that day in Vietnam), or after the case was completed (closed and
    not reopened). Such a grant moves the deadline but cures nothing: the case stays judged
    against the lapsed deadline (``overdue``).

    Columns: ``case_id, unit`` (the holder then), ``actor`` (who granted it), ``lapsed_due`` (the
    deadline in force before the grant), ``new_due``, ``after_completion``, ``days_after`` (working
    days of ``calendar`` from the end of the lapsed deadline to the grant; None: calendar days;
    negative when granted after completion but before the deadline), ``ts`` (the grant),
    ``evidence`` (the grant event id).
    """
    changes = late_changes(annotate(events))
    return late_extension_from(changes, calendar=calendar)


def late_extension_from(changes: Table, *, calendar: Calendar | None = None) -> Table:
    """The late grants of :func:`late_extension` from :func:`timeline.late_changes`."""
    grants = changes.filter(changes.activity == "grant_extension")
    timed = work_time(grants, calendar, grant_w="t", lapsed_w="before_due_end")
    return timed.select(
        "case_id",
        unit=timed.holder,
        actor=timed.actor,
        lapsed_due=timed.before_due,
        new_due=timed.due,
        after_completion=timed.after_close,
        days_after=(timed.grant_w - timed.lapsed_w) / DAY,
        ts=timed.ts,
        evidence=timed.event_id,
    )
