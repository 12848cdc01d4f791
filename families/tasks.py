from celery import shared_task

from families import retention
from families.services.outside_access import remove_expired_grant_permissions


@shared_task
def expire_family_grants() -> int:
    return remove_expired_grant_permissions()


@shared_task
def list_families_due_for_erasure() -> dict[str, int]:
    """Daily: list the families past their retention period for the administrators (they
    confirm each erasure on the erasure page) and remove access-log rows past their period."""
    return {
        "listed": retention.list_due_families(),
        "access_log_removed": retention.remove_expired_access_log(),
    }
