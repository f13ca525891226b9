"""Discipline cases (xử lý kỷ luật) and their append-only log.

One case per violation of one official: detected, noticed (the notice of review stops the
limitation clock), reviewed in a meeting, weighed by the discipline council (secret ballot),
recommended, decided (or concluded without violation, or exempted), in effect for 12 months,
lapsed. Decree 172/2025 for cán bộ and công chức, Decree 112/2020 as amended for viên chức.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.discipline.rules import Form
from congvu.innovation.models import Proposal
from congvu.org.models import Official, Unit


class Activity(models.TextChoices):
    OPEN = "open", _("Violation recorded")
    NOTICE = "notice", _("Notice of review issued")
    MEETING = "meeting", _("Review meeting held")
    MINUTES = "minutes", _("Report and minutes sent")
    SKIP_MEETING = "skip_meeting", _("Review meeting not needed")
    SKIP_COUNCIL = "skip_council", _("Meeting and council not needed")
    COUNCIL = "council", _("Council formed")
    BALLOT = "ballot", _("Council met (secret ballot)")
    RECOMMEND = "recommend", _("Council's recommendation received")
    DECIDE = "decide", _("Discipline decided")
    NO_VIOLATION = "no_violation", _("Concluded without violation")
    EXEMPT = "exempt", _("Exempted from discipline")
    TIME_BARRED = "time_barred", _("Closed: limitation period over")
    POSTPONE = "postpone", _("Review postponed")
    RESUME = "resume", _("Review resumed")
    SUSPEND = "suspend", _("Suspended from work")
    LAPSE = "lapse", _("Decision lapsed")


class NoLimitation(models.TextChoices):
    """Acts with no limitation period (Luật 80/2025 Art. 37(1), ND 172/2025 Art. 5(3))."""

    PARTY_EXPULSION = "party_expulsion", _("Party member warranting expulsion")
    POLITICAL_PROTECTION = "political_protection", _("Internal political protection")
    NATIONAL_INTEREST = (
        "national_interest",
        _("Harm to the national interest in defence, security or foreign affairs"),
    )
    FAKE_DIPLOMA = "fake_diploma", _("Fake or illegal diplomas or certificates")


class Pause(models.TextChoices):
    """Why the review waits (ND 172/2025 Art. 3), and the other periods excluded from the
    processing time (Art. 5(4))."""

    ILLNESS = "illness", _("Serious illness or in-patient treatment")
    PREGNANCY = "pregnancy", _("Pregnant")
    MATERNITY = "maternity", _("On maternity leave")
    CHILD_UNDER_12_MONTHS = "child_12m", _("Raising a child under 12 months")
    PROSECUTION = "prosecution", _("Under prosecution, detention or custody")
    CRIMINAL_PROCEDURE = "criminal", _("Criminal procedure on the same act")
    COMPLAINT = "complaint", _("Complaint or lawsuit against the decision")


# A person who asks for the review to go ahead is not postponed on these grounds (Art. 3(2)).
WAIVABLE_PAUSES = (Pause.PREGNANCY, Pause.MATERNITY, Pause.CHILD_UNDER_12_MONTHS)


class Exemption(models.TextChoices):
    """Grounds of exemption from discipline (Luật 80/2025 Art. 34(1), ND 172/2025 Art. 4(2))."""

    SUPERIOR_ORDER = (
        "superior_order",
        _("Carried out a superior's decision after objecting in writing"),
    )
    EMERGENCY = "emergency", _("Emergency or force majeure")
    OBJECTIVE_CAUSE = (
        "objective_cause",
        _("Correct procedure, no self-interest, damage from objective causes"),
    )
    INNOVATION = "innovation", _("Approved innovation proposal implemented for the common good")
    INCAPACITY = "incapacity", _("Lost capacity for civil acts when violating")
    DEATH = "death", _("Death")


class Shortcut(models.TextChoices):
    """Why steps are skipped (ND 172/2025 Art. 15–21)."""

    ALREADY_REVIEWED = (
        "already_reviewed",
        _("Already reviewed, or accepted responsibility in writing"),
    )
    COMPETENT_CONCLUSION = "conclusion", _("A competent authority's conclusion proposes the form")
    COURT_SENTENCE = "court", _("A court sentence in force")
    PARTY_DISCIPLINE = "party", _("Party discipline already decided")


class DisciplineCase(CaseHead):
    class Status(models.TextChoices):
        DETECTED = "detected", _("Detected")
        NOTICED = "noticed", _("Under review: awaiting the review meeting")
        MEETING_HELD = "meeting_held", _("Under review: awaiting the minutes")
        COUNCIL = "council", _("Before the discipline council")
        COUNCIL_MET = "council_met", _("Awaiting the council's recommendation")
        RECOMMENDED = "recommended", _("Awaiting the decision")
        IN_EFFECT = "in_effect", _("Decision in effect")
        LAPSED = "lapsed", _("Decision lapsed")
        NO_VIOLATION = "no_violation", _("Concluded without violation")
        EXEMPTED = "exempted", _("Exempted")
        TIME_BARRED = "time_barred", _("Limitation period over")

    official = models.ForeignKey(
        Official,
        models.PROTECT,
        related_name="discipline_cases",
        verbose_name=_("official concerned"),
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="discipline_cases", verbose_name=_("unit")
    )
    handler = models.ForeignKey(
        Official,
        models.PROTECT,
        related_name="+",
        verbose_name=_("competent person"),
        help_text=_("Who has the authority to discipline the official."),
    )
    council_members = models.ManyToManyField(
        Official, blank=True, related_name="discipline_councils", verbose_name=_("council members")
    )
    council_chair = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("council chair"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Official.Category)
    manager = models.BooleanField(_("holds a leading or managing post"), default=False)
    summary = models.TextField(_("violation"))
    violation_on = models.DateField(
        _("date of the act"), help_text=_("For a continuing act, the day it ended.")
    )
    warranted = models.CharField(_("form the act warrants"), max_length=12, choices=Form)
    related_to_duties = models.BooleanField(_("related to the official's duties"), default=True)
    no_limitation = models.CharField(
        _("no limitation period"), max_length=24, choices=NoLimitation, blank=True
    )
    discovered_on = models.DateField(_("discovered on"))
    complex_case = models.BooleanField(_("complex case (150 days)"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.DETECTED)
    notice_on = models.DateField(_("notice of review issued on"), null=True, blank=True)
    meeting_on = models.DateField(_("review meeting on"), null=True, blank=True)
    council_on = models.DateField(_("council met on"), null=True, blank=True)
    recommended_form = models.CharField(
        _("recommended form"), max_length=12, choices=Form, blank=True
    )
    recommendation_received_on = models.DateField(
        _("recommendation received on"), null=True, blank=True
    )
    # The working-day deadline of the step the case waits for (minutes, recommendation, decision).
    step_due = models.DateField(_("step due by"), null=True, blank=True)
    paused_since = models.DateField(_("postponed since"), null=True, blank=True)
    pause_reason = models.CharField(
        _("postponed because"), max_length=12, choices=Pause, blank=True
    )
    excluded_days = models.PositiveIntegerField(_("days excluded so far"), default=0)
    decided_form = models.CharField(_("form decided"), max_length=12, choices=Form, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    effective_from = models.DateField(_("in effect from"), null=True, blank=True)
    effective_to = models.DateField(_("in effect through"), null=True, blank=True)
    relapse = models.BooleanField(_("relapse: one form heavier"), default=False)
    exemption = models.CharField(
        _("exemption ground"), max_length=20, choices=Exemption, blank=True
    )
    exemption_proposal = models.ForeignKey(
        Proposal,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="discipline_exemptions",
        verbose_name=_("innovation proposal"),
    )
    suspended_from = models.DateField(_("suspended from work from"), null=True, blank=True)
    suspended_to = models.DateField(_("suspended from work to"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("discipline case")
        verbose_name_plural = _("discipline cases")
        ordering = ["-discovered_on", "-id"]
        indexes = [models.Index(fields=["official", "status"])]

    def __str__(self) -> str:
        return f"{self.official} — {self.summary[:60]}"


# States in which the person is under review (Luật 80/2025 Art. 38(2)).
UNDER_REVIEW = (
    DisciplineCase.Status.NOTICED,
    DisciplineCase.Status.MEETING_HELD,
    DisciplineCase.Status.COUNCIL,
    DisciplineCase.Status.COUNCIL_MET,
    DisciplineCase.Status.RECOMMENDED,
)
OPEN = (DisciplineCase.Status.DETECTED, *UNDER_REVIEW)


class DisciplineEvent(CaseEvent):
    case = models.ForeignKey(
        DisciplineCase, models.PROTECT, related_name="events", verbose_name=_("case")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity)

    class Meta:
        verbose_name = _("discipline event")
        verbose_name_plural = _("discipline events")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="discipline_event_seq")]


register_log("discipline", DisciplineEvent, case_field="case", due_from="step_due")
