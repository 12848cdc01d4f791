from celery import shared_task

from evaluation.measurement_due import refresh_measurement_due
from evaluation.measurement_services import create_measurement_reminders


@shared_task
def remind_due_measurements() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): refresh every family's stored next-due wave (a safety net
    for writes that bypass the signals, e.g. bulk loads), then remind coordinators of the waves
    falling due."""
    refresh_measurement_due()
    return create_measurement_reminders()
