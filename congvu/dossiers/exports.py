"""Dossiers written in the import template (`imports.DOSSIER_COLUMNS` and the optional columns),
so that an export read back by `imports.import_dossiers` gives the same appointment dates,
pauses and apology letters: the round trip between congvu and another province system.

Three queries whatever the number of dossiers (the dossiers, their pause and end events, their
letters); cells go through the one export helper (`core.exports`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from congvu.core.exports import Sheet
from congvu.dossiers.imports import DOSSIER_COLUMNS, OPTIONAL_COLUMNS, Pause, pauses_text
from congvu.dossiers.models import Activity, ApologyLetter, Dossier, DossierEvent
from congvu.dossiers.rules import status_code

COLUMNS: tuple[str, ...] = (*DOSSIER_COLUMNS, *OPTIONAL_COLUMNS)
CHANNEL_CODES = {"in_person": "1", "online": "2", "post": "3"}
OUTCOME_TEXT = {
    Dossier.Status.RESOLVED: "đã xử lý xong",
    Dossier.Status.RETURNED: "đã xử lý xong",
    Dossier.Status.WITHDRAWN: "rút hồ sơ",
}
PAUSE_STARTS = {Activity.REQUEST_SUPPLEMENT: 5, Activity.REQUEST_FEES: 6}
PAUSE_ENDS = (Activity.RECEIVE_SUPPLEMENT, Activity.RECEIVE_FEES)
ENDS = (Activity.COMPLETE, Activity.REFUSE, Activity.WITHDRAW, Activity.NOT_RECEIVE)
UNIT_SIDE = (*PAUSE_STARTS, *PAUSE_ENDS, Activity.APOLOGISE, *ENDS)
# What only the holder of a dossier does: its official is the one the import acts as.
HOLDER_ONLY = (*PAUSE_STARTS, Activity.APOLOGISE, Activity.COMPLETE, Activity.REFUSE)


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """A naive Vietnam time (what a spreadsheet cell holds; the import reads it back as such)."""
    return None if moment is None else timezone.localtime(moment).replace(tzinfo=None)


def _history(
    events: Sequence[DossierEvent],
) -> tuple[list[Pause], DossierEvent | None, str, bool]:
    """The pauses of one dossier's log, its ending event, the staff code of the official who
    last acted as its holder (else who ended it), and whether it was withdrawn."""
    pauses: list[Pause] = []
    open_pause: tuple[int, dt.datetime] | None = None
    ended: DossierEvent | None = None
    actor = ""
    withdrawn = False
    for event in events:
        if event.activity in PAUSE_STARTS:
            open_pause = (PAUSE_STARTS[Activity(event.activity)], event.ts)
        elif open_pause is not None and (
            event.activity in PAUSE_ENDS
            or (event.activity == Activity.COMPLETE and open_pause[0] == 6)
        ):
            # Resolving a dossier waiting for fees ends the wait (6 → 9): the pause ends then.
            pauses.append(Pause(open_pause[0], open_pause[1], event.ts))
            open_pause = None
        if event.activity in ENDS and ended is None:
            ended = event
            withdrawn = event.activity == Activity.WITHDRAW
        holder_only = event.activity in HOLDER_ONLY
        if event.actor is not None and (holder_only or (event.activity in ENDS and not actor)):
            actor = event.actor.code
    if open_pause is not None:
        pauses.append(Pause(open_pause[0], open_pause[1], None))
    return pauses, ended, actor, withdrawn


def dossier_rows(dossiers: QuerySet[Dossier]) -> Iterator[list[Any]]:
    """One row per dossier in the import template's columns (`COLUMNS`), in the queryset's
    order (give it `select_related("procedure", "centre", "unit")`; it may be sliced)."""
    chosen = list(dossiers)
    ids = [d.pk for d in chosen]
    logs: dict[int, list[DossierEvent]] = defaultdict(list)
    wanted = (*UNIT_SIDE, Activity.DELIVER)
    for event in (
        DossierEvent.objects.filter(dossier_id__in=ids, activity__in=wanted)
        .select_related("actor")
        .order_by("dossier_id", "seq")
    ):
        logs[event.dossier_id].append(event)
    letters = {
        letter.dossier_id: letter
        for letter in ApologyLetter.objects.filter(dossier_id__in=ids).select_related(
            "unit_at_fault"
        )
    }
    for dossier in chosen:
        pauses, ended, actor, withdrawn = _history(logs[dossier.pk])
        letter = letters.get(dossier.pk)
        accepted = dossier.is_counted
        values: dict[str, Any] = {
            "so_ho_so": dossier.code,
            "ma_thu_tuc": dossier.procedure.code,
            "nguoi_nop": dossier.applicant,
            "kenh": CHANNEL_CODES[dossier.channel],
            "ma_trung_tam": dossier.centre.code,
            "tiep_nhan_luc": _local(dossier.received_at),
            "ma_don_vi_xu_ly": dossier.unit.code
            if dossier.unit is not None and dossier.unit_id != dossier.centre_id
            else "",
            "ma_can_bo_xu_ly": actor,
            "ket_thuc_luc": _local(ended.ts) if ended is not None else None,
            "ket_qua": "rút hồ sơ"
            if withdrawn
            else OUTCOME_TEXT.get(Dossier.Status(dossier.status), "")
            or ("từ chối" if dossier.status == Dossier.Status.STOPPED else "đang xử lý"),
            "tra_ket_qua_luc": _local(dossier.delivered_at),
            "trang_thai": str(status_code(dossier.status, dossier.received_on)),
            "nop_luc": _local(dossier.submitted_at),
            "ngay_hen_tra": dossier.due if accepted else None,
            "ngay_hen_tra_dau": dossier.original_due if accepted else None,
            "tam_dung": pauses_text(pauses),
            "xin_loi_so": letter.number if letter else "",
            "xin_loi_luc": _local(letter.issued_at) if letter else None,
            "xin_loi_ngay_hen_moi": letter.new_due if letter else None,
            "xin_loi_ly_do": letter.reason if letter else "",
            "xin_loi_don_vi": letter.unit_at_fault.code if letter else "",
        }
        yield [values[column] for column in COLUMNS]


def dossier_sheet(dossiers: QuerySet[Dossier]) -> Sheet:
    """The dossiers as one sheet of the import template, ready for `core.exports`."""
    return Sheet("ho_so", COLUMNS, dossier_rows(dossiers), freeze_header=True)
