from celery import shared_task

from families.deadlines import remind_deadlines


@shared_task
def remind_near_deadlines() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE): owners reminded once of each deadline due soon or overdue
    (hourly, not daily, because some deadlines run 24 or 48 hours)."""
    return remind_deadlines()
