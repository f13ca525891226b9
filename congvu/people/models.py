"""People records: job positions (vị trí việc làm), the product catalogue (danh mục sản phẩm) with
its conversion coefficients, who holds which position, and the rating case (đánh giá, xếp loại
chất lượng công chức, Decree 335/2025) with its append-only log.

The rating's arithmetic is not here: congvu.people.rating (the engine behind `congvu rating`)
computes every figure; congvu.people.items turns the task log into the engine's items.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.org.models import Field, Official, Unit


class PersonnelUnit(models.Model):
    """A unit whose members administer ratings for the whole province (Sở Nội vụ): they read every
    rating and keep the job positions and the product catalogue."""

    unit = models.OneToOneField(Unit, models.PROTECT, verbose_name=_("unit"))

    class Meta:
        verbose_name = _("personnel unit")
        verbose_name_plural = _("personnel units")

    def __str__(self) -> str:
        return str(self.unit)


class JobPosition(models.Model):
    """A job position (vị trí việc làm) of a unit, in a group of officials with similar tasks
    (nhóm công chức có nhiệm vụ tương đồng: the quota on HTXS is counted per unit and group), with
    what it requires."""

    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="job_positions", verbose_name=_("unit")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    task_group = models.CharField(_("task group"), max_length=120)
    degree = models.CharField(_("required degree"), max_length=255, blank=True)
    certificates = models.CharField(_("required certificates"), max_length=500, blank=True)
    years_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    competencies = models.TextField(_("competencies"), blank=True)

    class Meta:
        verbose_name = _("job position")
        verbose_name_plural = _("job positions")
        ordering = ["unit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="job_position_unit_code")
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A catalogue entry (sản phẩm, công việc) of a job position with its conversion coefficient
    (hệ số quy đổi, Decree 335/2025 Art. 13). A task of `field` held by an official in this job
    position counts with this coefficient; a task that matches no entry counts 1."""

    job_position = models.ForeignKey(
        JobPosition, models.PROTECT, related_name="products", verbose_name=_("job position")
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=255)
    field = models.ForeignKey(Field, models.PROTECT, null=True, blank=True, verbose_name=_("field"))
    coefficient = models.DecimalField(
        _("conversion coefficient"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["job_position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["job_position", "code"], name="product_position_code"),
            # One entry per field and position, so that a task matches at most one product.
            models.UniqueConstraint(
                fields=["job_position", "field"],
                condition=models.Q(field__isnull=False),
                name="product_position_field",
            ),
            models.CheckConstraint(
                condition=models.Q(coefficient__gt=0), name="product_coefficient_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Placement(models.Model):
    """An official placed in a job position (bố trí vào vị trí việc làm) from `start` (to `end`)."""

    official = models.ForeignKey(
        Official, models.PROTECT, related_name="placements", verbose_name=_("official")
    )
    job_position = models.ForeignKey(
        JobPosition, models.PROTECT, related_name="placements", verbose_name=_("job position")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["official", "-start"]

    def __str__(self) -> str:
        return f"{self.official} — {self.job_position}"


class RatingPolicy(models.Model):
    """An agency's choices within the decree: monitoring by month or quarter, how the 30 general
    points split over the three general criteria (default 10/10/10), and how many working days
    the petition window (kiến nghị) stays open after publication."""

    class Frequency(models.TextChoices):
        MONTH = "month", _("Monthly")
        QUARTER = "quarter", _("Quarterly")

    unit = models.OneToOneField(Unit, models.PROTECT, verbose_name=_("unit"))
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=Frequency, default=Frequency.MONTH
    )
    politics_max = models.PositiveSmallIntegerField(_("political quality and ethics"), default=10)
    service_max = models.PositiveSmallIntegerField(_("responsibility and service"), default=10)
    innovation_max = models.PositiveSmallIntegerField(_("innovation and daring"), default=10)
    petition_days = models.PositiveSmallIntegerField(_("petition window (working days)"), default=5)

    class Meta:
        verbose_name = _("rating policy")
        verbose_name_plural = _("rating policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(politics_max__gte=0, service_max__gte=0, innovation_max__gte=0),
                name="rating_policy_split",
            )
        ]

    def __str__(self) -> str:
        return str(self.unit)


class Rating(CaseHead):
    """The rating of one official for one period (a month "2026-03", a quarter "2026-Q1" or the
    year "2026"): a case whose every step is an event — self-assessment (Mẫu 01), the direct
    manager's review, the head's approval (Mẫu 02), publication in the unit, petitions (kiến
    nghị), final. The figures are stored at approval, from the engine."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not yet self-assessed")
        SELF_ASSESSED = "self_assessed", _("Self-assessed")
        REVIEWED = "reviewed", _("Reviewed by the manager")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        PETITIONED = "petitioned", _("Petitioned")
        FINAL = "final", _("Final")

    official = models.ForeignKey(
        Official, models.PROTECT, related_name="ratings", verbose_name=_("official")
    )
    period = models.CharField(_("period"), max_length=7)
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    task_group = models.CharField(_("task group"), max_length=120, blank=True)
    is_leader = models.BooleanField(_("leader"), default=False)
    manager = models.ForeignKey(
        Official,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="team_ratings",
        verbose_name=_("direct manager"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.OPEN)
    self_points = models.JSONField(_("self-assessed general points"), default=list)
    manager_points = models.JSONField(_("manager's general points"), default=list)
    organise_pct = models.PositiveSmallIntegerField(_("capacity to organise (%)"), default=100)
    unite_pct = models.PositiveSmallIntegerField(_("capacity to unite (%)"), default=100)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True)
    level = models.CharField(_("rating level"), max_length=6, blank=True)
    reasons = models.CharField(_("reasons"), max_length=64, blank=True)
    petition_until = models.DateField(_("petitions until"), null=True, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-period", "official"]
        constraints = [
            models.UniqueConstraint(fields=["official", "period"], name="rating_official_period")
        ]
        indexes = [models.Index(fields=["unit", "period"])]

    def __str__(self) -> str:
        return f"{self.official} {self.period}"

    @property
    def is_year(self) -> bool:
        return len(self.period) == 4


class RatingActivity(models.TextChoices):
    """What a rating event records: one value per action in `people.actions`."""

    SELF_ASSESS = "self_assess", _("Self-assessed (Form 01)")
    REVIEW = "review", _("Reviewed by the manager")
    OBJECTIVE_CAUSE = "objective_cause", _("Objective cause recorded")
    ABSENCE = "absence", _("Absence recorded")
    APPROVE = "approve", _("Approved (Form 02)")
    PUBLISH = "publish", _("Published in the unit")
    PETITION = "petition", _("Petition filed")
    ANSWER = "answer", _("Petition answered")
    FINALISE = "finalise", _("Final")


class RatingEvent(CaseEvent):
    """One immutable event of a rating's log, chained by hash to the rating's previous event."""

    rating = models.ForeignKey(
        Rating, models.PROTECT, related_name="events", verbose_name=_("rating")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=RatingActivity)

    class Meta:
        verbose_name = _("rating event")
        verbose_name_plural = _("rating events")
        ordering = ["rating_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["rating", "seq"], name="event_rating_seq")]

    def __str__(self) -> str:
        return f"{self.rating_id}#{self.seq} {self.activity}"


register_log(
    "rating",
    RatingEvent,
    case_field="rating",
    stale_message=_(
        "This rating was changed by someone else a moment ago. Reload it and try again."
    ),
)


class PersonnelRecord(models.Model):
    """What Sở Nội vụ holds on an official for a year that the task log cannot tell: the sick-leave
    days as the insurance agency confirms them, the maximum under the Social Insurance Law, and
    the facts that defer streamlining (Decree 154/2025). Read on the streamlining review; every
    read is logged like the ratings'."""

    official = models.ForeignKey(
        Official, models.PROTECT, related_name="personnel_records", verbose_name=_("official")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sick_days = models.DecimalField(
        _("sick-leave days"), max_digits=5, decimal_places=1, default=Decimal(0)
    )
    max_sick_days = models.DecimalField(
        _("maximum sick-leave days"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    youngest_child_born = models.DateField(_("youngest child born on"), null=True, blank=True)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    maternity_leave = models.BooleanField(_("on maternity leave"), default=False)
    under_prosecution = models.BooleanField(_("under prosecution"), default=False)
    under_inspection = models.BooleanField(_("under inspection or audit"), default=False)
    volunteers = models.BooleanField(_("volunteers for streamlining"), default=False)
    recorded_by = models.ForeignKey(
        Official, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("personnel record")
        verbose_name_plural = _("personnel records")
        constraints = [
            models.UniqueConstraint(fields=["official", "year"], name="personnel_record_year")
        ]

    def __str__(self) -> str:
        return f"{self.official} {self.year}"


class StreamliningDecision(models.Model):
    """A decision on a streamlining candidate, taken by a person and recorded with its document
    number: congvu lists candidates, it never decides. Written once, never changed."""

    class Outcome(models.TextChoices):
        STREAMLINE = "streamline", _("Streamlined")
        KEEP = "keep", _("Not streamlined")
        DEFER = "defer", _("Deferred")

    official = models.ForeignKey(
        Official, models.PROTECT, related_name="streamlining_decisions", verbose_name=_("official")
    )
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    number = models.CharField(_("document number"), max_length=64)
    decided_on = models.DateField(_("decided on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        Official, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("streamlining decision")
        verbose_name_plural = _("streamlining decisions")
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.official})"


class HistoricRating(models.Model):
    """A yearly rating from before the app (Decrees 90/2020 and 48/2023, or any year the app did
    not rate), imported by Sở Nội vụ: the level mapped to the four levels of today, the original
    wording kept as it was written (HTXSNV, "Hoàn thành tốt nhiệm vụ", …)."""

    official = models.ForeignKey(
        Official, models.PROTECT, related_name="historic_ratings", verbose_name=_("official")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating level"), max_length=6)
    original_level = models.CharField(_("level as written"), max_length=120)
    regime = models.CharField(_("regime"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        Official, models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("historic rating")
        verbose_name_plural = _("historic ratings")
        ordering = ["official", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["official", "year"], name="historic_rating_year")
        ]

    def __str__(self) -> str:
        return f"{self.official} {self.year}"
