"""The access log as a DPO reads it (issue 9, items 6, 9, 12, 13).

6: every page that shows people logs one row per family/person shown (one insert).
9: a CPR number never travels in the address nor lands in any log.
12: the log outlives what it describes, carries the client address and a request id, and a
    refused look-up of another family's sub-object is logged.
13: a user who reads many families in an hour raises an alert to the municipality's admins.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import LookupAlert
from families.access import log_access, mask_cpr
from families.models import AccessLogEntry, Contact, Family, Member
from families.services import cases, members
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _new_rows(before: int):
    return AccessLogEntry.objects.filter(pk__gt=before)


def _last_pk() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- 6: reads that write rows ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["mine", "team"])
def test_a_family_list_logs_every_family_it_shows(client, caseworker, family, nordby, name):
    other = cases.create_family(actor=caseworker, team=nordby.team, name="Familien Holm")
    client.force_login(caseworker)
    before = _last_pk()

    response = client.get(reverse(f"families:{name}"))

    assert response.status_code == 200
    logged = {(row.family_id, row.family_reference) for row in _new_rows(before)}
    assert logged == {(family.pk, family.reference), (other.pk, other.reference)}


def test_the_htmx_contact_log_logs_the_family_it_shows(client, caseworker, family):
    client.force_login(caseworker)
    before = _last_pk()

    response = client.post(
        reverse("families:contact_create", args=[family.pk]),
        {
            "kind": Contact.Kind.CALL,
            "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "summary": "Ringede",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert list(_new_rows(before).values_list("family_id", "what")) == [(family.pk, "Contact log")]


def test_the_team_access_log_logs_the_families_and_persons_it_shows(
    client, coordinator, caseworker, family
):
    jonas = family.members.get(first_name="Jonas")
    log_access(user=caseworker, family=family, member=jonas, what="Family member")
    client.force_login(coordinator)
    before = _last_pk()

    response = client.get(reverse("families:team_access_log"))

    assert response.status_code == 200
    rows = set(_new_rows(before).values_list("family_id", "member_id", "member_name"))
    assert (family.pk, None, "") in rows
    assert (family.pk, jonas.pk, "Jonas Jensen") in rows
    # ... and so the read of the log shows in Jonas's own extract.
    assert jonas.access_log.filter(what="Team access log").exists()


# --- 9: no CPR in an address or a log ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["/families/?q=120385-1236", "q=1203851236&x=1", "q=120385%2D1236", "q=120385%2d1236"],
)
def test_cpr_shaped_numbers_are_masked(text):
    masked = mask_cpr(text)
    assert "1236" not in masked
    assert "XXXXXX-XXXX" in masked


def test_longer_numbers_and_dates_are_left_alone():
    assert mask_cpr("/plans/12345678901/?d=120385") == "/plans/12345678901/?d=120385"


def test_log_access_never_stores_a_cpr(caseworker, family):
    entry = log_access(user=caseworker, family=family, what="x", path="/families/?q=1203851236")
    entry.refresh_from_db()
    assert entry.path == "/families/?q=XXXXXX-XXXX"


def test_search_travels_by_post_and_the_address_holds_a_token_only(client, caseworker, family):
    client.force_login(caseworker)
    url = reverse("families:team")

    posted = client.post(url, {"q": "120385-1236", "status": "", "coordinator": ""})

    assert posted.status_code == 302
    location = posted.headers["Location"]
    assert location.startswith(f"{url}?search=")
    assert "120385" not in location
    before = _last_pk()
    found = client.get(location)
    assert [f.pk for f in found.context["page"]] == [family.pk]
    assert found.context["form"]["q"].value() == "120385-1236"
    rows = _new_rows(before)
    assert rows.exists()
    assert not any("120385" in row.path for row in rows)


def test_a_get_with_a_cpr_query_does_not_search(client, caseworker, family, nordby):
    cases.create_family(actor=caseworker, team=nordby.team, name="Familien Holm")
    client.force_login(caseworker)

    response = client.get(reverse("families:team") + "?q=120385-1236")

    assert len(response.context["page"]) == 2  # the old GET search is gone
    assert not AccessLogEntry.objects.filter(path__contains="120385").exists()


def test_another_users_search_token_finds_nothing(client, caseworker, coordinator, family):
    client.force_login(caseworker)
    location = client.post(reverse("families:team"), {"q": "Jensen"}).headers["Location"]
    client.force_login(coordinator)

    response = client.get(location)

    assert response.context["form"]["q"].value() in (None, "")


# --- 12: the trail outlives what it describes; address, request id, refused look-ups --------


def test_the_access_log_outlives_the_family_and_member(client, caseworker, family):
    jonas = family.members.get(first_name="Jonas")
    client.force_login(caseworker)
    client.get(reverse("families:member_detail", args=[family.pk, jonas.pk]))
    reference = family.reference
    entry = AccessLogEntry.objects.get(member=jonas)

    Family.objects.filter(pk=family.pk).delete()

    entry.refresh_from_db()
    assert (entry.family_id, entry.member_id) == (None, None)
    assert (entry.family_reference, entry.member_name) == (reference, "Jonas Jensen")


def test_history_rows_outlive_the_member(caseworker, family):
    jonas = family.members.get(first_name="Jonas")
    Member.objects.filter(pk=jonas.pk).delete()
    assert Member.history.filter(id=jonas.pk, first_name="Jonas").exists()


def test_rows_carry_the_client_address_and_the_request_id(client, caseworker, family):
    client.force_login(caseworker)

    response = client.get(reverse("families:detail", args=[family.pk]), REMOTE_ADDR="10.1.2.3")

    entry = AccessLogEntry.objects.get(user=caseworker, family=family)
    assert entry.client_address == "10.1.2.3"
    assert entry.request_id
    assert response.headers["X-Request-ID"] == entry.request_id


def test_behind_a_proxy_the_forwarded_address_is_logged(client, caseworker, family, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    client.force_login(caseworker)

    client.get(
        reverse("families:detail", args=[family.pk]),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
        HTTP_X_REQUEST_ID="proxy-request-0001",
    )

    entry = AccessLogEntry.objects.get(user=caseworker, family=family)
    assert (entry.client_address, entry.request_id) == ("192.0.2.7", "proxy-request-0001")


def test_a_request_id_sent_without_a_trusted_proxy_is_ignored(client, caseworker, family):
    client.force_login(caseworker)
    response = client.get(
        reverse("families:detail", args=[family.pk]), HTTP_X_REQUEST_ID="forged-request-id"
    )
    assert response.headers["X-Request-ID"] != "forged-request-id"


def test_another_municipalitys_member_inside_the_own_family_url_is_a_logged_refusal(
    client, caseworker, family, sydby, outsider
):
    southern = cases.create_family(actor=outsider, team=sydby.team, name="Familien Syd")
    stranger = members.add_member(
        actor=outsider,
        family=southern,
        role=Member.Role.PARENT,
        first_name="Sara",
        last_name="Syd",
        birth_date=dt.date(1980, 1, 1),
    )
    client.force_login(caseworker)
    url = reverse("families:member_detail", args=[family.pk, stranger.pk])

    response = client.get(url)

    assert response.status_code == 404
    refusal = AccessLogEntry.objects.get(user=caseworker, path=url)
    assert refusal.outcome == AccessLogEntry.Outcome.NOT_FOUND
    assert refusal.family_id == family.pk


def test_a_refusal_the_access_code_logged_is_not_logged_twice(client, caseworker, family):
    client.force_login(caseworker)
    url = reverse("families:detail", args=[999999])

    assert client.get(url).status_code == 404

    assert AccessLogEntry.objects.filter(user=caseworker, path=url).count() == 1


# --- 13: mass look-ups ---------------------------------------------------------------------


@pytest.fixture
def municipality_admin(nordby):
    return UserFactory(
        username="alert_admin",
        email="admin@nordby.example",
        municipality=nordby.municipality,
        is_municipality_admin=True,
    )


def _families(caseworker, nordby, count: int) -> list[Family]:
    return [
        cases.create_family(actor=caseworker, team=nordby.team, name=f"Familien {n:02d}")
        for n in range(count)
    ]


def test_reading_more_families_than_the_threshold_alerts_the_admins(
    client,
    caseworker,
    nordby,
    municipality_admin,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.LOOKUP_ALERT_FAMILIES_PER_HOUR = 3
    families = _families(caseworker, nordby, 4)
    client.force_login(caseworker)

    with django_capture_on_commit_callbacks(execute=True):
        for family in families[:2]:
            client.get(reverse("families:detail", args=[family.pk]))
        client.get(reverse("families:detail", args=[families[0].pk]))  # the same one again
        assert not LookupAlert.objects.exists()
        client.get(reverse("families:detail", args=[families[2].pk]))
        client.get(reverse("families:detail", args=[families[3].pk]))

    alert = LookupAlert.objects.get()
    assert (alert.user, alert.municipality, alert.families_read) == (
        caseworker,
        nordby.municipality,
        3,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@nordby.example"]
    text = f"{message.subject}{message.body}"
    assert "Familien" not in text
    assert caseworker.username not in text
    assert reverse("municipality_admin:accounts_lookupalert_changelist") in message.body


def test_a_family_list_counts_every_family_it_shows(client, caseworker, nordby, settings):
    settings.LOOKUP_ALERT_FAMILIES_PER_HOUR = 3
    _families(caseworker, nordby, 3)
    client.force_login(caseworker)

    client.get(reverse("families:team"))

    assert LookupAlert.objects.filter(user=caseworker, families_read=3).exists()


def test_under_the_threshold_nothing_is_raised(client, caseworker, family, nordby):
    client.force_login(caseworker)
    client.get(reverse("families:team"))
    client.get(reverse("families:detail", args=[family.pk]))
    assert not LookupAlert.objects.exists()


def test_the_admin_sees_the_alerts_of_the_own_municipality_without_case_data(
    client, caseworker, outsider, nordby, sydby, municipality_admin
):
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    LookupAlert.objects.create(
        municipality=nordby.municipality,
        user=caseworker,
        hour_starting=hour,
        families_read=250,
        threshold=200,
    )
    LookupAlert.objects.create(
        municipality=sydby.municipality,
        user=outsider,
        hour_starting=hour,
        families_read=98765,
        threshold=200,
    )
    client.force_login(municipality_admin)

    response = client.get(reverse("municipality_admin:accounts_lookupalert_changelist"))

    assert response.status_code == 200
    assert [a.user for a in response.context["cl"].result_list] == [caseworker]
    assert "98765" not in response.content.decode()
