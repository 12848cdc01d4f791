"""Part 4: a child's risk and need instrument, its level from the municipality's cut-offs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import (
    LEVEL_ORDER,
    Assessment,
    Instrument,
    RiskAssessment,
    RnrDomain,
)
from assessment.scoring import compute_level, final_level
from assessment.selectors import cutoffs_for
from assessment.services.drafts import check_own_member, lock_draft
from config.concurrency import refuse_stale, token_of, values_of
from families.models import Member
from families.services.common import by_actor, refuse_future

RISK_FIELDS = (
    "instrument",
    "assessed_on",
    "domain_scores",
    "strength_domains",
    "strengths_note",
    "override_level",
    "override_reason",
)


def risk_token(assessment: Assessment, member: Member) -> str:
    """The edit token of a child's risk assessment, or of none yet (config.concurrency)."""
    return token_of(
        RiskAssessment.objects.filter(assessment=assessment, member=member).first(), RISK_FIELDS
    )


@transaction.atomic
def record_risk_assessment(
    *,
    actor: User,
    assessment: Assessment,
    member: Member,
    instrument: Instrument,
    assessed_on: dt.date,
    domain_scores: Mapping[str, int],
    strength_domains: Sequence[str] = (),
    strengths_note: str = "",
    override_level: str = "",
    override_reason: str = "",
    expected_token: str | None = None,
) -> RiskAssessment:
    """Score one child's instrument, compute the level and apply a reasoned override; refused
    when someone else saved it since the form was loaded (`expected_token`, config.concurrency)."""
    lock_draft(assessment)  # the assessment's row lock serialises the first save too
    check_own_member(assessment, member)
    saved = RiskAssessment.objects.filter(assessment=assessment, member=member).first()
    refuse_stale(expected_token, values_of(saved, RISK_FIELDS), instance=saved)
    refuse_future(assessed_on, _("The assessment date cannot be in the future."))
    domains = list(instrument.domains.all())
    errors = []
    scores: dict[str, int] = {}
    for domain in domains:
        score = domain_scores.get(domain.rnr_domain)
        if score is None:
            errors.append(
                _("%(domain)s: give a score.") % {"domain": RnrDomain(domain.rnr_domain).label}
            )
        elif not 0 <= int(score) <= domain.item_count:
            errors.append(
                _("%(domain)s: the score must be between 0 and %(max)s.")
                % {"domain": RnrDomain(domain.rnr_domain).label, "max": domain.item_count}
            )
        else:
            scores[domain.rnr_domain] = int(score)
    extra = set(domain_scores) - {domain.rnr_domain for domain in domains}
    if extra:
        errors.append(_("Scores were given for domains the instrument does not have."))
    if set(strength_domains) - set(RnrDomain.values):
        errors.append(_("Choose strengths from the eight RNR domains."))
    if override_level and override_level not in LEVEL_ORDER:
        errors.append(_("Choose a level for the override."))
    if override_level and not override_reason.strip():
        errors.append(_("Give a reason for the override."))
    if override_reason.strip() and not override_level:
        errors.append(_("Choose the override level, or leave the reason empty."))
    if errors:
        raise ValidationError(errors)
    total = sum(scores.values())
    computed = compute_level(
        total, cutoffs_for(instrument=instrument, municipality=assessment.family.municipality_id)
    )
    if override_level == computed:
        raise ValidationError(
            _("The override is the same as the computed level; leave it empty instead.")
        )
    risk = saved or RiskAssessment(assessment=assessment, member=member)
    risk.instrument = instrument
    risk.assessed_on = assessed_on
    risk.domain_scores = scores
    risk.strength_domains = list(strength_domains)
    risk.strengths_note = strengths_note
    risk.total = total
    risk.computed_level = computed
    risk.override_level = override_level
    risk.override_reason = override_reason.strip() if override_level else ""
    risk.final_level = final_level(computed, override_level)
    risk.recorded_by = actor
    by_actor(risk, actor).save()
    return risk
