"""Actions on the organisation: create units and officials, give posts, merge units.

Reference data changes rarely and is audited through Django admin's log; these functions are what
the import, the demo and the admin-free paths call, so that `Unit.path` and folded names stay right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from congvu.analytics.text import clean_text
from congvu.core.errors import ActionError
from congvu.org.access import forget_scope
from congvu.org.models import Field, Official, Position, Post, Unit
from congvu.org.text import fold


@transaction.atomic
def create_unit(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    short_name: str = "",
    assigns_tasks: bool = False,
    valid_from: dt.date = dt.date(2025, 7, 1),
    admin_code: str = "",
) -> Unit:
    """Create a unit under `parent` and give it its tree path. Names are stored as
    `analytics.text.clean_text` makes them (NFC, spaces collapsed), keeping the letters given;
    `admin_code` is the official code of a ward's People's Committee (`org.divisions`)."""
    code, name, short_name = clean_text(code), clean_text(name), clean_text(short_name)
    if Unit.objects.filter(code=code).exists():
        raise ActionError(_("A unit with code %(code)s already exists.") % {"code": code})
    if parent is not None and parent.valid_to is not None:
        raise ActionError(_("%(unit)s no longer exists.") % {"unit": parent})
    unit = Unit.objects.create(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        admin_code=admin_code,
        parent=parent,
        assigns_tasks=assigns_tasks,
        valid_from=valid_from,
        path="",
    )
    unit.path = f"{parent.path if parent else ''}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


@transaction.atomic
def merge_units(units: Iterable[Unit], *, into: Unit, on: dt.date) -> list[Unit]:
    """Close `units` on the day before `on` and make `into` their successor (sáp nhập).

    Their tasks, events and ratings stay attached to them; reports and scopes follow the successor
    link, so the new unit's leaders see and report the history of the units it absorbed.
    """
    merged = []
    for unit in units:
        if unit.pk == into.pk:
            raise ActionError(_("A unit cannot be merged into itself."))
        if unit.valid_to is not None:
            raise ActionError(_("%(unit)s no longer exists.") % {"unit": unit})
        if on <= unit.valid_from:
            raise ActionError(
                _("%(unit)s cannot be merged before it came into effect.") % {"unit": unit}
            )
        unit.valid_to = on - dt.timedelta(days=1)
        unit.successor = into
        unit.save(update_fields=["valid_to", "successor"])
        merged.append(unit)
    return merged


@transaction.atomic
def close_unit(unit: Unit, *, on: dt.date) -> Unit:
    """Abolish a unit from `on` without a successor (giải thể); its history stays under it."""
    if unit.valid_to is not None:
        raise ActionError(_("%(unit)s no longer exists.") % {"unit": unit})
    if on <= unit.valid_from:
        raise ActionError(
            _("%(unit)s cannot be closed before it came into effect.") % {"unit": unit}
        )
    unit.valid_to = on - dt.timedelta(days=1)
    unit.save(update_fields=["valid_to"])
    return unit


@transaction.atomic
def create_official(
    *,
    code: str,
    full_name: str,
    username: str,
    password: str | None,
    category: str,
    rank: str = "",
    fields: Iterable[Field] = (),
    qualifications: str = "",
    start_date: dt.date | None = None,
    is_inspector: bool = False,
    email: str = "",
) -> Official:
    """Create an official with a login; `password=None` leaves the login unusable until set. The
    name is stored as `analytics.text.clean_text` makes it (NFC, spaces collapsed)."""
    code, full_name = clean_text(code), clean_text(full_name)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ActionError(_("The login %(username)s is taken.") % {"username": username})
    user = user_model(username=username, email=email, first_name=full_name[:150])
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    official = Official.objects.create(
        user=user,
        code=code,
        full_name=full_name,
        name_folded=fold(full_name),
        category=category,
        rank=rank,
        qualifications=qualifications,
        start_date=start_date,
        is_inspector=is_inspector,
        email=email,
    )
    official.fields.set(fields)
    return official


@transaction.atomic
def give_post(
    official: Official,
    *,
    unit: Unit,
    position: Position,
    role: str = Post.Role.MEMBER,
    is_primary: bool = True,
    start: dt.date = dt.date(2025, 7, 1),
) -> Post:
    """Give an official a post in a unit; a second post is a concurrent post (kiêm nhiệm)."""
    if unit.valid_to is not None:
        raise ActionError(_("%(unit)s no longer exists.") % {"unit": unit})
    post = Post.objects.create(
        official=official,
        unit=unit,
        position=position,
        role=role,
        is_primary=is_primary,
        start=start,
    )
    forget_scope(official)
    return post
