"""The municipality administrator cannot take over accounts unseen (issue 9, item 3).

Team memberships have history that the team's coordinators see; no one sets another person's
password (a one-time link that also resets two-factor log-in instead); an administrator never
changes their own memberships; an administrator without a team reads no case data anywhere.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TeamMembership, User
from tests.factories import UserFactory
from tests.security.twofactor import totp_device

INLINE = {
    "memberships-INITIAL_FORMS": "0",
    "memberships-MIN_NUM_FORMS": "0",
    "memberships-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def nordby_admin(nordby):
    return UserFactory(
        username="nordby_admin",
        first_name="Ada",
        last_name="Administrator",
        email="ada@nordby.example",
        municipality=nordby.municipality,
        is_municipality_admin=True,
    )


@pytest.fixture
def admin_client(client, nordby_admin):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(nordby_admin)
    return client


def _user_form(user: User, memberships: list[dict[str, str]], initial: int = 0) -> dict[str, str]:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": "",
        "is_active": "on",
        **INLINE,
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-TOTAL_FORMS": str(len(memberships)),
    }
    for number, membership in enumerate(memberships):
        for key, value in membership.items():
            data[f"memberships-{number}-{key}"] = value
    return data


# --- Membership history on the team's access log --------------------------------------------


def test_the_coordinator_sees_who_the_administrator_added_to_the_team(
    admin_client, client, nordby, nordby_admin, coordinator
):
    newcomer = UserFactory(
        username="newcomer", first_name="Nils", last_name="Ny", municipality=nordby.municipality
    )
    url = reverse("municipality_admin:accounts_user_change", args=[newcomer.pk])
    response = admin_client.post(
        url,
        _user_form(
            newcomer,
            [
                {
                    "team": str(nordby.team.pk),
                    "department": str(nordby.children_family.pk),
                    "role": TeamMembership.Role.CASEWORKER,
                    "is_active": "on",
                    "user": str(newcomer.pk),
                }
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = TeamMembership.objects.get(user=newcomer)
    assert membership.history.get().history_user == nordby_admin

    client.force_login(coordinator)
    page = client.get(reverse("families:team_access_log")).content.decode()

    assert "Ada Administrator added Nils Ny to the team as Caseworker" in page


def test_role_changes_and_removals_show_on_the_team_access_log(client, nordby, coordinator):
    newcomer = UserFactory(first_name="Nils", last_name="Ny", municipality=nordby.municipality)
    membership = TeamMembership.objects.create(
        user=newcomer, team=nordby.team, department=nordby.social
    )
    membership.role = TeamMembership.Role.TEAM_COORDINATOR
    membership.save()
    membership.is_active = False
    membership.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(coordinator)

    page = client.get(reverse("families:team_access_log")).content.decode()

    assert "changed the role of Nils Ny to Team coordinator" in page
    assert "took Nils Ny off the team" in page


def test_an_administrator_cannot_change_their_own_memberships(admin_client, nordby, nordby_admin):
    url = reverse("municipality_admin:accounts_user_change", args=[nordby_admin.pk])
    admin_client.post(
        url,
        _user_form(
            nordby_admin,
            [
                {
                    "team": str(nordby.team.pk),
                    "department": str(nordby.children_family.pk),
                    "role": TeamMembership.Role.PROJECT_LEAD,
                    "is_active": "on",
                    "user": str(nordby_admin.pk),
                }
            ],
        ),
    )

    assert not TeamMembership.objects.filter(user=nordby_admin).exists()


# --- No password set by anyone else ---------------------------------------------------------


def test_the_administration_has_no_page_to_set_a_password(admin_client, caseworker):
    response = admin_client.get(
        f"/administration/accounts/user/{caseworker.pk}/password/", follow=True
    )
    assert b'name="password1"' not in response.content
    page = admin_client.get(
        reverse("municipality_admin:accounts_user_change", args=[caseworker.pk])
    ).content.decode()
    assert "/password/" not in page


def test_a_new_user_gets_a_link_and_no_password(
    admin_client, nordby, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("municipality_admin:accounts_user_add"),
            {
                "username": "ny",
                "first_name": "Ny",
                "last_name": "Medarbejder",
                "email": "ny@nordby.example",
                "memberships-TOTAL_FORMS": "0",
                **INLINE,
            },
        )

    assert response.status_code == 302
    user = User.objects.get(username="ny")
    assert not user.has_usable_password()
    assert [message.to for message in mail.outbox] == [["ny@nordby.example"]]
    assert "/accounts/set-password/" in mail.outbox[0].body


def _link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/set-password/\S+/)", body)
    assert match is not None
    return match.group(1)


def test_the_link_sets_the_password_once_and_resets_two_factor(
    admin_client, client, caseworker, django_capture_on_commit_callbacks
):
    caseworker.email = "cw@nordby.example"
    caseworker.save()
    totp_device(caseworker)
    StaticDevice.objects.create(user=caseworker, name="backup", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("municipality_admin:accounts_user_changelist"),
            {"action": "send_set_password_link", "_selected_action": [str(caseworker.pk)]},
        )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert not caseworker.has_usable_password()  # the old password stops working at once
    link = _link(str(mail.outbox[0].body))
    admin_client.logout()

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Egen-Kode-2026-x", "new_password2": "Egen-Kode-2026-x"}
    )

    assert done.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password("Egen-Kode-2026-x")
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not StaticDevice.objects.filter(user=caseworker).exists()
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


# --- The administrator reads no case data ---------------------------------------------------

CASE_APPS = ("families", "actionplans", "assessment", "screening", "measurements")
# The erasure confirmation is the administrator's own task (GDPR art. 17, its own tests): it is
# the one family address an administrator uses, and shows references, not case data.
ADMIN_TASKS = ("/families/erasure",)


def _case_urls(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _case_urls(
                pattern, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif namespace in CASE_APPS:  # a URLPattern
            yield namespace, prefix + str(pattern.pattern)


def _fill(route: str, family_pk: int, member_pk: int) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:pk>", str(family_pk), route)
    route = re.sub(r"<int:member_pk>", str(member_pk), route)
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str:|slug:)?\w+>", "x", route)
    route = re.sub(r"<path:\w+>", "x", route)
    return "/" + route


def test_an_administrator_without_a_team_reads_no_case_data_anywhere(
    admin_client, family, caseworker
):
    mother = family.members.get(first_name="Mette")
    urls = sorted({_fill(route, family.pk, mother.pk) for _ns, route in _case_urls(get_resolver())})
    assert len(urls) > 40  # the guard: the walk found the case apps' addresses

    for url in urls:
        if url.startswith(ADMIN_TASKS):
            continue
        response = admin_client.get(url)
        body = response.content.decode(errors="replace")
        assert "Jensen" not in body, url
        assert "120385" not in body, url
        if f"/{family.pk}/" in url:
            assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
            if response.status_code == 302:
                assert "/families/" not in response.headers["Location"].split("?")[0], url


# --- An administrator cannot redirect an account to an address they hold ----------------------


def _change_email(admin_client, user: User, email: str) -> None:
    response = admin_client.post(
        reverse("municipality_admin:accounts_user_change", args=[user.pk]),
        {**_user_form(user, []), "email": email},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _send_link(admin_client, user: User):
    return admin_client.post(
        reverse("municipality_admin:accounts_user_changelist"),
        {"action": "send_set_password_link", "_selected_action": [str(user.pk)]},
        follow=True,
    )


def test_changing_an_address_tells_the_former_one_and_holds_the_changers_link_for_a_day(
    admin_client, nordby, nordby_admin, caseworker, django_capture_on_commit_callbacks
):
    caseworker.email = "cw@nordby.example"
    caseworker.save()
    with django_capture_on_commit_callbacks(execute=True):
        _change_email(admin_client, caseworker, "someone@else.example")
    caseworker.refresh_from_db()
    assert caseworker.email == "someone@else.example"
    assert caseworker.email_changed_by == nordby_admin
    # The person hears of it at the address they had, and nowhere else.
    assert [message.to for message in mail.outbox] == [["cw@nordby.example"]]
    assert "har ændret e-mailadressen" in mail.outbox[0].body  # in the person's language (Danish)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        page = _send_link(admin_client, caseworker).content.decode()
    assert "less than 24 hours ago" in page
    assert mail.outbox == []
    caseworker.refresh_from_db()
    assert caseworker.has_usable_password()  # nothing happened to the account

    # Another administrator of the municipality may send it at once.
    other = UserFactory(
        username="nordby_admin2",
        email="bo@nordby.example",
        municipality=nordby.municipality,
        is_municipality_admin=True,
    )
    admin_client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        _send_link(admin_client, caseworker)
    assert [message.to for message in mail.outbox] == [["someone@else.example"]]


def test_the_hold_ends_after_a_day(
    admin_client, nordby_admin, caseworker, django_capture_on_commit_callbacks
):
    caseworker.email = "new@nordby.example"
    caseworker.email_changed_by = nordby_admin
    caseworker.email_changed_at = timezone.now() - dt.timedelta(hours=25)
    caseworker.save()
    with django_capture_on_commit_callbacks(execute=True):
        _send_link(admin_client, caseworker)
    assert [message.to for message in mail.outbox] == [["new@nordby.example"]]


def test_saving_a_user_without_changing_the_address_records_no_change(
    admin_client, caseworker, django_capture_on_commit_callbacks
):
    caseworker.email = "cw@nordby.example"
    caseworker.save()
    with django_capture_on_commit_callbacks(execute=True):
        _change_email(admin_client, caseworker, "cw@nordby.example")
    caseworker.refresh_from_db()
    assert caseworker.email_changed_at is None
    assert mail.outbox == []
