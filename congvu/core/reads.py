"""Who read what: every read of a personal record (a rating, a discipline case, a personnel file) is
logged here, so that the person concerned, Sở Nội vụ and inspectors can see who looked at it.

A domain declares which of its models are personal records, and how to reach the person's login
from one, with `register_personal` (in its app's `ready()`); pages and endpoints that show such
records call `record_read` once per request with the records they show. Core knows no domain: the
path to the person is a lookup string the domain gives ("official__user").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from congvu.core.models import Read

# Rows per INSERT: a province page may list a few thousand ratings at once.
_BATCH = 500

# model -> lookup from the record to the person's user id, e.g. "official__user".
_SUBJECT_PATHS: dict[type[models.Model], str] = {}


def register_personal(model: type[models.Model], subject: str) -> None:
    """Declare `model` a personal record whose person's login is reached by the lookup `subject`."""
    known = _SUBJECT_PATHS.get(model)
    if known is not None and known != subject:
        raise ValueError(f"{model.__name__} is already registered with {known!r}.")
    _SUBJECT_PATHS[model] = subject


def is_personal(model: type[models.Model]) -> bool:
    return model in _SUBJECT_PATHS


def record_read(user: Any, obj: models.Model | Iterable[models.Model], view: str) -> int:
    """Log that `user` read `obj` (one record or several) through `view`; return the rows written.

    The person concerned is looked up in one query per model, so a list page costs two queries
    whatever its length. An anonymous user reads nothing personal (the pages require a login), so
    a read without a user id is a programming error.
    """
    objs = [obj] if isinstance(obj, models.Model) else list(obj)
    if not objs:
        return 0
    if getattr(user, "pk", None) is None:
        raise ValueError("A read of a personal record needs the reader's login.")
    by_model: dict[type[models.Model], list[Any]] = defaultdict(list)
    for one in objs:
        by_model[type(one)._meta.concrete_model or type(one)].append(one.pk)
    rows: list[Read] = []
    for model, ids in by_model.items():
        path = _SUBJECT_PATHS.get(model)
        if path is None:
            raise LookupError(f"{model.__name__} is not registered as a personal record.")
        subjects = dict(model._default_manager.filter(pk__in=ids).values_list("pk", path))
        content_type = ContentType.objects.get_for_model(model)
        rows.extend(
            Read(
                reader_id=user.pk,
                subject_id=subjects.get(pk),
                content_type=content_type,
                object_id=pk,
                view=view[:120],
            )
            for pk in dict.fromkeys(ids)
        )
    Read.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def reads_of_person(user_id: int) -> models.QuerySet[Read]:
    """The reads of the records of the person whose login is `user_id`, newest first, by others
    (a person reading their own record is logged but is not news to them)."""
    return (
        Read.objects.filter(subject_id=user_id)
        .exclude(reader_id=user_id)
        .select_related("content_type")
        .order_by("-ts", "-pk")
    )


def reads_of_record(obj: models.Model) -> models.QuerySet[Read]:
    """Every read of one record, newest first."""
    content_type = ContentType.objects.get_for_model(obj)
    return Read.objects.filter(content_type=content_type, object_id=obj.pk).order_by("-ts", "-pk")
