"""The read log's writer: one row per record read, the person found through the registered path,
and a model nobody declared personal refused (a read that cannot be traced is a bug)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from congvu.core import reads
from congvu.core.models import ExtraDay, Read
from congvu.core.reads import is_personal, reads_of_record, record_read, register_personal
from congvu.discipline.models import DisciplineCase
from congvu.innovation.models import Proposal
from congvu.people.models import Rating


@pytest.fixture
def users_personal() -> Iterator[None]:
    """Logins declared personal records of their own user, for the test only."""
    register_personal(get_user_model(), "pk")
    yield
    del reads._SUBJECT_PATHS[get_user_model()]


def test_ratings_and_cases_are_declared_personal() -> None:
    assert is_personal(Rating)
    assert is_personal(DisciplineCase)
    assert is_personal(Proposal)
    assert not is_personal(ExtraDay)


def test_an_undeclared_model_is_refused(db: None) -> None:
    day = ExtraDay.objects.create(date=dt.date(2026, 1, 2), is_working_day=False, reason="Tết")
    reader = get_user_model().objects.create(username="doc")

    with pytest.raises(LookupError):
        record_read(reader, day, "test")
    assert Read.objects.count() == 0


def test_a_second_path_for_the_same_model_is_refused() -> None:
    with pytest.raises(ValueError):
        register_personal(Rating, "manager__user")


def test_a_read_without_a_login_is_refused(db: None, users_personal: None) -> None:
    reader: Any = get_user_model().objects.create(username="doc")

    with pytest.raises(ValueError):
        record_read(get_user_model()(), reader, "test")


def test_one_row_per_record_and_the_log_is_append_only(db: None, users_personal: None) -> None:
    User = get_user_model()
    reader = User.objects.create(username="doc")
    other = User.objects.create(username="khac")

    written = record_read(reader, [other, other, reader], "test")

    # The same record twice on one page is one read; each row names its person.
    assert written == 2
    assert {(r.object_id, r.subject_id) for r in Read.objects.all()} == {
        (other.pk, other.pk),
        (reader.pk, reader.pk),
    }
    assert reads_of_record(other).count() == 1
    read = Read.objects.first()
    assert read is not None
    with pytest.raises(TypeError):
        read.save()
    with pytest.raises(TypeError):
        Read.objects.all().delete()


def test_the_database_refuses_to_change_the_read_log(db: None, users_personal: None) -> None:
    reader = get_user_model().objects.create(username="doc")
    record_read(reader, reader, "test")

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_read SET view = 'khác'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_read")
    assert Read.objects.get().view == "test"
