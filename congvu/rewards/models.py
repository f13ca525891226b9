"""Nominations for rewarding officials who work "5 thật" and "6 dám", and their append-only log.

Hạ Long's answer to officials who avoid, pass on and sit on their work was also to reward, in
time, those who think, speak and act truly, with true results the people enjoy ("5 thật"), and who
dare to think, speak, act, take responsibility, innovate and face challenges ("6 dám"), in the
spirit of Conclusion 14-KL/TW (22/9/2021). A head or a colleague nominates an official for a year,
citing the criteria and linking the evidence the system holds (`rewards.queries.evidence_panel`);
the unit's head records the review of the unit's emulation council; the competent level decides
(awarded, with the form and the decision's number, or not, with the reason). docs/rewards.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.org.models import Official, Unit


class Criterion(models.TextChoices):
    """The "5 thật" and the "6 dám" (source article; Conclusion 14-KL/TW)."""

    THINK_TRUE = "think_true", _("Thinks truly")
    SPEAK_TRUE = "speak_true", _("Speaks truly")
    ACT_TRUE = "act_true", _("Acts truly")
    RESULT_TRUE = "result_true", _("Truly effective")
    PEOPLE_BENEFIT = "people_benefit", _("People truly benefit")
    DARE_THINK = "dare_think", _("Dares to think")
    DARE_SPEAK = "dare_speak", _("Dares to speak")
    DARE_ACT = "dare_act", _("Dares to act")
    DARE_RESPONSIBILITY = "dare_responsibility", _("Dares to take responsibility")
    DARE_INNOVATE = "dare_innovate", _("Dares to innovate")
    DARE_CHALLENGE = "dare_challenge", _("Dares to face challenges")


FIVE_TRUE: tuple[str, ...] = tuple(Criterion.values[:5])
SIX_DARE: tuple[str, ...] = tuple(Criterion.values[5:])


class Basis(models.TextChoices):
    """Who nominates: the head over the official's unit, or a colleague of the same unit."""

    HEAD = "head", _("Nominated by the head")
    COLLEAGUE = "colleague", _("Nominated by colleagues")


class AwardForm(models.TextChoices):
    """The forms a nomination may end in (Law on Emulation and Commendation 06/2022/QH15): the
    first two decided by the head of the agency, the last two by the provincial People's
    Committee's chair, which Sở Nội vụ records."""

    CERTIFICATE = "certificate", _("Certificate of merit of the head of the agency (Giấy khen)")
    BASE_EMULATION = "base_emulation", _("Title of grassroots emulation fighter")
    PROVINCE_MERIT = "province_merit", _("Certificate of merit of the provincial chair (Bằng khen)")
    PROVINCE_EMULATION = "province_emulation", _("Title of provincial emulation fighter")


PROVINCE_FORMS: tuple[str, ...] = (AwardForm.PROVINCE_MERIT, AwardForm.PROVINCE_EMULATION)


class Activity(models.TextChoices):
    CREATE = "create", _("Nomination drafted")
    SUBMIT = "submit", _("Nomination submitted")
    REVIEW = "review", _("Reviewed by the emulation council")
    AWARD = "award", _("Awarded")
    NOT_AWARD = "not_award", _("Not awarded")


class Nomination(CaseHead):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        REVIEWED = "reviewed", _("Reviewed, awaiting decision")
        AWARDED = "awarded", _("Awarded")
        NOT_AWARDED = "not_awarded", _("Not awarded")

    DECIDED = (Status.AWARDED, Status.NOT_AWARDED)

    nominee = models.ForeignKey(
        Official, models.PROTECT, related_name="nominations", verbose_name=_("nominee")
    )
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="nominations", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    nominator = models.ForeignKey(
        Official, models.PROTECT, related_name="+", verbose_name=_("nominated by")
    )
    basis = models.CharField(_("nominated as"), max_length=10, choices=Basis)
    criteria = models.JSONField(_("criteria cited"), default=list)
    achievements = models.TextField(_("achievements"))
    # The evidence linked, as [kind, id] pairs of `queries.EVIDENCE_KINDS` (task, finding,
    # dossier, proposal), each checked against the official's evidence panel of the year.
    evidence = models.JSONField(_("evidence linked"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    created_on = models.DateField(_("drafted on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reviewer = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    supported = models.BooleanField(_("supported by the council"), null=True, blank=True)
    review_note = models.TextField(_("council's opinion"), blank=True)
    decided_by = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    award_form = models.CharField(_("form of reward"), max_length=20, choices=AwardForm, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    reason = models.TextField(_("reason not awarded"), blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-year", "-created_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nominee", "year", "nominator"], name="nomination_once_per_nominator"
            )
        ]
        indexes = [models.Index(fields=["unit", "year", "status"])]

    def __str__(self) -> str:
        return f"{self.nominee} ({self.year})"

    def get_criteria_display(self) -> list[str]:
        names = dict(Criterion.choices)
        return [str(names.get(code, code)) for code in self.criteria]


class NominationEvent(CaseEvent):
    nomination = models.ForeignKey(
        Nomination, models.PROTECT, related_name="events", verbose_name=_("nomination")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity)

    class Meta:
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination events")
        ordering = ["nomination", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "seq"], name="nomination_event_seq")
        ]


register_log("nomination", NominationEvent, case_field="nomination")
