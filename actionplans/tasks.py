from celery import shared_task

from actionplans.services.reminders import create_due_items


@shared_task
def create_due_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): due reassessments and aftercare checks → notifications."""
    return create_due_items()
