"""Helpers every app's services use: who authored a change, dates that must not lie ahead."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User

ModelT = TypeVar("ModelT", bound=Model)


def by_actor(instance: ModelT, actor: User) -> ModelT:
    """Name the author of the next history row (services also run from commands and tasks)."""
    instance._history_user = actor  # type: ignore[attr-defined]  # read by simple_history on save
    return instance


def refuse_future(day: dt.date | None, message: str) -> None:
    """A date that must not lie in the future: raise the given message if it does."""
    if day and day > timezone.localdate():
        raise ValidationError(message)


def departments_of(municipality_id: int, departments: Iterable[Department]) -> list[Department]:
    """The given departments, refused unless all belong to the municipality."""
    departments = list(departments)
    if any(d.municipality_id != municipality_id for d in departments):
        raise ValidationError(_("Choose departments of the family's own municipality."))
    return departments
