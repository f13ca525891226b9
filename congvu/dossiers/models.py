"""Procedures (thủ tục hành chính), citizens' dossiers (hồ sơ), their append-only event log,
apology letters, and the demo's ground truth (the province's own working days are
`core.ExtraDay`)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.org.models import Field, Official, Unit


class Procedure(models.Model):
    """An administrative procedure of the catalogue (thủ tục hành chính), with its legal processing
    time in working days as published in the announcing decision (`legal_basis`)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province level")
        COMMUNE = "commune", _("Commune level")
        OTHER = "other", _("Other level")

    class Online(models.TextChoices):
        NONE = "none", _("Not online")
        PARTIAL = "partial", _("Partly online")
        FULL = "full", _("Fully online")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=500)
    name_folded = models.CharField(max_length=500, editable=False)
    field = models.ForeignKey(Field, models.PROTECT, verbose_name=_("field"))
    level = models.CharField(pgettext_lazy("procedure", "level"), max_length=10, choices=Level)
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    units = models.ManyToManyField(
        Unit, related_name="procedures", verbose_name=_("responsible units")
    )
    fee_vnd = models.BigIntegerField(_("fee (đồng)"), default=0)
    online = models.CharField(
        _("online service"), max_length=10, choices=Online, default=Online.NONE
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(fee_vnd__gte=0), name="procedure_fee_vnd")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Dossier(CaseHead):
    """A citizen's or business's dossier (hồ sơ) for one procedure, received at a public service
    centre and processed by one or more units (cơ chế một cửa, một cửa liên thông).

    `due` is the appointment date in force (ngày hẹn trả): the legal time counted from the receipt
    day, moved later by the working days the dossier waited for the citizen's supplements; an
    apology letter sets `promised_on` but never moves `due`, so a late dossier stays late.
    `holder` is where the dossier is now; `unit` is the processing unit answerable for it (the last
    non-centre unit it was sent to, or the centre when it resolved the dossier itself). `version`
    makes two concurrent actions fail instead of overwriting each other. Finishing fills
    `finished_*`, `elapsed_days` and the on-time columns once, so that reports are column
    comparisons and GROUP BYs.
    """

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        POST = "post", _("By post")

    class Status(models.TextChoices):
        # The codes of the national public-service portal are in rules.json (status_codes):
        # submitted 1, received 2, not_received 3, processing 4, supplement 5, fees 6,
        # withdrawn 7, stopped 8, resolved 9, returned 10.
        SUBMITTED = "submitted", _("Submitted online, not yet accepted")
        RECEIVED = "received", _("Received")
        NOT_RECEIVED = "not_received", _("Not accepted")
        PROCESSING = "processing", _("Being processed")
        SUPPLEMENT = "supplement", _("Supplement requested")
        FEES = "fees", _("Waiting for fees or taxes")
        WITHDRAWN = "withdrawn", _("Withdrawal requested by the applicant")
        STOPPED = "stopped", pgettext_lazy("dossier", "Refused")
        RESOLVED = "resolved", _("Result ready")
        RETURNED = "returned", _("Result returned")

    class Timeliness(models.TextChoices):
        EARLY = "early", _("Early")
        ON_TIME = "on_time", _("On time")
        LATE = "late", _("Late")

    code = models.CharField(_("dossier number"), max_length=40, unique=True)
    procedure = models.ForeignKey(
        Procedure, models.PROTECT, related_name="dossiers", verbose_name=_("procedure")
    )
    applicant = models.CharField(_("applicant"), max_length=200)
    applicant_folded = models.CharField(max_length=200, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    centre = models.ForeignKey(
        Unit, models.PROTECT, related_name="received_dossiers", verbose_name=_("receiving centre")
    )
    holder = models.ForeignKey(
        Unit, models.PROTECT, related_name="held_dossiers", verbose_name=_("held by")
    )
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="processed_dossiers",
        verbose_name=_("processing unit"),
    )
    units: models.ManyToManyField[Unit, DossierUnit] = models.ManyToManyField(
        Unit,
        through="DossierUnit",
        related_name="dossiers_handled",
        verbose_name=_("units that processed it"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.RECEIVED)
    # An online submission not yet accepted (status 1) or refused at the counter (status 3) has
    # `submitted_at`; its receipt columns are provisional, its clock stopped (`paused_on`, the
    # provisional receipt day) and it is counted nowhere (queries.COUNTED).
    submitted_at = models.DateTimeField(_("submitted online at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("receipt day"))
    received_month = models.DateField(editable=False)
    due = models.DateField(_("appointment date"))
    original_due = models.DateField(_("first appointment date"))
    promised_on = models.DateField(_("new date in the apology letter"), null=True, blank=True)
    paused_on = models.DateField(_("waiting for the applicant since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        _("working days waiting for the applicant"), default=0
    )
    supplement_count = models.PositiveSmallIntegerField(_("supplement requests"), default=0)
    # The day of the second supplement request: from then on the dossier is late under Decision
    # 766, open or not (a column, so that "late as of D" is a comparison, not a log scan).
    second_request_on = models.DateField(_("second supplement request on"), null=True, blank=True)
    finished_at = models.DateTimeField(_("processing ended at"), null=True, blank=True)
    finished_on = models.DateField(_("processing ended on"), null=True, blank=True)
    finished_month = models.DateField(null=True, editable=False)
    elapsed_days = models.PositiveIntegerField(_("processing time (working days)"), null=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Timeliness, blank=True, default=""
    )
    late_766 = models.BooleanField(_("late under Decision 766"), null=True)
    delivered_at = models.DateTimeField(_("result returned at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["finished_month", "late_766"], name="dossier_month_late"),
            # Covering indexes of the dashboard's "worst procedures / units" GROUP BYs.
            models.Index(
                fields=["finished_month", "procedure", "late_766"], name="dossier_month_proc_late"
            ),
            models.Index(
                fields=["finished_month", "unit", "late_766"], name="dossier_month_unit_late"
            ),
            models.Index(
                fields=["timeliness", "promised_on", "centre"], name="dossier_late_no_letter"
            ),
            models.Index(fields=["received_month", "unit"], name="dossier_recv_month"),
            # Covers the open-and-overdue counts and list (finished_on IS NULL, due < today), the
            # receiving centre included for centre staff.
            models.Index(
                fields=["finished_on", "due", "paused_on", "promised_on", "centre"],
                name="dossier_open_overdue",
            ),
            models.Index(fields=["centre", "received_at"], name="dossier_centre"),
            models.Index(fields=["unit", "finished_on"], name="dossier_unit_open"),
            models.Index(fields=["received_at"], name="dossier_received_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due__gte=models.F("original_due")), name="dossier_due_forward"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def is_paused(self) -> bool:
        return self.paused_on is not None

    @property
    def is_counted(self) -> bool:
        """Accepted at the counter: only accepted dossiers count in any figure (Decision 766)."""
        return self.status not in (self.Status.SUBMITTED, self.Status.NOT_RECEIVED)

    def missed_promise(self, on: dt.date) -> bool:
        """The new date of the apology letter passed without the result: ended after it, or
        still open after it (the date of a letter moves only once, so nothing cures this)."""
        if self.promised_on is None:
            return False
        if self.finished_on is not None:
            return self.finished_on > self.promised_on
        return on > self.promised_on and self.is_counted

    def is_late_766(self, on: dt.date) -> bool:
        """Late under Decision 766 (indicator 2.1) as of `on`: ended late or after a second
        supplement request; open past the appointment date and not waiting for the applicant
        since before it; or open with a second supplement request made by `on`."""
        if self.finished_on is not None and self.finished_on <= on:
            return bool(self.late_766)
        if self.second_request_on is not None and self.second_request_on <= on:
            return True
        return self.is_overdue(on)

    def is_overdue(self, on: dt.date) -> bool:
        """Finished after the appointment date, or still open past it and not waiting for the
        applicant (the clock stops while a supplement is awaited)."""
        if self.finished_on is not None:
            return self.finished_on > self.due
        return self.is_counted and not self.is_paused and on > self.due


class DossierUnit(models.Model):
    """A unit that held the dossier for processing (so that it keeps seeing it afterwards)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "unit"], name="dossier_unit_once"),
        ]
        indexes = [models.Index(fields=["unit", "dossier"], name="dossier_unit_by_unit")]

    def __str__(self) -> str:
        return f"{self.dossier_id} @ {self.unit_id}"


class Activity(models.TextChoices):
    """What a dossier event records: one value per action in `dossiers.actions`.

    Names shared with task events mean the same thing (transfer, return, progress, complete), so
    the analytics detectors of hand-overs and stalls read dossier logs unchanged.
    """

    SUBMIT = "submit", _("Submitted online")
    RECEIVE = "receive", _("Received")
    ACCEPT = "accept", _("Online submission accepted")
    NOT_RECEIVE = "not_receive", _("Not accepted")
    TRANSFER = "transfer", _("Sent for processing")
    PROGRESS = "progress", _("Step processed")
    RETURN = "return", _("Returned")
    REQUEST_SUPPLEMENT = "request_supplement", _("Supplement requested")
    RECEIVE_SUPPLEMENT = "receive_supplement", _("Supplement received")
    REQUEST_FEES = "request_fees", _("Fees or taxes requested")
    RECEIVE_FEES = "receive_fees", _("Fees or taxes paid")
    APOLOGISE = "apologise", _("Apology letter issued")
    WITHDRAW = "withdraw", _("Withdrawal requested")
    STOP = "stop", _("Processing stopped")
    REFUSE = "refuse", pgettext_lazy("dossier", "Refused")
    COMPLETE = "complete", _("Result ready")
    DELIVER = "deliver", _("Result returned")


class DossierEvent(CaseEvent):
    """One immutable event of a dossier's log, chained by hash to the previous one.

    Canonical columns: case_id (dossier), event_id (id), ts, activity, actor, unit (the actor's
    unit), to_unit, due (the appointment date in force after the event).
    """

    dossier = models.ForeignKey(
        Dossier, models.PROTECT, related_name="events", verbose_name=_("dossier")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity)
    due = models.DateField(_("appointment date in force"))

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq")]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.activity}"


# The seal names a dossier by its number, so that the first event can be sealed before the
# dossier row exists (receiving costs two INSERTs and no UPDATE).
register_log(
    "dossier",
    DossierEvent,
    case_field="dossier",
    case_key="code",
    due_from="due",
    stale_message=_(
        "This dossier was changed by someone else a moment ago. Reload it and try again."
    ),
)


class ReturnReason(models.TextChoices):
    """Why a unit returns a dossier or refuses it (lý do trả lại, từ chối)."""

    NOT_IN_MANDATE = "not_in_mandate", pgettext_lazy("dossier", "Not in our mandate")
    MISSING_INFORMATION = "missing_information", _("Missing information")
    NOT_ELIGIBLE = "not_eligible", _("Does not meet the conditions")
    OTHER = "other", _("Other")


class ApologyLetter(models.Model):
    """A letter of apology and new appointment date (phiếu xin lỗi và hẹn lại ngày trả kết quả).

    One per dossier at most: the return date may be moved only once (rule `apology`).
    """

    dossier = models.OneToOneField(
        Dossier, models.PROTECT, related_name="apology", verbose_name=_("dossier")
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    unit_at_fault = models.ForeignKey(
        Unit, models.PROTECT, related_name="apologies", verbose_name=_("unit at fault")
    )
    reason = models.TextField(_("reason for the delay"))
    old_due = models.DateField(_("appointment date"))
    new_due = models.DateField(_("new appointment date"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        Official, models.PROTECT, related_name="+", verbose_name=_("issued by")
    )

    class Meta:
        verbose_name = _("apology letter")
        verbose_name_plural = _("apology letters")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["issued_on", "unit_at_fault"], name="apology_month")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_due__gt=models.F("old_due")), name="apology_moves_later"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ReceiptCutoff(models.Model):
    """The province's receipt cut-off time (a setting, versioned by the day it takes effect): a
    dossier received on a working day at or after it counts as received the next working day.
    Without any row, the default of rule `clock_start` applies (15:00). A change never moves
    the appointment dates already given."""

    valid_from = models.DateField(_("in force from"), unique=True)
    cutoff = models.TimeField(_("receipt cut-off time"))
    basis = models.CharField(_("decided by"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("receipt cut-off time")
        verbose_name_plural = _("receipt cut-off times")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.cutoff:%H:%M} ({self.valid_from:%d/%m/%Y})"


class DossierMonthStat(models.Model):
    """Dossiers ended per month, procedure, processing unit and receiving centre, and how many
    were late under Decision 766: a rollup kept by the actions that end a dossier, so that the
    dashboard of a reader who sees whole centres reads a few thousand rows instead of every
    dossier. `queries.rebuild_month_stats` recomputes it from the dossiers (after a bulk load)."""

    month = models.DateField(_("month"))
    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    centre = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    ended = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly dossier count")
        verbose_name_plural = _("monthly dossier counts")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "procedure", "unit", "centre"], name="dossier_month_stat_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.procedure_id} {self.unit_id}: {self.late}/{self.ended}"


class PlantedDossierPattern(models.Model):
    """Ground truth of the demo: a behaviour planted on purpose, and the dossiers it touched."""

    class Kind(models.TextChoices):
        LATE_PROCEDURE = "late_procedure", _("Procedure that is often late")
        BOUNCING_UNIT = "bouncing_unit", _("Unit that bounces dossiers")
        SUPPLEMENTS = "supplements", _("Repeated supplement requests")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    procedure = models.ForeignKey(Procedure, models.CASCADE, null=True, blank=True)
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True)
    description = models.TextField(_("description"))
    dossiers = models.ManyToManyField(Dossier, related_name="+", blank=True)

    class Meta:
        verbose_name = _("planted pattern")
        verbose_name_plural = _("planted patterns")

    def __str__(self) -> str:
        return self.get_kind_display()
