from dataclasses import dataclass

from accounts.models import TeamMembership, User


@dataclass(frozen=True)
class Navigation:
    is_team_member: bool
    is_team_lead: bool
    is_municipality_admin: bool
    is_aggregate_viewer: bool
    team_names: tuple[str, ...]


def navigation_for(user: User) -> Navigation:
    """The user's roles for the menu, in one query (cached on the user for the request)."""
    cached: Navigation | None = getattr(user, "_navigation", None)
    if cached is not None:
        return cached
    memberships = list(
        TeamMembership.objects.filter(user=user, is_active=True)
        .select_related("team")
        .only("role", "team__name")
    )
    navigation = Navigation(
        is_team_member=bool(memberships),
        is_team_lead=any(m.is_team_lead for m in memberships),
        is_municipality_admin=user.is_municipality_admin,
        is_aggregate_viewer=user.is_steering_group or user.is_national_evaluator,
        team_names=tuple(m.team.name for m in memberships),
    )
    # A per-request cache on the user object, not a model field: mypy cannot know it.
    user._navigation = navigation  # type: ignore[attr-defined]
    return navigation
