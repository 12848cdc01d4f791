"""The menu (the user's roles and the my-work count) is read only when a page shows it, once per
request: an htmx fragment without the header reads neither (accounts.context_processors)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import context_processors
from accounts.models import User
from accounts.selectors import Navigation, navigation_for
from families.models import Contact, Family


@pytest.fixture
def navigation_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def counted(user: User) -> Navigation:
        calls.append(user.pk)
        return navigation_for(user)

    monkeypatch.setattr(context_processors, "navigation_for", counted)
    return calls


def test_a_full_page_shows_the_menu_with_its_count(
    client: Client, caseworker: User, family: Family, navigation_reads: list[int]
) -> None:
    client.force_login(caseworker)
    response = client.get(reverse("families:detail", args=[family.pk]))
    page = response.content.decode()
    assert 'id="main-menu-list"' in page
    assert reverse("my_work:index") in page
    assert navigation_reads  # the header asked for the menu
    rows = list(response.context["menu_rows"])
    assert [item.url_name for item, _url, _count in rows][:2] == ["my_work:index", "families:mine"]


def test_an_htmx_fragment_reads_no_menu(
    client: Client,
    caseworker: User,
    family: Family,
    navigation_reads: list[int],
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(caseworker)
    client.get(reverse("families:detail", args=[family.pk]))
    navigation_reads.clear()
    data = {
        "kind": "call",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "summary": "Opkald",
    }
    # Measured 20: session, user, device; the access (4); the contact and its history (the
    # service's writes and reads); the fragment's contacts; the access-log insert — no
    # navigation, no my-work count (22 when the context processor read them eagerly).
    with django_assert_max_num_queries(20):
        response = client.post(
            reverse("families:contact_create", args=[family.pk]), data, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert Contact.objects.filter(family=family, summary="Opkald").exists()
    assert "Opkald" in response.content.decode()  # the fragment lists the new contact
    assert 'id="main-menu-list"' not in response.content.decode()
    assert navigation_reads == []
