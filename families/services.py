"""Every change to the family case record goes through a function here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import Department, Municipality, Team, TeamMembership, User
from families.access import GRANT_PERMISSION
from families.cpr import parse_cpr
from families.models import (
    ALLOWED_TRANSITIONS,
    ENDED_STATUSES,
    REOPEN_STATUS,
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

MEMBER_FIELDS = (
    "role",
    "is_in_programme",
    "is_custody_holder",
    "first_name",
    "last_name",
    "cpr",
    "birth_date",
    "gender",
    "origin",
    "languages",
    "needs_interpreter",
    "address",
    "postal_code",
    "city",
    "lives_in_household",
    "school_or_workplace",
    "education_status",
    "support_status",
)
FAMILY_FIELDS = ("name", "housing_area", "notes")


def by_actor(instance: Model, actor: User) -> Model:
    """Name the author of the next history row (services also run from commands and tasks)."""
    instance._history_user = actor  # type: ignore[attr-defined]
    return instance


def refuse_future(day: dt.date | None, message: str) -> None:
    """A date that must not lie in the future: raise the given message if it does."""
    if day and day > timezone.localdate():
        raise ValidationError(message)


def _next_reference(municipality: Municipality, year: int) -> str:
    prefix = f"{municipality.reference_prefix}-{year}-"
    last = (
        Family.objects.filter(municipality=municipality, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def create_family(
    *, actor: User, team: Team, name: str, housing_area: str = "", notes: str = ""
) -> Family:
    """Open a new family record in the referred state, with a fresh reference and coordinator."""
    # Lock the municipality row so two new families never get the same reference.
    municipality = Municipality.objects.select_for_update().get(pk=team.municipality_id)
    family = Family(
        municipality=municipality,
        team=team,
        name=name,
        housing_area=housing_area,
        notes=notes,
        created_by=actor,
        reference=_next_reference(municipality, timezone.localdate().year),
    )
    family.full_clean()
    by_actor(family, actor).save()
    FamilyStatusChange.objects.create(
        family=family, from_status="", to_status=family.status, changed_by=actor
    )
    # Whoever opens the record owns it until the team decides otherwise.
    if TeamMembership.objects.filter(user=actor, team=team, is_active=True).exists():
        by_actor(
            FamilyCoordinator(family=family, user=actor, kind=FamilyCoordinator.Kind.PRIMARY),
            actor,
        ).save()
    return family


@transaction.atomic
def update_family(*, actor: User, family: Family, **fields: object) -> Family:
    """Change the family's own descriptive fields."""
    unknown = set(fields) - set(FAMILY_FIELDS)
    if unknown:
        raise ValueError(f"Not family fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(family, name, value)
    family.full_clean()
    by_actor(family, actor).save(update_fields=list(fields))
    return family


@transaction.atomic
def change_family_status(
    *, actor: User, family: Family, to_status: str, reason: str = ""
) -> Family:
    """Move the family along its path; only the transitions in ALLOWED_TRANSITIONS are possible."""
    _lock_status(family)
    if to_status not in ALLOWED_TRANSITIONS[family.status]:
        raise ValidationError(
            _("A family cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": Family.Status(family.status).label,
                "to": Family.Status(to_status).label,
            }
        )
    if to_status in ENDED_STATUSES and not reason.strip():
        raise ValidationError(_("Give a reason when a family's case ends."))
    return _set_status(actor=actor, family=family, to_status=to_status, reason=reason)


@transaction.atomic
def reopen_family(*, actor: User, family: Family, reason: str) -> Family:
    """Reopen a closed, rejected or withdrawn family; the team screens it again."""
    _lock_status(family)
    if family.status not in ENDED_STATUSES:
        raise ValidationError(_("Only a closed, rejected or withdrawn family can be reopened."))
    if not reason.strip():
        raise ValidationError(_("Give a reason for reopening the family."))
    _set_status(actor=actor, family=family, to_status=REOPEN_STATUS, reason=reason)
    for child in family.members.filter(role=Member.Role.TARGET_CHILD, is_in_programme=False):
        child.is_in_programme = True
        by_actor(child, actor).save(update_fields=["is_in_programme"])
    return family


def _lock_status(family: Family) -> None:
    # Two coordinators may act at once: lock the row and decide on the current status.
    Family.objects.select_for_update().filter(pk=family.pk).first()
    family.refresh_from_db(fields=["status", "status_changed_at"])


def _set_status(*, actor: User, family: Family, to_status: str, reason: str) -> Family:
    FamilyStatusChange.objects.create(
        family=family,
        from_status=family.status,
        to_status=to_status,
        reason=reason.strip(),
        changed_by=actor,
    )
    family.status = to_status
    family.status_changed_at = timezone.now()
    family._change_reason = reason.strip()  # type: ignore[attr-defined]
    by_actor(family, actor).save(update_fields=["status", "status_changed_at"])
    return family


def _target_child_in_programme(member: Member) -> None:
    # While the case is open the child the programme is for is in it; closing ends that for all.
    if member.role == Member.Role.TARGET_CHILD and not member.family.is_ended:
        member.is_in_programme = True


def _apply_cpr(member: Member) -> None:
    """Normalise the CPR number and derive the birth date from it."""
    if member.cpr:
        info = parse_cpr(member.cpr)
        member.cpr = info.formatted
        member.birth_date = info.birth_date
    refuse_future(member.birth_date, _("The birth date cannot be in the future."))


@transaction.atomic
def add_member(*, actor: User, family: Family, **fields: object) -> Member:
    """Add a person to the family."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"Not member fields: {sorted(unknown)}")
    member = Member(family=family, **fields)
    _target_child_in_programme(member)
    _apply_cpr(member)
    member.full_clean()
    by_actor(member, actor).save()
    return member


@transaction.atomic
def update_member(*, actor: User, member: Member, **fields: object) -> Member:
    """Change a family member's basic data."""
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"Not member fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(member, name, value)
    _target_child_in_programme(member)
    _apply_cpr(member)
    member.full_clean()
    by_actor(member, actor).save()
    return member


@transaction.atomic
def end_programme_for_members(*, actor: User, family: Family) -> int:
    """When the family's case closes, take every member out of the programme: no member of a
    closed family stays in it."""
    members = list(family.members.filter(is_in_programme=True))
    for member in members:
        member.is_in_programme = False
        by_actor(member, actor).save(update_fields=["is_in_programme"])
    return len(members)


@transaction.atomic
def assign_coordinator(*, actor: User, family: Family, user: User, kind: str) -> FamilyCoordinator:
    """Make a core-team caseworker the family's primary or secondary coordinator."""
    if not TeamMembership.objects.filter(
        user=user, team_id=family.team_id, is_active=True
    ).exists():
        raise ValidationError(_("A family coordinator must be a member of the family's core team."))
    existing = FamilyCoordinator.objects.filter(family=family).select_for_update()
    for coordinator in existing:
        if coordinator.kind == kind:
            raise ValidationError(
                _("The family already has a %(kind)s: %(name)s. Remove them first.")
                % {"kind": FamilyCoordinator.Kind(kind).label.lower(), "name": coordinator.user}
            )
        if coordinator.user_id == user.pk:
            raise ValidationError(
                _("%(name)s is already a coordinator of this family.") % {"name": user}
            )
    coordinator = FamilyCoordinator(family=family, user=user, kind=kind)
    try:
        with transaction.atomic():
            by_actor(coordinator, actor).save()
    except IntegrityError as error:  # a concurrent assignment won the race
        raise ValidationError(_("Someone else just assigned this coordinator role.")) from error
    return coordinator


@transaction.atomic
def remove_coordinator(*, actor: User, coordinator: FamilyCoordinator) -> None:
    by_actor(coordinator, actor).delete()


def _departments_of(municipality_id: int, departments: Iterable[Department]) -> list[Department]:
    departments = list(departments)
    if any(d.municipality_id != municipality_id for d in departments):
        raise ValidationError(_("Choose departments of the family's own municipality."))
    return departments


@transaction.atomic
def record_consent(
    *,
    actor: User,
    family: Family,
    given_by: Iterable[Member],
    departments: Iterable[Department],
    given_on: dt.date,
    expires_on: dt.date | None = None,
    document: object = None,
    note: str = "",
) -> Consent:
    """Record a consent to exchange information; awaiting families become included."""
    given_by = list(given_by)
    departments = _departments_of(family.municipality_id, departments)
    if not departments:
        raise ValidationError(_("Choose at least one department the consent covers."))
    if not given_by:
        raise ValidationError(_("Choose who gave the consent."))
    if any(member.family_id != family.pk for member in given_by):
        raise ValidationError(_("Only members of this family can give its consent."))
    refuse_future(given_on, _("The consent date cannot be in the future."))
    if expires_on and expires_on < given_on:
        raise ValidationError(_("The consent cannot expire before it was given."))
    consent = Consent(
        family=family,
        given_on=given_on,
        expires_on=expires_on,
        note=note,
        recorded_by=actor,
    )
    if document:
        consent.document = document
    consent.full_clean()
    by_actor(consent, actor).save()
    consent.departments.set(departments)
    consent.given_by.set(given_by)
    _lock_status(family)
    if family.status == Family.Status.AWAITING_CONSENT and consent.is_active_on(
        timezone.localdate()
    ):
        change_family_status(actor=actor, family=family, to_status=Family.Status.INCLUDED)
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User, consent: Consent, note: str = "") -> Consent:
    """Withdraw a consent today; it stops covering anything at once."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    consent.withdrawn_on = max(timezone.localdate(), consent.given_on)
    if note.strip():
        consent.note = f"{consent.note}\n{note.strip()}".strip()
    by_actor(consent, actor).save(update_fields=["withdrawn_on", "note"])
    return consent


@transaction.atomic
def record_handover(
    *,
    actor: User,
    family: Family,
    department: Department,
    handed_over_on: dt.date,
    member: Member | None = None,
    case_reference: str = "",
    former_caseworker: str = "",
    note: str = "",
    has_existing_case: bool = True,
) -> Handover:
    """Record that a department's existing case was handed over (or that it has none)."""
    _departments_of(family.municipality_id, [department])
    if member is not None and member.family_id != family.pk:
        raise ValidationError(_("Choose a member of this family."))
    refuse_future(handed_over_on, _("The handover date cannot be in the future."))
    if not has_existing_case and (case_reference.strip() or former_caseworker.strip()):
        raise ValidationError(
            _("A department without an existing case has no case reference or former caseworker.")
        )
    handover = Handover(
        family=family,
        department=department,
        member=member,
        has_existing_case=has_existing_case,
        case_reference=case_reference,
        former_caseworker=former_caseworker,
        handed_over_on=handed_over_on,
        note=note,
        recorded_by=actor,
    )
    handover.full_clean()
    by_actor(handover, actor).save()
    return handover


@transaction.atomic
def create_task(
    *, actor: User, family: Family, title: str, due_on: dt.date, member: Member | None = None
) -> Task:
    """Give the core team a reminder about the family; an identical open task is not repeated."""
    if member is not None and member.family_id != family.pk:
        raise ValidationError(_("Choose a member of this family."))
    existing = Task.objects.filter(
        family=family, member=member, title=title.strip(), completed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    task = Task(family=family, member=member, title=title.strip(), due_on=due_on, created_by=actor)
    task.full_clean()
    by_actor(task, actor).save()
    return task


@transaction.atomic
def complete_task(*, actor: User, task: Task) -> Task:
    """Mark a reminder as done."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.completed_at is None:
        task.completed_at = timezone.now()
        by_actor(task, actor).save(update_fields=["completed_at"])
    return task


@transaction.atomic
def write_journal_note(
    *,
    actor: User,
    family: Family,
    department_id: int,
    written_on: dt.date,
    category: str,
    text: str,
    members: Iterable[Member] = (),
) -> JournalNote:
    """Add a note to the team's running journal, owned by the author's department."""
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError(_("Choose members of this family."))
    refuse_future(written_on, _("A journal note cannot be dated in the future."))
    note = JournalNote(
        family=family,
        department_id=department_id,
        author=actor,
        written_on=written_on,
        category=category,
        text=text,
    )
    note.full_clean()
    by_actor(note, actor).save()
    note.members.set(members)
    return note


@transaction.atomic
def update_journal_note(
    *,
    actor: User,
    note: JournalNote,
    written_on: dt.date,
    category: str,
    text: str,
    members: Iterable[Member] = (),
) -> JournalNote:
    members = list(members)
    if any(member.family_id != note.family_id for member in members):
        raise ValidationError(_("Choose members of this family."))
    refuse_future(written_on, _("A journal note cannot be dated in the future."))
    note.written_on, note.category, note.text = written_on, category, text
    note.full_clean()
    by_actor(note, actor).save(update_fields=["written_on", "category", "text"])
    note.members.set(members)
    return note


@transaction.atomic
def log_contact(
    *,
    actor: User,
    family: Family,
    department_id: int,
    kind: str,
    occurred_at: dt.datetime,
    summary: str,
    members: Iterable[Member] = (),
) -> Contact:
    """Log one contact with the family in the quick contact log."""
    members = list(members)
    if any(member.family_id != family.pk for member in members):
        raise ValidationError(_("Choose members of this family."))
    if occurred_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(_("A contact cannot be logged in the future."))
    contact = Contact(
        family=family,
        department_id=department_id,
        staff=actor,
        kind=kind,
        occurred_at=occurred_at,
        summary=summary.strip(),
    )
    contact.full_clean()
    by_actor(contact, actor).save()
    contact.members.set(members)
    return contact


@transaction.atomic
def grant_outside_access(
    *,
    actor: User,
    family: Family,
    user: User,
    department: Department,
    valid_until: dt.date,
    reason: str,
) -> FamilyGrant:
    """Invite a caseworker outside the core team to one family until a date."""
    if user.municipality_id != family.municipality_id:
        raise ValidationError(_("Only users of the family's own municipality can be invited."))
    if TeamMembership.objects.filter(user=user, team_id=family.team_id, is_active=True).exists():
        raise ValidationError(_("%(name)s is already on the core team.") % {"name": user})
    if valid_until < timezone.localdate():
        raise ValidationError(_("The access must last until today or later."))
    _departments_of(family.municipality_id, [department])
    grant = FamilyGrant(
        family=family,
        user=user,
        department=department,
        valid_until=valid_until,
        reason=reason,
        granted_by=actor,
    )
    grant.full_clean()
    by_actor(grant, actor).save()
    assign_perm(GRANT_PERMISSION, user, family)
    return grant


@transaction.atomic
def revoke_outside_access(*, actor: User, grant: FamilyGrant) -> FamilyGrant:
    """End an outside caseworker's access now."""
    grant = FamilyGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        by_actor(grant, actor).save(update_fields=["revoked_at"])
    _drop_permission_unless_other_grant(grant)
    return grant


def _drop_permission_unless_other_grant(grant: FamilyGrant) -> None:
    still_granted = FamilyGrant.objects.filter(
        family_id=grant.family_id,
        user_id=grant.user_id,
        revoked_at__isnull=True,
        valid_until__gte=timezone.localdate(),
    ).exists()
    if not still_granted:
        remove_perm(GRANT_PERMISSION, grant.user, grant.family)


def remove_expired_grant_permissions() -> int:
    """Tidy the guardian permissions of expired grants (access already stops at expiry)."""
    expired = FamilyGrant.objects.filter(valid_until__lt=timezone.localdate()).select_related(
        "user", "family"
    )
    for grant in expired:
        _drop_permission_unless_other_grant(grant)
    return len(expired)
