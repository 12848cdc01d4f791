"""The daily due items: reassessments and aftercare checks of the next 14 days, once each."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, DueItem, Notification, Reassessment
from actionplans.rules import DUE_SOON_DAYS, reassessment_due
from families.models import FamilyCoordinator


def _due_plans(today: dt.date) -> list[tuple[ActionPlan, str, dt.date]]:
    """Active plans with a reassessment and closed plans with an aftercare check due (2 queries)."""
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    due: list[tuple[ActionPlan, str, dt.date]] = []
    active = ActionPlan.objects.filter(
        status=ActionPlan.Status.ACTIVE, started_on__isnull=False
    ).annotate(
        last_reassessed=Max(
            "reassessments__completed_on",
            filter=Q(reassessments__status=Reassessment.Status.COMPLETED),
        )
    )
    for plan in active.select_related("family"):
        assert plan.started_on is not None  # the queryset's filter
        on = reassessment_due(plan.started_on, plan.last_reassessed)
        if on <= horizon:
            due.append((plan, DueItem.Kind.REASSESSMENT, on))
    for closed in ActionPlan.objects.filter(
        status=ActionPlan.Status.CLOSED,
        aftercare_on__lte=horizon,
        aftercare_done_on__isnull=True,
    ).select_related("family"):
        assert closed.aftercare_on is not None  # the queryset's filter
        due.append((closed, DueItem.Kind.AFTERCARE, closed.aftercare_on))
    return due


def _reminder_mails(recipients: dict[str, int]) -> list[tuple[str, str, None, list[str]]]:
    """One mail per person: something is due, and where to look. Never a family or a name."""
    link = settings.SITE_URL + reverse("actionplans:notifications")
    subject = str(_("Kerneteam: you have something due"))
    return [
        (
            subject,
            _(
                "You have %(count)s new reassessment(s) or aftercare check(s) due in Kerneteam.\n"
                "See them here: %(link)s"
            )
            % {"count": count, "link": link},
            None,
            [address],
        )
        for address, count in sorted(recipients.items())
    ]


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
            for item in items:
                family = plans[item.family_id].family
                text = _("%(kind)s for %(family)s (%(reference)s) is due on %(date)s.") % {
                    "kind": DueItem.Kind(item.kind).label,
                    "family": family.name,
                    "reference": family.reference,
                    "date": item.due_on.isoformat(),
                }
                for coordinator in coordinators.get(item.family_id, []):
                    notifications.append(
                        Notification(user=coordinator.user, due_item=item, text=text)
                    )
                    if coordinator.user.email:
                        address = coordinator.user.email
                        recipients[address] = recipients.get(address, 0) + 1
            Notification.objects.bulk_create(notifications)
            mails = _reminder_mails(recipients)
            if mails:
                transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    except IntegrityError:
        return 0  # another run created the same items at the same moment; it notifies
    return len(notifications)
