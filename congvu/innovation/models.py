"""Innovation proposals (đề xuất đổi mới, sáng tạo) and their append-only log (Decree 73/2023).

A leader or manager proposes a way past a bottleneck that the law does not yet regulate; the
head of the employing agency and the deputies vote on it within 7 working days; approved and
implemented, its results are evaluated and its proposer protected (no liability, liability
excluded, or considered for exemption or reduction). docs/innovation.md reads the decree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.org.models import Official, Unit


class Activity(models.TextChoices):
    CREATE = "create", _("Proposal drafted")
    SUBMIT = "submit", _("Submitted to the head")
    VOTE = "vote", _("Collective vote")
    HEAD_APPROVE = "head_approve", _("Approved in writing by the head")
    ESCALATE = "escalate", _("Sent to the higher level")
    HIGHER_DECIDE = "higher_decide", _("Decided by the higher level")
    IMPLEMENT = "implement", _("Implementation started")
    EVALUATE = "evaluate", _("Results evaluated")
    PROTECT = "protect", _("Protection decided")


class Achievement(models.TextChoices):
    FULL = "full", _("Objectives fully achieved")
    PARTLY = "partly", _("Objectives partly achieved")
    NOT = "not", _("Objectives not achieved")


class Protection(models.TextChoices):
    """Art. 11 of Decree 73/2023."""

    NO_LIABILITY = "no_liability", _("No liability (Art. 11(1))")
    EXCLUDED = "excluded", _("Liability excluded (Art. 11(2))")
    CONSIDERED = "considered", _("Considered for exclusion, exemption or reduction (Art. 11(3))")
    NONE = "none", _("Not protected")


class Proposal(CaseHead):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting the collective's vote")
        APPROVED = "approved", _("Approved by the collective")
        HEAD_APPROVED = "head_approved", _("Approved by the head against the vote")
        REJECTED = "rejected", _("Rejected")
        ESCALATED = "escalated", _("Sent to the higher level")
        IMPLEMENTING = "implementing", _("Being implemented")
        EVALUATED = "evaluated", _("Evaluated")
        CLOSED = "closed", _("Protection decided")

    title = models.CharField(_("title"), max_length=300)
    proposer = models.ForeignKey(
        Official, models.PROTECT, related_name="innovation_proposals", verbose_name=_("proposer")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="innovation_proposals", verbose_name=_("agency")
    )
    head = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head of the agency"),
    )
    bottleneck = models.TextField(_("bottleneck addressed"))
    plan = models.TextField(_("contents, scope, resources and duration"))
    impact = models.TextField(_("expected impact and effectiveness"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DRAFT)
    created_on = models.DateField(_("drafted on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    vote_due = models.DateField(_("vote due by"), null=True, blank=True)
    voted_on = models.DateField(_("voted on"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    vote_passed = models.BooleanField(_("vote passed"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    implementing_since = models.DateField(_("implemented since"), null=True, blank=True)
    achievement = models.CharField(_("achievement"), max_length=8, choices=Achievement, blank=True)
    damage = models.BooleanField(_("caused damage"), null=True, blank=True)
    motive_pure = models.BooleanField(_("pure motive, for the common good"), null=True, blank=True)
    policy_correct = models.BooleanField(_("correct policy"), null=True, blank=True)
    protection = models.CharField(_("protection"), max_length=12, choices=Protection, blank=True)

    class Meta:
        verbose_name = _("innovation proposal")
        verbose_name_plural = _("innovation proposals")
        ordering = ["-created_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def was_approved(self) -> bool:
        """Approved by the collective, by the head in writing, or by the higher level."""
        return self.approved_on is not None


class ProposalEvent(CaseEvent):
    proposal = models.ForeignKey(
        Proposal, models.PROTECT, related_name="events", verbose_name=_("proposal")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["proposal", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "seq"], name="proposal_event_seq")
        ]


register_log("proposal", ProposalEvent, case_field="proposal")
