from celery import shared_task

from evaluation.measurement_services import create_measurement_reminders


@shared_task
def remind_due_measurements() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): remind coordinators of measurement waves falling due."""
    return create_measurement_reminders()
