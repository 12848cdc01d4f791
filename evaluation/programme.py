"""Reads of the programme-wide settings the national evaluator keeps (the dashboards' cut-off).

The dashboard, its CSVs and every filter the steering group can choose split at this one date:
nobody but the evaluator picks a cut-off, so no two splits exist side by side to be subtracted.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from evaluation.models import ProgrammeCutOff


def current_cut_off() -> dt.date | None:
    """The date the dashboards split at now (None: no split is set)."""
    newest = ProgrammeCutOff.objects.order_by("-set_at", "-pk").values_list("cut_off").first()
    return newest[0] if newest else None


def cut_off_history() -> QuerySet[ProgrammeCutOff]:
    """Every cut-off ever set, newest (the one in force) first, with who set it."""
    return ProgrammeCutOff.objects.select_related("set_by").order_by("-set_at", "-pk")
