"""The housing-area reference data (the official lists, and local ones)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Municipality
from screening.models import HousingArea


@dataclass(frozen=True)
class AreaImport:
    created: int
    updated: int


@transaction.atomic
def import_housing_areas(*, rows: Iterable[Mapping[str, str]]) -> AreaImport:
    """Load housing areas (area, municipality, category, valid_from[, municipality_code,
    streets]); re-importing the same file changes nothing. A bad row rejects the whole file."""
    created = updated = 0
    by_code = {m.code: m for m in Municipality.objects.all()}
    by_name = {m.name.casefold(): m for m in Municipality.objects.all()}
    for number, row in enumerate(rows, start=2):
        try:
            name = row["area"].strip()
            municipality_name = row["municipality"].strip()
            category = row["category"].strip()
            valid_from = dt.date.fromisoformat(row["valid_from"].strip())
        except (KeyError, ValueError, AttributeError) as error:
            raise ValidationError(
                _("Line %(line)s: needs area, municipality, category and valid_from (YYYY-MM-DD).")
                % {"line": number}
            ) from error
        if category not in HousingArea.Category.values:
            raise ValidationError(
                _("Line %(line)s: unknown category “%(category)s”.")
                % {"line": number, "category": category}
            )
        if not name or not municipality_name:
            raise ValidationError(
                _("Line %(line)s: area and municipality are needed.") % {"line": number}
            )
        code = (row.get("municipality_code") or "").strip()
        municipality = by_code.get(code) if code else by_name.get(municipality_name.casefold())
        streets = "\n".join(
            street.strip() for street in (row.get("streets") or "").split(";") if street.strip()
        )
        area, was_created = HousingArea.objects.update_or_create(
            municipality_name=municipality_name,
            name=name,
            category=category,
            valid_from=valid_from,
            defaults={"municipality": municipality, "streets": streets},
        )
        created += was_created
        updated += not was_created
        area.full_clean()
    return AreaImport(created=created, updated=updated)
