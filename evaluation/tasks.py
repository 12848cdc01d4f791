from celery import shared_task
from django.utils import timezone

from evaluation.services import make_reports_for_quarter_just_ended


@shared_task
def make_quarterly_reports() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): on a quarter's first day, the reports of the quarter just
    ended; any other day, and any second run, makes nothing."""
    return make_reports_for_quarter_just_ended(today=timezone.localdate())
