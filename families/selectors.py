"""Every query the family pages need, limited to what the user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import pairwise

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Team, TeamMembership, User
from families.access import FamilyAccess, families_visible_to, lead_team_ids, member_team_ids
from families.cpr import normalise
from families.history_sources import HistorySource, history_sources_for
from families.models import (
    AccessLogEntry,
    Consent,
    Contact,
    Family,
    FamilyCoordinator,
    FamilyGrant,
    FamilyStatusChange,
    Handover,
    JournalNote,
    Member,
    Task,
)

OVERVIEW_NOTES = 5
OVERVIEW_CONTACTS = 10


def _with_list_data(families: QuerySet[Family]) -> QuerySet[Family]:
    return (
        families.select_related("team")
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(
            Prefetch(
                "coordinators",
                queryset=FamilyCoordinator.objects.select_related("user").order_by("kind"),
            ),
            Prefetch(
                "members",
                queryset=Member.objects.filter(is_in_programme=True).only(
                    "first_name", "last_name", "birth_date", "family_id"
                ),
                to_attr="programme_members",
            ),
        )
    )


def search_families(
    families: QuerySet[Family],
    *,
    query: str = "",
    status: str = "",
    coordinator: User | None = None,
) -> QuerySet[Family]:
    query = query.strip()
    if query:
        cpr = normalise(query).replace("-", "")
        member_match = Member.objects.filter(family=OuterRef("pk")).filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | (
                Q(cpr__startswith=f"{cpr[:6]}-{cpr[6:]}".rstrip("-"))
                if cpr.isdigit()
                else Q(pk=None)
            )
        )
        families = families.filter(
            Q(name__icontains=query) | Q(reference__icontains=query) | Exists(member_match)
        )
    if status:
        families = families.filter(status=status)
    if coordinator is not None:
        families = families.filter(coordinators__user=coordinator)
    return families


def my_families(user: User) -> QuerySet[Family]:
    """Families the user coordinates, or is invited to from outside the team."""
    visible = families_visible_to(user)
    mine = visible.filter(
        Q(coordinators__user=user) | Q(grants__user=user, grants__revoked_at__isnull=True)
    ).values("pk")
    return _with_list_data(visible.filter(pk__in=mine)).order_by("name")


def team_families(user: User) -> QuerySet[Family]:
    """All families of the user's core teams."""
    team_ids = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    return _with_list_data(families_visible_to(user).filter(team_id__in=team_ids)).order_by("name")


def teams_of(user: User) -> QuerySet[Team]:
    """The core teams the user works in: where they can open a new family."""
    return Team.objects.filter(pk__in=member_team_ids(user))


def team_coordinators(user: User) -> QuerySet[User]:
    team_ids = TeamMembership.objects.filter(user=user, is_active=True).values("team_id")
    return User.objects.filter(
        memberships__team_id__in=team_ids, memberships__is_active=True
    ).distinct()


@dataclass
class FamilyOverview:
    members: list[Member]
    coordinators: list[FamilyCoordinator]
    consents: list[Consent]
    handovers: list[Handover]
    notes: list[JournalNote]
    contacts: list[Contact]
    status_changes: list[FamilyStatusChange]
    grants: list[FamilyGrant]
    open_tasks: list[Task]


def family_members(family: Family) -> QuerySet[Member]:
    return Member.objects.filter(family=family).order_by("birth_date", "pk")


def family_coordinators(family: Family) -> QuerySet[FamilyCoordinator]:
    return FamilyCoordinator.objects.filter(family=family).select_related("user")


def family_consents(access: FamilyAccess) -> QuerySet[Consent]:
    return (
        Consent.objects.filter(family=access.family)
        .prefetch_related("departments", "given_by")
        .select_related("recorded_by")
    )


def visible_handovers(access: FamilyAccess) -> QuerySet[Handover]:
    return Handover.objects.filter(
        family=access.family, department_id__in=access.readable_department_ids
    ).select_related("department", "member")


def visible_notes(access: FamilyAccess) -> QuerySet[JournalNote]:
    return (
        JournalNote.objects.filter(
            family=access.family, department_id__in=access.readable_department_ids
        )
        .select_related("author", "department")
        .prefetch_related("members")
    )


def family_contacts(access: FamilyAccess) -> QuerySet[Contact]:
    # The one-line contact log is visible to the team before consent: it documents motivation.
    return (
        Contact.objects.filter(family=access.family)
        .select_related("staff", "department")
        .prefetch_related("members")
    )


def family_grants(access: FamilyAccess) -> QuerySet[FamilyGrant]:
    return FamilyGrant.objects.filter(family=access.family).select_related(
        "user", "department", "granted_by"
    )


def family_overview(access: FamilyAccess) -> FamilyOverview:
    """Everything the family page shows, in a fixed number of queries."""
    family = access.family
    return FamilyOverview(
        members=list(family_members(family)),
        coordinators=list(family_coordinators(family)),
        consents=list(family_consents(access)),
        handovers=list(visible_handovers(access)) if access.can_view_case_content else [],
        notes=list(visible_notes(access)[:OVERVIEW_NOTES]),
        contacts=list(family_contacts(access)[:OVERVIEW_CONTACTS]),
        status_changes=list(
            FamilyStatusChange.objects.filter(family=family).select_related("changed_by")
        ),
        grants=list(family_grants(access)) if access.can_manage_family else [],
        open_tasks=list(open_tasks(access)) if access.is_team_member else [],
    )


def open_tasks(access: FamilyAccess) -> QuerySet[Task]:
    return Task.objects.filter(family=access.family, completed_at__isnull=True).select_related(
        "member"
    )


def get_open_task(access: FamilyAccess, task_id: int) -> Task:
    task = open_tasks(access).filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


def get_member(access: FamilyAccess, member_id: int) -> Member:
    member = Member.objects.filter(family=access.family, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def get_consent(access: FamilyAccess, consent_id: int) -> Consent:
    consent = Consent.objects.filter(family=access.family, pk=consent_id).first()
    if consent is None:
        raise Http404
    return consent


def get_note(access: FamilyAccess, note_id: int) -> JournalNote:
    """A note of this family; the caller decides with access whether it may be read."""
    note = (
        JournalNote.objects.filter(family=access.family, pk=note_id)
        .select_related("author", "department")
        .first()
    )
    if note is None:
        raise Http404
    return note


def get_coordinator(access: FamilyAccess, coordinator_id: int) -> FamilyCoordinator:
    coordinator = FamilyCoordinator.objects.filter(family=access.family, pk=coordinator_id).first()
    if coordinator is None:
        raise Http404
    return coordinator


def get_grant(access: FamilyAccess, grant_id: int) -> FamilyGrant:
    grant = FamilyGrant.objects.filter(family=access.family, pk=grant_id).first()
    if grant is None:
        raise Http404
    return grant


# --- History -------------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: dt.datetime
    user: User | None
    what: str  # e.g. "Family member", "Journal note"
    subject: str  # e.g. the member's name
    action: str  # created / changed / deleted
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    only_many_to_many: bool = False


_ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
# Fields that are bookkeeping, not content.
_HIDDEN_FIELDS = {"id", "family", "created_at", "recorded_at", "granted_at", "status_changed_at"}


def _display(record: object, field_name: str) -> str:
    model = record.instance_type  # type: ignore[attr-defined]
    try:
        model_field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return ""
    value = getattr(record, model_field.attname, None)
    if value in (None, ""):
        return "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        related = getattr(record, field_name, None)
        return str(related) if related is not None else "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _history_querysets(access: FamilyAccess) -> list[tuple[HistorySource, QuerySet]]:
    # Every foreign key shown as a value is loaded in the same query.
    return [
        (
            source,
            source.records(access).select_related(
                "history_user", *_shown_relations(source.records(access).model)
            ),
        )
        for source in history_sources_for(access)
    ]


def _shown_relations(history_model: type) -> list[str]:
    model = history_model.instance_type
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name not in _HIDDEN_FIELDS
    ]


def family_history(access: FamilyAccess) -> list[HistoryEntry]:
    """Who changed what and when, with before and after values.

    One query per kind of record and one per many-to-many field, however long the history.
    """
    entries: list[HistoryEntry] = []
    for source, records in _history_querysets(access):
        records = list(records.order_by("history_date", "history_id"))
        many = _many_to_many_values(records, records[0].instance_type) if records else {}
        by_object: dict[int, list] = {}
        for record in records:
            by_object.setdefault(record.id, []).append(record)
        for versions in by_object.values():
            created = _entry(source, None, versions[0], many)
            entries.append(created)
            for previous, current in pairwise(versions):
                entry = _entry(source, previous, current, many)
                if _completes_creation(created, entry):
                    # Services set a note's members or a consent's departments right after
                    # creating it; that second version belongs to the creation.
                    created.changes.extend(
                        FieldChange(change.label, "", change.after) for change in entry.changes
                    )
                elif entry.changes or entry.action != "changed" or entry.reason:
                    entries.append(entry)
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def _completes_creation(created: HistoryEntry, entry: HistoryEntry) -> bool:
    return (
        entry.action == "changed"
        and entry.only_many_to_many
        and entry.user == created.user
        and abs((entry.at - created.at).total_seconds()) < 10
    )


def _many_to_many_values(records: list, model: type) -> dict[int, dict[str, str]]:
    """Per historical version: the names held in each many-to-many field at that version."""
    values: dict[int, dict[str, list[str]]] = {}
    version_ids = [record.history_id for record in records]
    for m2m_field in model._meta.many_to_many:
        through = apps.get_model(
            model._meta.app_label, f"Historical{model.__name__}_{m2m_field.name}"
        )
        target = m2m_field.related_model._meta.model_name
        for row in through.objects.filter(history_id__in=version_ids).select_related(target):
            values.setdefault(row.history_id, {}).setdefault(m2m_field.name, []).append(
                str(getattr(row, target))
            )
    return {
        version: {name: ", ".join(sorted(names)) for name, names in fields.items()}
        for version, fields in values.items()
    }


def _entry(
    source: HistorySource,
    previous: object | None,
    record: object,
    many: dict[int, dict[str, str]],
) -> HistoryEntry:
    model = record.instance_type  # type: ignore[attr-defined]
    hidden = _HIDDEN_FIELDS | source.context_fields
    m2m_fields = model._meta.many_to_many
    changes: list[FieldChange] = []
    if previous is not None and record.history_type == "~":  # type: ignore[attr-defined]
        excluded = [m2m_field.name for m2m_field in m2m_fields]
        delta = record.diff_against(previous, excluded_fields=excluded)  # type: ignore[attr-defined]
        for change in delta.changes:
            if change.field in hidden:
                continue
            changes.append(
                FieldChange(
                    label=str(model._meta.get_field(change.field).verbose_name).capitalize(),
                    before=_display(previous, change.field),
                    after=_display(record, change.field),
                )
            )
        field_changes = len(changes)
        before_many = many.get(previous.history_id, {})  # type: ignore[attr-defined]
        after_many = many.get(record.history_id, {})  # type: ignore[attr-defined]
        for m2m_field in m2m_fields:
            before = before_many.get(m2m_field.name, "")
            after = after_many.get(m2m_field.name, "")
            if before != after:
                label_text = str(m2m_field.verbose_name).capitalize()
                changes.append(FieldChange(label_text, before or "–", after or "–"))
        only_many = field_changes == 0 and len(changes) > 0
    else:
        only_many = False
        if record.history_type == "+":  # type: ignore[attr-defined]
            for model_field in model._meta.concrete_fields:
                if model_field.name in hidden:
                    continue
                shown = _display(record, model_field.name)
                if shown not in ("", "–"):
                    changes.append(
                        FieldChange(str(model_field.verbose_name).capitalize(), "", shown)
                    )
    return HistoryEntry(
        at=record.history_date,  # type: ignore[attr-defined]
        user=record.history_user,  # type: ignore[attr-defined]
        what=str(source.label),
        subject=source.subject(record),
        action=_ACTIONS[record.history_type],  # type: ignore[attr-defined]
        reason=record.history_change_reason or "",  # type: ignore[attr-defined]
        changes=changes,
        only_many_to_many=only_many,
    )


def record_subject(record: object) -> str:
    """A short name for the changed record, from the historical row itself (no queries)."""
    model = record.instance_type  # type: ignore[attr-defined]
    if model is Member:
        return f"{record.first_name} {record.last_name}"  # type: ignore[attr-defined]
    if model is Family:
        return f"{record.reference} {record.name}"  # type: ignore[attr-defined]
    if model in (FamilyCoordinator, FamilyGrant):
        return str(record.user)  # type: ignore[attr-defined]
    if model is Consent:
        return _display(record, "given_on")
    if model is Handover:
        return str(record.department)  # type: ignore[attr-defined]
    if model is JournalNote:
        return f"{record.written_on} · {record.department}"  # type: ignore[attr-defined]
    if model is Task:
        return record.title  # type: ignore[attr-defined]
    if model is Contact:
        when = timezone.localtime(record.occurred_at)  # type: ignore[attr-defined]
        return f"{_display(record, 'kind')} · {when:%d-%m-%Y}"
    return ""


# --- Access log ----------------------------------------------------------------------------


def family_access_log(access: FamilyAccess) -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.filter(family=access.family).select_related("user", "member")


def team_access_log(user: User) -> QuerySet[AccessLogEntry]:
    """The access log of the families of the teams the user leads."""
    return AccessLogEntry.objects.filter(
        family__team_id__in=lead_team_ids(user), family__municipality_id=user.municipality_id
    ).select_related("user", "member", "family")


def person_access_log(member: Member) -> QuerySet[AccessLogEntry]:
    """Reads that showed this person's data: their own pages and their family's shared pages."""
    return (
        AccessLogEntry.objects.filter(
            Q(member=member) | Q(family_id=member.family_id, member__isnull=True)
        )
        .exclude(outcome__in=[AccessLogEntry.Outcome.DENIED, AccessLogEntry.Outcome.NOT_FOUND])
        .select_related("user")
        .order_by("at", "pk")
    )
