"""Who added whom to a core team, with which role, and every later change (issue 9, item 3).

Read from the history of TeamMembership (simple-history records the user who made each change,
also on /administration/). The team's coordinators see these lines on the team's access log, so
an administrator who puts someone (or themselves) on a team to read its families is seen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from accounts.models import TeamMembership, User

CHANGES_SHOWN = 50


class _HistoryRow(Protocol):
    """The fields of a historical TeamMembership row that are read here."""

    id: int
    history_type: str
    history_date: dt.datetime
    history_user: User | None
    user: User
    team: object
    department: object
    department_id: int
    role: str
    is_active: bool


@dataclass(frozen=True)
class MembershipChange:
    at: dt.datetime
    team: str
    text: str


def _name(user: User | None) -> str:
    if user is None:
        return _("Someone (no user recorded)")
    return user.get_full_name() or user.username


def _role(value: str) -> str:
    return str(TeamMembership.Role(value).label) if value in TeamMembership.Role.values else value


def _describe(row: _HistoryRow, previous: _HistoryRow | None) -> str | None:
    params = {"actor": _name(row.history_user), "person": _name(row.user), "role": _role(row.role)}
    if row.history_type == "-":
        return _("%(actor)s removed %(person)s from the team") % params
    if previous is None or row.history_type == "+":
        if not row.is_active:
            return _("%(actor)s added %(person)s to the team as %(role)s (inactive)") % params
        return _("%(actor)s added %(person)s to the team as %(role)s") % params
    if previous.is_active and not row.is_active:
        return _("%(actor)s took %(person)s off the team") % params
    if not previous.is_active and row.is_active:
        return _("%(actor)s put %(person)s back on the team as %(role)s") % params
    if previous.role != row.role:
        return _("%(actor)s changed the role of %(person)s to %(role)s") % params
    if previous.department_id != row.department_id:
        return _("%(actor)s moved %(person)s to the department %(department)s") % {
            **params,
            "department": str(row.department),
        }
    return None


def membership_changes(team_ids: list[int]) -> list[MembershipChange]:
    """The latest changes to the teams' memberships, newest first (3 queries at any size)."""
    rows: list[_HistoryRow] = list(
        TeamMembership.history.filter(team_id__in=team_ids)
        .select_related("history_user", "user", "team", "department")
        .order_by("id", "history_date", "history_id")
    )
    changes: list[MembershipChange] = []
    previous: _HistoryRow | None = None
    for row in rows:
        if previous is not None and previous.id != row.id:
            previous = None
        text = _describe(row, previous)
        if text is not None:
            changes.append(MembershipChange(at=row.history_date, team=str(row.team), text=text))
        previous = row
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:CHANGES_SHOWN]
