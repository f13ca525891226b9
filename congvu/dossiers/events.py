"""append_event(): the only code that writes dossier events, and the hash chain that seals them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from congvu.core.chain import seal
from congvu.core.errors import StaleWrite
from congvu.core.rows import insert_row, update_if_version
from congvu.dossiers.models import Dossier, DossierEvent
from congvu.org.models import Official, Unit


def event_hash(event: DossierEvent, dossier_code: str) -> str:
    """SHA-256 over the event's content and the previous event's hash (tamper evidence).

    The dossier is named by its number rather than its id, so that the first event can be sealed
    before the dossier row exists (one INSERT each, no UPDATE after).
    """
    return seal(event, case=("dossier", dossier_code))


def new_event(
    dossier: Dossier,
    activity: str,
    *,
    ts: dt.datetime,
    actor: Official | None,
    unit: Unit | None,
    to_unit: Unit | None = None,
    reason: str = "",
    note: str = "",
    payload: dict[str, Any] | None = None,
) -> DossierEvent:
    """The next event of the dossier's chain, sealed, not yet saved; the dossier's counters are
    advanced in memory (the caller writes them with the dossier)."""
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.event_count + 1,
        ts=ts,
        activity=activity,
        actor=actor,
        unit=unit,
        to_unit=to_unit,
        due=dossier.due,
        reason=reason,
        note=note,
        payload=payload or {},
        prev_hash=dossier.last_event_hash,
    )
    event.hash = event_hash(event, dossier.code)
    dossier.event_count = event.seq
    dossier.last_event_hash = event.hash
    return event


def append_event(
    dossier: Dossier,
    activity: str,
    *,
    fields: Iterable[str] = (),
    ts: dt.datetime,
    actor: Official | None,
    unit: Unit | None,
    to_unit: Unit | None = None,
    reason: str = "",
    note: str = "",
    payload: dict[str, Any] | None = None,
) -> DossierEvent:
    """Write the dossier's changed `fields` and append one event, inside the action's transaction.

    The UPDATE succeeds only if nobody wrote the dossier since it was read (optimistic locking);
    it also takes the row lock that serialises appends to the chain.
    """
    event = new_event(
        dossier,
        activity,
        ts=ts,
        actor=actor,
        unit=unit,
        to_unit=to_unit,
        reason=reason,
        note=note,
        payload=payload,
    )
    if not update_if_version(dossier, (*fields, "event_count", "last_event_hash")):
        raise StaleWrite(
            _("This dossier was changed by someone else a moment ago. Reload it and try again.")
        )
    dossier.version += 1
    insert_row(event)
    return event


@dataclass(frozen=True)
class ChainBreak:
    """The first place where a dossier's log does not match its hashes."""

    dossier_id: int
    seq: int
    problem: str


def verify_chain(dossiers: QuerySet[Dossier] | None = None) -> list[ChainBreak]:
    """Recompute every dossier's hash chain; return the first break of each broken dossier.

    Two streamed queries (dossiers, and all their events in chain order), whatever the log's size.
    """
    dossiers = (dossiers if dossiers is not None else Dossier.objects.all()).order_by("pk")
    events = (
        DossierEvent.objects.filter(dossier__in=dossiers)
        .order_by("dossier_id", "seq")
        .iterator(2000)
    )
    pending = next(events, None)
    breaks: list[ChainBreak] = []
    rows = dossiers.only("pk", "code", "event_count", "last_event_hash").iterator(chunk_size=2000)
    for dossier in rows:
        previous, seq, broken = "", 0, None
        while pending is not None and pending.dossier_id == dossier.pk:
            seq += 1
            if broken is None:
                if pending.seq != seq or pending.prev_hash != previous:
                    broken = ChainBreak(dossier.pk, seq, "missing")
                elif event_hash(pending, dossier.code) != pending.hash:
                    broken = ChainBreak(dossier.pk, seq, "altered")
                previous = pending.hash
            pending = next(events, None)
        if broken is None and (seq != dossier.event_count or previous != dossier.last_event_hash):
            broken = ChainBreak(dossier.pk, seq + 1, "missing")
        if broken is not None:
            breaks.append(broken)
    return breaks
