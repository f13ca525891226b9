"""Public investment projects (dự án đầu tư công), their stages, capital plans and disbursements.

Money is an integer number of đồng in fields ending `_vnd`. Every change goes through
`investment.actions`, which appends one `ProjectEvent` in the canonical event columns, so that the
analytics that find stalls in tasks find them in projects too.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congvu.core.calendar import working_days_between
from congvu.core.eventlog import CaseEvent, CaseHead, register_log
from congvu.org.models import Unit


class Group(models.TextChoices):
    """Project groups of the Law on Public Investment (Luật Đầu tư công 58/2024/QH15)."""

    NATIONAL = "national", _("National important")
    A = "A", _("Group A")
    B = "B", _("Group B")
    C = "C", _("Group C")


class FundingSource(models.TextChoices):
    """Where the capital comes from (nguồn vốn)."""

    CENTRAL = "central", _("Central budget")
    LOCAL = "local", _("Local budget")
    ODA = "oda", _("ODA and concessional loans")
    OTHER = "other", _("Other lawful sources")


class Sector(models.TextChoices):
    """A subset of the OC4IDS projectSector codelist, so the export needs no mapping table."""

    TRANSPORT = "transport", _("Transport")
    ROAD = "transport.road", _("Roads")
    WATER = "waterAndWaste", _("Water and waste")
    FLOOD = "naturalResources.floodProtection", _("Flood protection and irrigation")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    CULTURE = "cultureSportsAndRecreation", _("Culture, sports and recreation")
    GOVERNANCE = "governance", _("State administration")
    HOUSING = "socialHousing", _("Social housing")


class StageKind(models.TextChoices):
    """The stages of a project in their standard order (vietnam-rules §9.3).

    The capital plan (§9.3 step 3) is not a stage here: it is the yearly `CapitalPlan`.
    Site clearance, bidding and construction may overlap.
    """

    POLICY = "policy", _("Investment policy")
    APPROVAL = "approval", _("Project approval")
    SITE_CLEARANCE = "site_clearance", _("Site clearance")
    BIDDING = "bidding", _("Contractor selection")
    CONSTRUCTION = "construction", _("Construction")
    ACCEPTANCE = "acceptance", _("Acceptance and handover")
    SETTLEMENT = "settlement", _("Final settlement")


STAGE_ORDER: tuple[str, ...] = tuple(StageKind.values)


class Activity(models.TextChoices):
    """What a project event records: one value per action in `investment.actions`."""

    CREATE = "create", _("Project registered")
    SCHEDULE_STAGE = "schedule_stage", _("Stage scheduled")
    START_STAGE = "start_stage", _("Stage started")
    COMPLETE_STAGE = "complete_stage", _("Stage completed")
    TRANSFER_STAGE = "transfer", _("Stage handed to another unit")
    ASSIGN_PLAN = "assign_plan", _("Capital plan assigned")
    ADJUST_PLAN = "adjust_plan", _("Capital plan adjusted")
    DISBURSE = "disburse", _("Disbursement recorded")


class Project(CaseHead):
    """A public investment project (dự án đầu tư công) and its investor (chủ đầu tư, Ban QLDA)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Under way")
        COMPLETED = "completed", _("Settled")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=500)
    name_folded = models.CharField(max_length=500, editable=False, db_index=True)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=10, choices=Group)
    sector = models.CharField(_("sector"), max_length=40, choices=Sector, default=Sector.TRANSPORT)
    investor = models.ForeignKey(
        Unit, models.PROTECT, related_name="invested_projects", verbose_name=_("investor")
    )
    responsible_units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="responsible_projects",
        verbose_name=pgettext_lazy("project", "responsible units"),
    )
    total_investment_vnd = models.BigIntegerField(_("total investment (đồng)"))
    funding_source = models.CharField(_("funding source"), max_length=10, choices=FundingSource)
    commune = models.ForeignKey(
        Unit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="located_projects",
        verbose_name=_("ward / commune"),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment_vnd__gt=0), name="project_total_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Stage(models.Model):
    """One stage of a project with planned and actual dates and the unit responsible for it."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="stages", verbose_name=_("project")
    )
    kind = models.CharField(_("stage"), max_length=20, choices=StageKind)
    position = models.PositiveSmallIntegerField(_("order"))
    unit = models.ForeignKey(
        Unit, models.PROTECT, related_name="project_stages", verbose_name=_("responsible unit")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["project_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="stage_project_kind"),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_start__isnull=False),
                name="stage_end_needs_start",
            ),
        ]
        indexes = [models.Index(fields=["unit", "actual_end"])]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.actual_start is not None and self.actual_end is None

    def overrun_days(self, on: dt.date) -> int:
        """Working days past the planned end (`core.calendar`): to the actual end, or to `on`
        while still open (0 if none)."""
        if self.planned_end is None:
            return 0
        end = self.actual_end or on
        return max(0, working_days_between(self.planned_end, end))


class CapitalPlan(models.Model):
    """A project's capital plan for one year (kế hoạch vốn năm) and the plan in force after
    adjustments. `assigned_vnd` is the plan as first assigned, the base of the official rate
    (vietnam-rules §9.1); `current_vnd` follows the adjustments and caps disbursement."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="plans", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(_("plan year"))
    assigned_vnd = models.BigIntegerField(_("plan assigned (đồng)"))
    current_vnd = models.BigIntegerField(_("plan after adjustments (đồng)"))
    assigned_on = models.DateField(_("assigned on"))
    document = models.CharField(_("decision"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("capital plan")
        verbose_name_plural = _("capital plans")
        ordering = ["project_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="plan_project_year"),
            models.CheckConstraint(condition=Q(assigned_vnd__gte=0), name="plan_assigned_gte_0"),
            models.CheckConstraint(condition=Q(current_vnd__gte=0), name="plan_current_gte_0"),
        ]
        indexes = [models.Index(fields=["year", "project"])]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.year}"


class PlanAdjustment(models.Model):
    """A change of a yearly plan (điều chỉnh, điều chuyển kế hoạch vốn), positive or negative."""

    plan = models.ForeignKey(
        CapitalPlan, models.CASCADE, related_name="adjustments", verbose_name=_("capital plan")
    )
    on = models.DateField(_("date"))
    delta_vnd = models.BigIntegerField(_("change (đồng)"))
    document = models.CharField(_("decision"), max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("plan adjustment")
        verbose_name_plural = _("plan adjustments")
        ordering = ["plan_id", "on", "id"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.delta_vnd:+d}"


class Disbursement(models.Model):
    """Money paid out of a year's plan through the State Treasury (giải ngân qua Kho bạc)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="disbursements", verbose_name=_("project")
    )
    plan = models.ForeignKey(
        CapitalPlan, models.PROTECT, related_name="disbursements", verbose_name=_("capital plan")
    )
    on = models.DateField(_("date"))
    amount_vnd = models.BigIntegerField(_("amount (đồng)"))
    document = models.CharField(_("voucher"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["project_id", "on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_vnd__gt=0), name="disbursement_positive"),
        ]
        indexes = [models.Index(fields=["plan", "on"]), models.Index(fields=["on"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.on}: {self.amount_vnd}"


class TargetPoint(models.Model):
    """A point of the province's disbursement target curve: by `on`, at least `percent` of the
    year's assigned plan disbursed (e.g. 30/6 ≥ 40 %). Years without points use the default
    curve of the rules data (`investment/rules.json`)."""

    year = models.PositiveSmallIntegerField(_("plan year"))
    on = models.DateField(_("by"))
    percent = models.PositiveSmallIntegerField(_("target (%)"))
    document = models.CharField(_("set by"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("disbursement target")
        verbose_name_plural = _("disbursement targets")
        ordering = ["year", "on"]
        constraints = [
            models.UniqueConstraint(fields=["year", "on"], name="target_year_on"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="target_percent_lte_100"),
        ]

    def __str__(self) -> str:
        return f"{self.on}: {self.percent} %"


class ProjectEvent(CaseEvent):
    """One immutable event of a project's log, chained by hash to the project's previous event.

    Canonical columns: case_id (the project), event_id (id), ts, activity, actor, unit (the unit
    holding the stage, or the investor), to_unit (the unit a stage is handed to), due (the planned
    end of the stage concerned, if any). `stage` and `amount_vnd` are domain columns.
    """

    project = models.ForeignKey(
        Project, models.PROTECT, related_name="events", verbose_name=_("project")
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity)
    due = models.DateField(_("planned end"), null=True)
    stage = models.CharField(_("stage"), max_length=20, choices=StageKind, blank=True)
    amount_vnd = models.BigIntegerField(_("amount (đồng)"), null=True)

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["project_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["project", "seq"], name="project_event_seq")]

    def __str__(self) -> str:
        return f"{self.project_id}#{self.seq} {self.activity}"


register_log(
    "project",
    ProjectEvent,
    case_field="project",
    stale_message=_(
        "This project was changed by someone else a moment ago. Reload it and try again."
    ),
)


class PlantedBehaviour(models.Model):
    """The ground truth of the demo: a behaviour the generator planted in a project, so that
    slow-project flags and stall detectors can be measured against it (precision, recall)."""

    class Kind(models.TextChoices):
        STUCK_SITE_CLEARANCE = "stuck_site_clearance", _("Stuck in site clearance")
        LATE_DISBURSER = "late_disburser", _("Investor that disburses late in the year")
        BOUNCED_STAGE = "bounced_stage", _("Stage bounced between units")
        SLOW_BIDDING = "slow_bidding", _("Slow contractor selection")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    project = models.ForeignKey(
        Project, models.CASCADE, related_name="planted", verbose_name=_("project")
    )
    unit = models.ForeignKey(
        Unit, models.CASCADE, null=True, related_name="+", verbose_name=_("unit")
    )
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("planted behaviour")
        verbose_name_plural = _("planted behaviours")
        constraints = [
            models.UniqueConstraint(fields=["kind", "project"], name="planted_kind_project")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.project_id}"
