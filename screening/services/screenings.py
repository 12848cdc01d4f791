"""The team's screening of a referral: judgements, housing areas and departments needed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal, TypeAlias

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department, User
from families import deadlines
from families.models import DeadlineRule, Family
from families.services import cases
from families.services.common import by_actor
from screening import selectors
from screening.criteria import NATIONAL_CRITERIA, local_key
from screening.models import ChildArea, CriterionAnswer, HousingArea, Referral
from screening.services.referrals import lock_referral


class _Unset(Enum):
    """A typed sentinel: an enum member, so `area is UNSET` narrows the type."""

    UNSET = "unset"


# The team has not chosen an area for the child (any earlier choice is removed).
UNSET: Final = _Unset.UNSET
# A child's housing area as the team chose it: an area, none of the listed ones, or not chosen.
AreaChoice: TypeAlias = HousingArea | Literal[_Unset.UNSET] | None


@dataclass(frozen=True)
class Judgement:
    is_met: bool
    justification: str


@transaction.atomic
def save_screening(
    *,
    actor: User,
    referral: Referral,
    judgements: Mapping[tuple[int, str], Judgement | None],
    chosen_areas: Mapping[int, AreaChoice] = {},
    departments_needed: Iterable[Department] = (),
) -> Referral:
    """Save the team's judgements, chosen housing areas and departments needed; the family
    moves from "referred" to "screening"."""
    lock_referral(referral)
    if not referral.is_undecided:
        raise ValidationError(_("The referral has been decided; its screening is closed."))
    family = referral.family
    child_ids = {member.pk for member in referral.children.all()}
    valid_keys = {key for key, _label, _help, computed in NATIONAL_CRITERIA if not computed} | {
        local_key(criterion) for criterion in selectors.local_criteria(family.municipality_id)
    }
    departments_needed = list(departments_needed)
    if any(d.municipality_id != family.municipality_id for d in departments_needed):
        raise ValidationError(_("Choose departments of the family's own municipality."))
    for (member_id, key), judgement in judgements.items():
        if member_id not in child_ids or key not in valid_keys:
            raise ValidationError(_("The screening form is out of date; reload the page."))
        if judgement is None:
            CriterionAnswer.objects.filter(
                referral=referral, member_id=member_id, criterion_key=key
            ).delete()
            continue
        if not judgement.justification.strip():
            raise ValidationError(_("Give a short justification for every judged criterion."))
        answer, _created = CriterionAnswer.objects.get_or_create(
            referral=referral,
            member_id=member_id,
            criterion_key=key,
            defaults={
                "is_met": judgement.is_met,
                "justification": judgement.justification.strip(),
                "answered_by": actor,
            },
        )
        answer.is_met = judgement.is_met
        answer.justification = judgement.justification.strip()
        answer.answered_by = actor
        by_actor(answer, actor).save()
    areas = {
        area.pk for area in selectors.areas_valid_on(family.municipality_id, referral.received_on)
    }
    for member_id, area in chosen_areas.items():
        if member_id not in child_ids:
            raise ValidationError(_("The screening form is out of date; reload the page."))
        if area is UNSET:
            ChildArea.objects.filter(referral=referral, member_id=member_id).delete()
            continue
        if area is not None and area.pk not in areas:
            raise ValidationError(_("Choose a housing area on the lists in force at the referral."))
        chosen, _created = ChildArea.objects.get_or_create(
            referral=referral, member_id=member_id, defaults={"area": area}
        )
        chosen.area = area
        by_actor(chosen, actor).save()
    referral.departments_needed.set(departments_needed)
    referral.screened_at = timezone.now()
    by_actor(referral, actor).save(update_fields=["screened_at"])
    if family.status == Family.Status.REFERRED:
        cases.change_family_status(actor=actor, family=family, to_status=Family.Status.SCREENING)
    if referral.source == Referral.Source.NOTIFICATION:
        # Screening the notification of concern is assessing it (the 24-hour deadline). The
        # receipt to the notifier is sent outside the system: marked met on the overview.
        deadlines.meet_deadlines(
            actor=actor, family=family, kinds=[DeadlineRule.Kind.CONCERN_ASSESSED]
        )
    return referral
