"""The daily due items: reassessments and aftercare checks of the next 14 days, once each."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.language import in_language_of, language_of
from actionplans.models import ActionPlan, DueItem, Notification
from actionplans.rules import DUE_SOON_DAYS
from config.dates import date_text
from families.models import FamilyCoordinator


def _due_plans(today: dt.date) -> list[tuple[ActionPlan, str, dt.date]]:
    """Active plans with a reassessment and closed plans with an aftercare check due (2 queries)."""
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due: list[tuple[ActionPlan, str, dt.date]] = []
    # An active plan's next reassessment is stored by the municipality's rule (queue_due_on).
    for plan in ActionPlan.objects.filter(
        status=ActionPlan.Status.ACTIVE, queue_due_on__lte=horizon
    ).select_related("family"):
        assert plan.queue_due_on is not None  # the queryset's filter
        due.append((plan, DueItem.Kind.REASSESSMENT, plan.queue_due_on))
    for closed in ActionPlan.objects.filter(
        status=ActionPlan.Status.CLOSED,
        aftercare_on__lte=horizon,
        aftercare_done_on__isnull=True,
    ).select_related("family"):
        assert closed.aftercare_on is not None  # the queryset's filter
        due.append((closed, DueItem.Kind.AFTERCARE, closed.aftercare_on))
    return due


def _reminder_mails(
    recipients: dict[str, int], languages: dict[str, str]
) -> list[tuple[str, str, None, list[str]]]:
    """One mail per person, in their language: something is due, and where to look. Never a
    family or a name."""
    link = settings.SITE_URL + reverse("actionplans:notifications")
    mails: list[tuple[str, str, None, list[str]]] = []
    for address, count in sorted(recipients.items()):
        with translation.override(languages[address]):
            body = _(
                "You have %(count)s new reassessment(s) or aftercare check(s) due in Kerneteam.\n"
                "See them here: %(link)s"
            ) % {"count": count, "link": link}
            mails.append((_("Kerneteam: you have something due"), body, None, [address]))
    return mails


def create_due_items(today: dt.date | None = None) -> int:
    """Create the due items of the next 14 days and notify the family coordinators once each.

    Idempotent: an item that exists is not made again (and the unique (family, kind, due date)
    constraint refuses a concurrent run, which then creates nothing). A fixed number of queries
    at any size; the e-mails leave only after the transaction commits. Returns the number of
    notifications created.
    """
    today = today or timezone.localdate()
    due = _due_plans(today)
    if not due:
        return 0
    try:
        with transaction.atomic():
            existing = set(
                DueItem.objects.filter(family_id__in={plan.family_id for plan, _k, _o in due})
                .filter(due_on__gte=min(on for _p, _k, on in due))
                .values_list("family_id", "kind", "due_on")
            )
            items = DueItem.objects.bulk_create(
                DueItem(family_id=plan.family_id, plan=plan, kind=kind, due_on=on)
                for plan, kind, on in due
                if (plan.family_id, kind, on) not in existing
            )
            plans = {plan.family_id: plan for plan, _k, _o in due}
            coordinators: dict[int, list[FamilyCoordinator]] = {}
            for coordinator in FamilyCoordinator.objects.filter(
                family_id__in={item.family_id for item in items}
            ).select_related("user"):
                coordinators.setdefault(coordinator.family_id, []).append(coordinator)
            notifications: list[Notification] = []
            recipients: dict[str, int] = {}
            languages: dict[str, str] = {}
            for item in items:
                family = plans[item.family_id].family
                for coordinator in coordinators.get(item.family_id, []):
                    user = coordinator.user
                    # Written in the coordinator's language, the date in its format.
                    with in_language_of(user):
                        text = _("%(kind)s for %(family)s (%(reference)s) is due on %(date)s.") % {
                            "kind": DueItem.Kind(item.kind).label,
                            "family": family.name,
                            "reference": family.reference,
                            "date": date_text(item.due_on),
                        }
                    notifications.append(Notification(user=user, due_item=item, text=text))
                    if user.email:
                        recipients[user.email] = recipients.get(user.email, 0) + 1
                        languages[user.email] = language_of(user)
            Notification.objects.bulk_create(notifications)
            mails = _reminder_mails(recipients, languages)
            if mails:
                transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    except IntegrityError:
        return 0  # another run created the same items at the same moment; it notifies
    return len(notifications)
