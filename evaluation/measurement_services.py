"""Recording measurements: the one way a measurement is saved, from the entry page and the import.

The same data gives the same score whichever way it comes in: both call `record_measurement`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import language_of
from accounts.models import User
from config.concurrency import refuse_stale, token_of, values_of
from evaluation import person_waves, scoring
from evaluation.instruments import (
    ADULT_AGE,
    BACKGROUND,
    KIDSCREEN10,
    KIDSCREEN_SELF_FROM_AGE,
    WHO5,
    instruments_for_wave,
    spec_for,
)
from evaluation.measurement_selectors import audience_of, inclusion_date, reminders_due
from evaluation.models import Measurement, MeasurementReminder
from evaluation.waves import wave_due_on
from families.models import FamilyCoordinator, Member
from families.services.common import by_actor, refuse_future

MAX_WAVE = 40
# What the entry form edits: a correction made after the form was loaded is caught on these.
MEASUREMENT_FIELDS = ("answered_on", "outcome", "reason", "reason_note", "respondent", "answers")


def measurement_token(measurement: Measurement | None) -> str:
    """The edit token of a measurement, or of none recorded yet (config.concurrency)."""
    return token_of(measurement, MEASUREMENT_FIELDS)


def _check_instrument(*, audience: str, wave: int, instrument: str, age: int | None) -> None:
    if instrument in instruments_for_wave(audience=audience, wave=wave, age=age):
        return
    if instrument == WHO5 and age is not None and age < ADULT_AGE:
        raise ValidationError(
            _("WHO-5 is for persons aged 18 or more; on the answer date the person is %(age)s.")
            % {"age": age}
        )
    if instrument == KIDSCREEN10 and age is not None and age >= ADULT_AGE:
        raise ValidationError(
            _("KIDSCREEN-10 is for children up to 17; on the answer date the person is %(age)s.")
            % {"age": age}
        )
    if instrument == BACKGROUND or wave == 0:
        raise ValidationError(_("The background measurement is wave 0 and only wave 0."))
    raise ValidationError(_("This instrument is not part of this person's measurement."))


def _clean_answers(
    *, audience: str, instrument: str, answers: Mapping[str, int | None], age: int | None
) -> dict[str, int]:
    spec = spec_for(instrument, audience)
    cleaned: dict[str, int] = {}
    for code, value in answers.items():
        if code not in spec.item_codes:
            raise ValidationError(
                _("%(item)s is not an item of %(instrument)s.")
                % {"item": code, "instrument": spec.label}
            )
        if value is None:
            continue
        item = spec.item(code)
        if isinstance(value, bool) or not item.allows(value):
            raise ValidationError(
                _("%(item)s: %(value)s is not one of the answers.")
                % {"item": item.label, "value": value}
            )
        if item.min_age is not None and age is not None and age < item.min_age:
            raise ValidationError(
                _("%(item)s is asked only from age %(min)s.")
                % {"item": item.label, "min": item.min_age}
            )
        cleaned[code] = value
    return cleaned


@transaction.atomic
def record_measurement(
    *,
    actor: User,
    member: Member,
    wave: int,
    instrument: str,
    answered_on: dt.date,
    answers: Mapping[str, int | None] | None = None,
    outcome: str = Measurement.Outcome.ANSWERED,
    reason: str = "",
    reason_note: str = "",
    respondent: str = Measurement.Respondent.SELF,
    source: str = Measurement.Source.ENTRY,
    expected_token: str | None = None,
) -> Measurement:
    """Save one member's answers to one instrument at one wave, all or nothing.

    A second save for the same member, wave and instrument corrects the first (kept in its
    history). `expected_token` is the version the form was loaded from (config.concurrency): a
    stale correction, or a first save when someone else saved first, is refused with
    StaleEdit, never silently applied.
    """
    audience = audience_of(member)
    if audience is None:
        raise ValidationError(_("Only target children, parents and custody holders are measured."))
    if not 0 <= wave <= MAX_WAVE:
        raise ValidationError(
            _("Choose a wave between 0 (background) and %(max)s.") % {"max": MAX_WAVE}
        )
    refuse_future(answered_on, _("The answer date cannot be in the future."))
    if member.birth_date and answered_on < member.birth_date:
        raise ValidationError(_("The answer date is before the person was born."))
    age = member.age(answered_on)
    _check_instrument(audience=audience, wave=wave, instrument=instrument, age=age)
    if outcome not in Measurement.Outcome.values:
        raise ValidationError(_("Choose whether the measurement was answered."))
    if respondent not in Measurement.Respondent.values:
        raise ValidationError(_("Choose who answered."))
    if respondent == Measurement.Respondent.PROXY and instrument != KIDSCREEN10:
        raise ValidationError(_("Only KIDSCREEN-10 has a parent (proxy) version."))
    if (
        instrument == KIDSCREEN10
        and outcome == Measurement.Outcome.ANSWERED
        and respondent == Measurement.Respondent.SELF
        and age is not None
        and age < KIDSCREEN_SELF_FROM_AGE
    ):
        raise ValidationError(
            _("Children under %(age)s answer KIDSCREEN-10 through a parent (proxy version).")
            % {"age": KIDSCREEN_SELF_FROM_AGE}
        )

    spec = spec_for(instrument, audience)
    if outcome == Measurement.Outcome.NOT_ANSWERED:
        if reason not in Measurement.Reason.values:
            raise ValidationError(_("Give the reason it was not answered."))
        if answers and any(value is not None for value in answers.values()):
            raise ValidationError(_("A measurement that was not answered has no answers."))
        cleaned: dict[str, int] = {}
        result = scoring.Score(
            value=None,
            raw=None,
            no_score_reason=scoring.NO_SCORE_NOT_ANSWERED if spec.is_scored else "",
            missing=spec.item_codes,
        )
    else:
        if reason:
            raise ValidationError(_("A reason is given only when it was not answered."))
        cleaned = _clean_answers(
            audience=audience, instrument=instrument, answers=answers or {}, age=age
        )
        if spec.is_scored and not cleaned:
            raise ValidationError(
                _("Answer at least one item, or record that it was not answered.")
            )
        result = scoring.score(spec, cleaned)

    included_on = inclusion_date(member.family)
    # The member's row lock serialises two first saves of the same measurement.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    measurement = (
        Measurement.objects.select_for_update()
        .filter(member=member, wave=wave, instrument=instrument)
        .first()
    )
    refuse_stale(expected_token, values_of(measurement, MEASUREMENT_FIELDS), instance=measurement)
    if measurement is None:
        measurement = Measurement(
            family_id=member.family_id, member=member, wave=wave, instrument=instrument
        )
    measurement.audience = audience
    measurement.outcome = outcome
    measurement.reason = reason if outcome == Measurement.Outcome.NOT_ANSWERED else ""
    measurement.reason_note = reason_note.strip()
    measurement.respondent = respondent
    measurement.answered_on = answered_on
    measurement.due_on = wave_due_on(included_on, wave) if included_on else None
    measurement.age_at_answer = age
    measurement.answers = cleaned
    measurement.score = result.value
    measurement.raw_score = result.raw
    measurement.no_score_reason = result.no_score_reason
    measurement.source = source
    if measurement._state.adding:
        measurement.recorded_by = actor
    measurement.full_clean(exclude=["recorded_by", "family", "member"])
    by_actor(measurement, actor).save()
    # The dashboards' summary of this person, in the same transaction (evaluation.person_waves).
    person_waves.refresh([member.pk])
    return measurement


def _reminder_mails(
    recipients: dict[str, int], languages: dict[str, str]
) -> list[tuple[str, str, None, list[str]]]:
    """One mail per person, in their language: measurements are due, and where to look. Never a
    family or a name."""
    link = settings.SITE_URL + reverse("families:mine")
    mails: list[tuple[str, str, None, list[str]]] = []
    for address, count in sorted(recipients.items()):
        with translation.override(languages[address]):
            body = _(
                "%(count)s measurement wave(s) in your families are due in Kerneteam.\n"
                "Open the family's Measurements tab from here: %(link)s"
            ) % {"count": count, "link": link}
            mails.append((_("Kerneteam: measurements are due"), body, None, [address]))
    return mails


def create_measurement_reminders(today: dt.date | None = None) -> int:
    """Remind the family coordinators once per family and wave that falls due (daily beat task).

    Idempotent: a reminder that exists is not made again; the unique (family, wave) constraint
    refuses a concurrent run. Mails leave only after the transaction commits. Returns the number
    of reminders created.
    """
    today = today or timezone.localdate()
    due = reminders_due(today)  # the stored next wave of each open family (issue 12)
    if not due:
        return 0
    try:
        with transaction.atomic():
            existing = set(
                MeasurementReminder.objects.filter(
                    family_id__in={one.family.pk for one in due}
                ).values_list("family_id", "wave")
            )
            reminders = MeasurementReminder.objects.bulk_create(
                MeasurementReminder(family=one.family, wave=one.wave, due_on=one.due_on)
                for one in due
                if (one.family.pk, one.wave) not in existing
            )
            recipients: dict[str, int] = {}
            languages: dict[str, str] = {}
            for coordinator in FamilyCoordinator.objects.filter(
                family_id__in=[reminder.family_id for reminder in reminders]
            ).select_related("user"):
                address = coordinator.user.email
                if address:
                    count = sum(1 for r in reminders if r.family_id == coordinator.family_id)
                    recipients[address] = recipients.get(address, 0) + count
                    languages[address] = language_of(coordinator.user)
            mails = _reminder_mails(recipients, languages)
            if mails:
                transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    except IntegrityError:
        return 0  # another run made the same reminders at the same moment; it sends the mails
    return len(reminders)
