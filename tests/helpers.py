"""Small typed helpers shared by the tests."""

from accounts.models import User
from families.access import FamilyAccess, access_for
from families.models import Family


def granted(user: User, family: Family) -> FamilyAccess:
    """`access_for` where the test expects access: a refusal fails the test right here."""
    access = access_for(user, family)
    assert access is not None, f"{user} has no access to {family}"
    return access
