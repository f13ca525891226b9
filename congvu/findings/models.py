"""Findings (dấu hiệu) raised from the logs of tasks, dossiers and projects, their append-only
history, and explanations.

A finding is a question to a unit, never a sanction: the unit explains (giải trình) and a leader
reviews it (justified, confirmed or dismissed). Findings are recomputed from the event log; the
`fingerprint` says which stored finding a recomputed row is, so that a finding found again is the
same row and one that no longer holds keeps its history (`holds` becomes False).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.analytics.kinds import REGISTRY
from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.core.models import AppendOnlyModel
from congvu.org.models import Official, Unit

# The kinds and case types of `congvu.analytics.kinds`, the one registry, with their names.
KIND_CHOICES = [(kind.code, kind.name) for kind in REGISTRY]


class CaseType(models.TextChoices):
    """What a finding is about: `analytics.kinds.CASE_TYPES`."""

    TASK = "task", _("Task")
    DOSSIER = "dossier", _("Dossier")
    PROJECT = "project", _("Project")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Finding(CaseHead):
    """One signal about one case — a task, a dossier or a project's stage, named by
    ``(case_type, case_id)`` — and the unit, and official when known, it concerns.

    `evidence` holds the ids of the case's events that make it, space-separated, as the analytics
    core returns them; `detail` the typed facts of its kind (the schema of the kind in
    `analytics.kinds.REGISTRY`, checked on write), which the pages' templates render.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting explanation")
        EXPLAINED = "explained", _("Explained, awaiting review")
        JUSTIFIED = "justified", _("Justified")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    REVIEWED = (Status.JUSTIFIED, Status.CONFIRMED, Status.DISMISSED)

    kind = models.CharField(_("kind"), max_length=24, choices=KIND_CHOICES)
    case_type = models.CharField(
        _("case type"), max_length=8, choices=CaseType, default=CaseType.TASK
    )
    case_id = models.CharField(_("case"), max_length=64)
    unit = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("unit"),
    )
    official = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("official"),
    )
    severity = models.CharField(_("severity"), max_length=8, choices=Severity)
    ts = models.DateTimeField(_("time of the key event"))
    detected_at = models.DateTimeField(_("first detected at"))
    last_seen_at = models.DateTimeField(_("last found at"))
    holds = models.BooleanField(_("still holds"), default=True)
    evidence = models.TextField(_("evidence (event ids)"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.OPEN)
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-ts", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["official", "status"]),
            models.Index(fields=["case_type", "case_id", "holds"]),
            models.Index(fields=["ts"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.case_type} {self.case_id}"

    @property
    def evidence_ids(self) -> list[int]:
        """The evidence event ids as integers (ids of the events of the case's own log)."""
        return [int(part) for part in self.evidence.split() if part.isdigit()]

    @property
    def is_reviewed(self) -> bool:
        return self.status in self.REVIEWED


class FindingEvent(CaseEvent):
    """One immutable step of a finding's history, chained by hash to the one before it;
    `findings.actions` is the only writer."""

    class Activity(models.TextChoices):
        RAISED = "raised", _("Raised")
        EXPLAINED = "explained", _("Explained")
        JUSTIFIED = "justified", _("Reviewed: justified")
        CONFIRMED = "confirmed", _("Reviewed: confirmed")
        DISMISSED = "dismissed", _("Reviewed: dismissed")
        REOPENED = "reopened", _("Reopened")
        CLEARED = "cleared", _("No longer holds")

    finding = models.ForeignKey(
        Finding, models.PROTECT, related_name="events", verbose_name=_("finding")
    )
    activity = models.CharField(_("activity"), max_length=12, choices=Activity)

    class Meta:
        verbose_name = _("finding event")
        verbose_name_plural = _("finding events")
        ordering = ["finding_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["finding", "seq"], name="finding_event_seq")]

    def __str__(self) -> str:
        return f"{self.finding_id}#{self.seq} {self.activity}"


register_log("finding", FindingEvent, case_field="finding")


class Explanation(AppendOnlyModel):
    """The unit's explanation (giải trình) of a finding, with an optional attached document."""

    finding = models.ForeignKey(
        Finding, models.PROTECT, related_name="explanations", verbose_name=_("finding")
    )
    text = models.TextField(_("explanation"))
    file = models.FileField(_("attachment"), upload_to="explanations/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    by = models.ForeignKey(
        Official, models.PROTECT, related_name="+", verbose_name=_("explained by")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, related_name="+", verbose_name=_("on behalf of")
    )
    at = models.DateTimeField(_("explained at"))

    class Meta:
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")
        ordering = ["finding_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.by}"


class ComputationRun(models.Model):
    """One run of `compute_findings`: the high-water mark of the events it read, and its counts."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    as_of = models.DateTimeField(_("as of"))
    engine = models.CharField(_("engine"), max_length=16)
    full = models.BooleanField(_("full recomputation"), default=False)
    last_event_id = models.BigIntegerField(_("last event read"), default=0)
    # The last event read of the other logs, by case type ({"dossier": id, "project": id}).
    last_event_ids = models.JSONField(_("last events read"), default=dict, blank=True)
    cases = models.PositiveIntegerField(_("cases examined"), default=0)
    raised = models.PositiveIntegerField(_("findings raised"), default=0)
    refreshed = models.PositiveIntegerField(_("findings found again"), default=0)
    cleared = models.PositiveIntegerField(_("findings no longer holding"), default=0)
    seconds = models.FloatField(_("duration (s)"), default=0.0)

    class Meta:
        verbose_name = _("computation run")
        verbose_name_plural = _("computation runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.engine})"


class Workload(models.Model):
    """A unit's or official's workload in a month (from `analytics.metrics`), the denominator that
    keeps a busy unit from ranking worse for its volume alone. Rebuilt by each computation."""

    class Level(models.TextChoices):
        UNIT = "unit", _("Unit")
        OFFICIAL = "official", _("Official")

    level = models.CharField(_("level"), max_length=8, choices=Level)
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, related_name="+")
    official = models.ForeignKey(Official, models.CASCADE, null=True, related_name="+")
    period = models.DateField(_("month"))
    events = models.PositiveIntegerField(_("events"), default=0)
    cases = models.PositiveIntegerField(_("tasks handled"), default=0)
    received = models.PositiveIntegerField(_("tasks received"), default=0)
    allotted_days = models.FloatField(_("days allotted"), default=0.0)
    handovers_out = models.PositiveIntegerField(_("hand-overs made"), default=0)

    class Meta:
        verbose_name = _("workload")
        verbose_name_plural = _("workloads")
        indexes = [
            models.Index(fields=["level", "period"]),
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["official", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.unit_id or self.official_id} {self.period:%m/%Y}"


class HandoverCount(models.Model):
    """Hand-overs from one unit to another in a month (the hand-over network, mạng chuyển giao).
    Rebuilt by each computation."""

    from_unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    to_unit = models.ForeignKey(Unit, models.CASCADE, related_name="+")
    period = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("hand-overs"))

    class Meta:
        verbose_name = _("hand-over count")
        verbose_name_plural = _("hand-over counts")
        indexes = [models.Index(fields=["period"])]

    def __str__(self) -> str:
        return f"{self.from_unit_id} → {self.to_unit_id} {self.period:%m/%Y}: {self.count}"
