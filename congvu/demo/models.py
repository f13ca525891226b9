"""The ground truth of the demo: which behaviour the generator planted in which task."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlantedPattern(models.Model):
    """One pattern of one kind found in one demo task, by the definitions in `congvu.demo.truth`.

    `detail["planted"]` says whether the generator meant it (true) or it followed from another
    planted behaviour (for example a bounced task that also ended overdue). The analytics detectors
    are measured against these rows (precision and recall per kind).
    """

    class Kind(models.TextChoices):
        PING_PONG = "ping_pong", _("Ping-pong between units")
        TRANSFER_CHAIN = "transfer_chain", _("Chain of transfers")
        REFUSAL = "refusal", _("Unjustified refusal")
        ESCALATION = "escalation", _("Needless escalation")
        STALL = "stall", _("Stall")
        LAST_MINUTE = "last_minute", _("Last-minute work")
        EXTENSION_CHAIN = "extension_chain", _("Chain of extensions")
        SLOW_COORDINATION = "slow_coordination", _("Slow coordination")
        OVERDUE = "overdue", _("Overdue")
        LATE_EXTENSION = "late_extension", _("Extension granted late")
        REWORK = "rework", _("Rework")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    task = models.ForeignKey(
        "tasks.Task", models.CASCADE, related_name="planted_patterns", verbose_name=_("task")
    )
    unit = models.ForeignKey(
        "org.Unit", models.CASCADE, null=True, related_name="+", verbose_name=_("unit")
    )
    official = models.ForeignKey(
        "org.Official", models.CASCADE, null=True, related_name="+", verbose_name=_("official")
    )
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("planted pattern")
        verbose_name_plural = _("planted patterns")
        constraints = [
            models.UniqueConstraint(fields=["kind", "task"], name="planted_pattern_kind_task")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.task_id}"
