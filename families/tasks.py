from celery import shared_task

from families.services.outside_access import remove_expired_grant_permissions


@shared_task
def expire_family_grants() -> int:
    return remove_expired_grant_permissions()
