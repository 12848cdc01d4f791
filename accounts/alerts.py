"""Insider mass look-ups (issue 9, item 13): a per-user hourly rate of families read.

Every access-log row that shows a family (an opened family page, a family in a list, a search
hit, an export) counts the family once per user and clock hour. The counting lives in the cache
(Redis in production): two round trips per request and no database query, whatever the size of
the page. When a user's count first reaches `LOOKUP_ALERT_FAMILIES_PER_HOUR` (a setting, default
200; a core team carries about 30 families), a `LookupAlert` row is written for the
municipality's administrators, the event is logged, and they get an e-mail after the commit that
names no one and links to the alert list in the administration.

The cache being down costs the count of that request, never the page: the failure is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.language import mail_in_their_languages
from accounts.models import LookupAlert, User

logger = logging.getLogger("kerneteam.audit")

DEFAULT_FAMILIES_PER_HOUR = 200
# Keys live a little longer than their hour.
_KEY_TIMEOUT = 2 * 3600


def threshold() -> int:
    return int(getattr(settings, "LOOKUP_ALERT_FAMILIES_PER_HOUR", DEFAULT_FAMILIES_PER_HOUR))


def _hour_starting(now: dt.datetime) -> dt.datetime:
    return now.replace(minute=0, second=0, microsecond=0)


def _count_new(user_id: int, hour: dt.datetime, family_ids: set[int]) -> tuple[int, int]:
    """Mark the families as read by the user this hour; (families new this hour, total)."""
    prefix = f"kt:reads:{user_id}:{hour:%Y%m%d%H}"
    keys = {f"{prefix}:{family_id}": family_id for family_id in family_ids}
    seen = cache.get_many(list(keys))
    new = [key for key in keys if key not in seen]
    if not new:
        return 0, 0
    cache.set_many(dict.fromkeys(new, 1), timeout=_KEY_TIMEOUT)
    counter = f"{prefix}:n"
    cache.add(counter, 0, timeout=_KEY_TIMEOUT)
    return len(new), int(cache.incr(counter, len(new)))


def note_families_read(
    user: User, family_ids: Iterable[int], *, now: dt.datetime | None = None
) -> LookupAlert | None:
    """Count the families as read by `user`; the alert when this read crosses the threshold."""
    ids = set(family_ids)
    if not ids or user.municipality_id is None:
        return None
    hour = _hour_starting(now or timezone.now())
    try:
        added, total = _count_new(user.pk, hour, ids)
    except Exception:  # the cache is down: the page is served, the gap is logged
        logger.warning("Look-up rate not counted for user %s (cache unavailable)", user.pk)
        return None
    limit = threshold()
    if not added or total < limit or total - added >= limit:
        return None
    return raise_alert(user, hour_starting=hour, families_read=total, limit=limit)


def raise_alert(
    user: User, *, hour_starting: dt.datetime, families_read: int, limit: int
) -> LookupAlert | None:
    """Write the alert (once per user and hour), log it, and e-mail the administrators."""
    assert user.municipality_id is not None  # note_families_read checked it
    alert, created = LookupAlert.objects.get_or_create(
        user=user,
        hour_starting=hour_starting,
        defaults={
            "municipality_id": user.municipality_id,
            "families_read": families_read,
            "threshold": limit,
        },
    )
    if not created:
        return None
    logger.warning(
        "Look-up alert %s: user %s read %s families in the hour from %s (threshold %s)",
        alert.pk,
        user.pk,
        families_read,
        hour_starting.isoformat(),
        limit,
    )
    transaction.on_commit(lambda: _mail_administrators(alert))
    return alert


def administrators_of(municipality_id: int) -> list[User]:
    """The municipality's active administrators with an e-mail address (each mailed in their
    own language, accounts/language.py)."""
    return list(
        User.objects.filter(
            municipality_id=municipality_id, is_municipality_admin=True, is_active=True
        ).exclude(email="")
    )


def _mail_administrators(alert: LookupAlert) -> None:
    recipients = administrators_of(alert.municipality_id)
    if not recipients:
        logger.warning("Look-up alert %s: the municipality has no administrator", alert.pk)
        return
    link = settings.SITE_URL + reverse("municipality_admin:accounts_lookupalert_changelist")
    mail_in_their_languages(
        recipients,
        lambda: (
            _("Kerneteam: unusual number of look-ups"),
            _(
                "A user in your municipality has opened more families within an hour than the "
                "threshold allows. See the look-up alerts in the administration:\n\n%(link)s"
            )
            % {"link": link},
        ),
    )
