"""The start of a dossier's clock: the province's receipt cut-off time (giờ chốt tiếp nhận).

A dossier received on a working day at or after the cut-off, or on a day off, counts as received
on the next working day; its processing time counts from the day after that (rule `clock_start`).
The cut-off is a province setting (`ReceiptCutoff`, versioned by the day it takes effect); without
one, the rule's default applies (15:00 from 1/7/2025). Working days come from the one calendar,
`congvu.core.calendar` (its public functions only).
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_right

from django.db import transaction
from django.utils import timezone

from congvu.core.calendar import add_working_days, is_working_day
from congvu.dossiers.models import ReceiptCutoff
from congvu.dossiers.rules import default_receipt_cutoff

# The province's settings, read once per process: the table has a row per decision, and the demo
# asks for the cut-off once per dossier. `set_receipt_cutoff` (and the admin) forget it.
_settings: list[tuple[dt.date, dt.time]] | None = None
_lock = threading.Lock()


def forget_cutoffs() -> None:
    """Drop the cached settings (after a ReceiptCutoff changed, or in tests)."""
    global _settings
    with _lock:
        _settings = None


def _loaded() -> list[tuple[dt.date, dt.time]]:
    global _settings
    with _lock:
        if _settings is None:
            _settings = list(
                ReceiptCutoff.objects.order_by("valid_from").values_list("valid_from", "cutoff")
            )
        return _settings


def receipt_cutoff(on: dt.date) -> dt.time:
    """The cut-off time in force on `on`: the province's latest setting from before or on that
    day, else the default of rule `clock_start`."""
    settings = _loaded()
    index = bisect_right([day for day, _time in settings], on)
    return settings[index - 1][1] if index else default_receipt_cutoff(on)


@transaction.atomic
def set_receipt_cutoff(*, valid_from: dt.date, cutoff: dt.time, basis: str = "") -> ReceiptCutoff:
    """Set the province's cut-off from `valid_from` on (appointment dates already given stay)."""
    setting, _created = ReceiptCutoff.objects.update_or_create(
        valid_from=valid_from, defaults={"cutoff": cutoff, "basis": basis}
    )
    transaction.on_commit(forget_cutoffs)
    forget_cutoffs()
    return setting


def receipt_day(received_at: dt.datetime) -> dt.date:
    """The day a dossier counts as received: the local day of receipt, or the next working day
    when it arrived on a day off or at or after the cut-off. Its processing time counts in working
    days from the day after this one (`add_working_days(receipt_day, n)`)."""
    local = timezone.localtime(received_at)
    day = local.date()
    if not is_working_day(day) or local.time() >= receipt_cutoff(day):
        return add_working_days(day, 1)
    return day
