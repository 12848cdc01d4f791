"""§ 115 / Barnets Lov information exchange log (issue 9): what, with whom, legal basis, by whom,
when; a family page for team members past the consent gate; in the history and the DSAR."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from families.models import AccessLogEntry, Family, InformationExchange
from families.services import cases
from families.services.information_exchange import record_information_exchange
from tests.conftest import Organisation, give_consent

if TYPE_CHECKING:
    # The test client's response type (django-stubs only).
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def _post(client: Client, family: Family, **overrides: object) -> _MonkeyPatchedWSGIResponse:
    jonas = family.members.get(first_name="Jonas")
    data = {
        "direction": InformationExchange.Direction.SHARED,
        "shared_on": timezone.localdate().isoformat(),
        "recipient_kind": InformationExchange.Recipient.POLICE,
        "recipient": "Nordby Politi, SSP-konsulent",
        "legal_basis": InformationExchange.LegalBasis.RPL_115,
        "purpose": "Kriminalpræventivt SSP-samarbejde",
        "what": "At Jonas er i kerneteamets forløb",
        "members": [jonas.pk],
        **overrides,
    }
    return client.post(reverse("families:information_exchanges", args=[family.pk]), data)


def test_a_team_member_records_an_exchange_and_sees_it_on_the_page_and_in_the_history(
    client: Client, caseworker: User, family: Family, nordby: Organisation
) -> None:
    give_consent(family, caseworker, nordby.children_family)
    client.force_login(caseworker)
    response = _post(client, family, shared_by=caseworker.pk)
    assert response.status_code == 302
    exchange = InformationExchange.objects.get()
    assert exchange.shared_by == caseworker
    assert exchange.recorded_by == caseworker
    assert exchange.legal_basis == InformationExchange.LegalBasis.RPL_115
    assert [m.first_name for m in exchange.members.all()] == ["Jonas"]

    page = client.get(reverse("families:information_exchanges", args=[family.pk]))
    assert page.status_code == 200
    assert "Nordby Politi, SSP-konsulent" in page.content.decode()
    assert AccessLogEntry.objects.filter(
        family=family, path__endswith="/information-exchange/", outcome="viewed"
    ).exists()

    history = client.get(reverse("families:history", args=[family.pk])).content.decode()
    assert "Nordby Politi, SSP-konsulent" in history


def test_the_exchange_is_in_the_persons_data_subject_access_extract(
    client: Client, coordinator: User, caseworker: User, family: Family, nordby: Organisation
) -> None:
    give_consent(family, caseworker, nordby.children_family, nordby.social)
    jonas = family.members.get(first_name="Jonas")
    mette = family.members.get(first_name="Mette")
    record_information_exchange(
        actor=caseworker,
        family=family,
        direction=InformationExchange.Direction.SHARED,
        recipient_kind=InformationExchange.Recipient.POLICE,
        recipient="Nordby Politi",
        legal_basis=InformationExchange.LegalBasis.RPL_115,
        purpose="SSP",
        what="Jonas' skolegang",
        shared_on=timezone.localdate(),
        members=[jonas],
    )
    client.force_login(coordinator)
    for member, expected in ((jonas, True), (mette, False)):
        url = reverse("families:subject_access_json", args=[family.pk, member.pk])
        data = json.loads(client.get(url).content)
        keys = {section["key"] for section in data["sections"]}
        assert ("information_exchange" in keys) is expected, member


def test_the_page_follows_the_consent_gate_and_the_tenant(
    client: Client,
    caseworker: User,
    other_department_user: User,
    outsider: User,
    family: Family,
    nordby: Organisation,
) -> None:
    url = reverse("families:information_exchanges", args=[family.pk])
    client.force_login(caseworker)
    assert client.get(url).status_code == 403  # no consent yet
    assert _post(client, family).status_code == 403
    give_consent(family, caseworker, nordby.children_family)
    assert client.get(url).status_code == 200
    client.force_login(other_department_user)  # the jobcentre: a team member, also past the gate
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert not InformationExchange.objects.exists()


def test_an_ended_family_is_read_but_nothing_is_recorded(
    client: Client, caseworker: User, family: Family, nordby: Organisation
) -> None:
    give_consent(family, caseworker, nordby.children_family)
    cases.change_family_status(
        actor=caseworker, family=family, to_status=Family.Status.WITHDRAWN, reason="Fraflyttet"
    )
    client.force_login(caseworker)
    assert (
        client.get(reverse("families:information_exchanges", args=[family.pk])).status_code == 200
    )
    assert _post(client, family).status_code == 403
    assert not InformationExchange.objects.exists()


def test_the_service_refuses_another_familys_member_and_a_future_date(
    caseworker: User, family: Family, nordby: Organisation
) -> None:
    other = cases.create_family(actor=caseworker, team=nordby.team, name="Familien Hansen")
    stranger = other.members.create(role="parent", first_name="Hans", last_name="Hansen")
    arguments: dict[str, Any] = {
        "actor": caseworker,
        "family": family,
        "direction": InformationExchange.Direction.SHARED,
        "recipient_kind": InformationExchange.Recipient.POLICE,
        "recipient": "Politi",
        "legal_basis": InformationExchange.LegalBasis.RPL_115,
        "purpose": "SSP",
        "what": "x",
    }
    with pytest.raises(ValidationError):
        record_information_exchange(
            **arguments,
            shared_on=timezone.localdate(),
            members=[stranger],
        )
    with pytest.raises(ValidationError):
        record_information_exchange(
            **arguments,
            shared_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not InformationExchange.objects.exists()
