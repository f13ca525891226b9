"""Units (a versioned tree), positions, officials and their posts, fields, mandates, delegations."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Field(models.Model):
    """A field of state management (lĩnh vực), such as land, construction or education."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def in_force_q(on: dt.date, start: str = "valid_from", end: str = "valid_to") -> Q:
    """The condition "in force on `on`" for rows valid from `start` to `end` (both days included,
    no `end` meaning open): units, posts and delegations all read their dates this way."""
    return Q(**{f"{start}__lte": on}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": on}))


class UnitQuerySet(models.QuerySet["Unit"]):
    def in_force(self, on: dt.date) -> UnitQuerySet:
        """The units that exist on `on`: created by then and not yet merged or abolished."""
        return self.filter(in_force_q(on))


class Unit(models.Model):
    """A unit (đơn vị, cơ quan): a People's Committee, department, division, ward, centre.

    Units are versioned: a unit that is merged or abolished keeps its rows, gets `valid_to`, and
    points to its `successor`, so that its tasks and ratings are still reported under it and under
    the unit that took it over (Resolution 202/2025/QH15, two-level local government from 1/7/2025).
    `path` is the materialised path of ids ("1/4/17/"): a subtree is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        PROVINCE_PC = "province_pc", _("Provincial People's Committee")
        OFFICE = "office", _("Office of the People's Committee")
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        COMMUNE_PC = "commune_pc", _("Ward / commune People's Committee")
        CENTRE = "centre", _("Centre")
        PUBLIC_SERVICE = "public_service", _("Public service unit")
        INSPECTORATE = "inspectorate", _("Inspectorate")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    admin_code = models.CharField(
        _("administrative unit code"),
        max_length=5,
        blank=True,
        db_index=True,
        help_text=_(
            "The official code of the ward, commune or special zone whose People's Committee this "
            "is (congvu.org.divisions); empty for other units."
        ),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(_("tree path"), max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("effective from"), default=dt.date(2025, 7, 1))
    valid_to = models.DateField(_("effective to"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor unit"),
    )
    assigns_tasks = models.BooleanField(
        _("assigns tasks"),
        default=False,
        help_text=_("The office that assigns and follows up tasks for its People's Committee."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def is_active(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Position(models.Model):
    """A position (chức vụ) such as Giám đốc, Phó Giám đốc, Chuyên viên."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_manager = models.BooleanField(_("management position"), default=False)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A cán bộ, công chức or viên chức, with a login of their own."""

    class Category(models.TextChoices):
        CADRE = "cadre", _("Cadre (cán bộ)")
        CIVIL_SERVANT = "civil_servant", _("Civil servant (công chức)")
        PUBLIC_EMPLOYEE = "public_employee", _("Public employee (viên chức)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="official", verbose_name=_("user")
    )
    code = models.CharField(_("staff code"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    rank = models.CharField(_("rank"), max_length=120, blank=True)
    fields = models.ManyToManyField(Field, blank=True, verbose_name=_("fields of expertise"))
    qualifications = models.CharField(_("qualifications"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    is_inspector = models.BooleanField(_("inspector (read-only everywhere)"), default=False)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class PostQuerySet(models.QuerySet["Post"]):
    def in_force(self, on: dt.date) -> PostQuerySet:
        """The posts held on `on`: started by then and not yet ended (the end day still counts).

        The one definition of "posts in force on a day": scopes, pages, the API and the action
        rules all ask this, so that a post ending today is read the same way everywhere.
        """
        return self.filter(in_force_q(on, "start", "end"))


class Post(models.Model):
    """An official's post in a unit; several at once are concurrent posts (kiêm nhiệm).

    The role says what the post lets them do: a member works on their unit's tasks, a head runs the
    unit and its sub-units, a leader (Chủ tịch, Phó Chủ tịch) oversees the unit's whole subtree.
    """

    class Role(models.TextChoices):
        MEMBER = "member", pgettext_lazy("role", "Official")
        HEAD = "head", _("Unit head")
        LEADER = "leader", _("Leader")

    official = models.ForeignKey(
        Official, models.CASCADE, related_name="posts", verbose_name=_("official")
    )
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="posts", verbose_name=_("unit"))
    position = models.ForeignKey(Position, models.PROTECT, verbose_name=_("position"))
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    is_primary = models.BooleanField(_("primary post"), default=True)
    start = models.DateField(_("from"), default=dt.date(2025, 7, 1))
    end = models.DateField(_("to"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.official} — {self.position}, {self.unit}"


class Mandate(models.Model):
    """An item of a unit's functions and duties (chức năng, nhiệm vụ), tied to a field."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="mandates", verbose_name=_("unit"))
    field = models.ForeignKey(Field, models.PROTECT, verbose_name=_("field"))
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [models.UniqueConstraint(fields=["unit", "field"], name="mandate_unit_field")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.field}"


class DecisionKind(models.Model):
    """A kind of decision that the province delegates (loại quyết định được phân cấp), such as
    "Giao đất, cho thuê đất diện tích nhỏ lẻ", defined by its own decisions (Quyết định …/QĐ-UBND).

    The code is what Delegation.decision_kind, Escalation.decision_kind and the events' payloads
    hold; they stay plain codes, so a code without a row here is still read, shown as it is.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("decision kind")
        verbose_name_plural = _("decision kinds")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def in_force(self, on: dt.date) -> DelegationQuerySet:
        """The delegations in force on `on`."""
        return self.filter(in_force_q(on))


class Delegation(models.Model):
    """A kind of decision that a position in a unit may take itself (phân cấp, ủy quyền)."""

    unit = models.ForeignKey(
        Unit, models.CASCADE, related_name="delegations", verbose_name=_("unit")
    )
    position = models.ForeignKey(Position, models.PROTECT, verbose_name=_("position"))
    decision_kind = models.CharField(_("decision kind"), max_length=64)
    limit_vnd = models.BigIntegerField(_("limit (đồng)"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    valid_from = models.DateField(_("effective from"), default=dt.date(2025, 7, 1))
    valid_to = models.DateField(_("effective to"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")

    def __str__(self) -> str:
        return f"{self.position} @ {self.unit}: {self.decision_kind}"
