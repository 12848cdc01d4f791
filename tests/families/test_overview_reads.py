"""The family overview reads the family's members once: its contact form and the deadline block's
start form offer the members the overview has loaded (families.overview_blocks.OverviewPage,
config.forms.offer_loaded), the same choices their querysets would give (issue 12 follow-up)."""

from __future__ import annotations

import re

from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from families.forms import ContactForm
from families.models import Family, Member
from families.my_work_views import DeadlineStartForm


def _member_reads(sqls: list[str]) -> list[str]:
    """Reads of the members table itself (not the prefetches of notes', contacts' and consents'
    persons, which join it to their link table)."""
    return [sql for sql in sqls if re.search(r'FROM "families_member"\s+WHERE', sql)]


def test_the_overview_reads_the_members_once(
    client: Client, coordinator: User, family: Family
) -> None:
    client.force_login(coordinator)
    url = reverse("families:detail", args=[family.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    reads = _member_reads([query["sql"] for query in captured.captured_queries])
    assert len(reads) == 1, reads


def test_the_forms_offer_the_same_members_as_their_querysets(
    client: Client, coordinator: User, family: Family
) -> None:
    client.force_login(coordinator)
    response = client.get(reverse("families:detail", args=[family.pk]))
    access = response.context["access"]
    deadline_block = next(
        block for _template, block in response.context["blocks"] if "form" in block
    )

    def rendered(field: forms.Field) -> list[tuple[str, str]]:
        assert isinstance(field, forms.ModelChoiceField)
        return [(str(value), str(label)) for value, label in field.widget.choices]

    fresh_contact = ContactForm(family=family).fields["members"]
    fresh_deadline = DeadlineStartForm(access=access).fields["member"]
    offered_contact = response.context["contact_form"].fields["members"]
    offered_deadline = deadline_block["form"].fields["member"]
    assert rendered(offered_contact) == rendered(fresh_contact)
    assert rendered(offered_deadline) == rendered(fresh_deadline)
    people = list(Member.objects.filter(family=family).order_by("birth_date", "pk"))
    assert [value for value, _label in rendered(offered_deadline)] == [
        "",
        *[str(person.pk) for person in people],
    ]
    page = response.content.decode()
    select = re.search(r'<select name="member".*?</select>', page, re.S)
    assert select is not None
    checkboxes = re.findall(r'name="members" value="(\d+)"', page)
    assert re.findall(r'<option value="(\d+)"', select.group()) == [str(p.pk) for p in people]
    assert checkboxes == [str(person.pk) for person in people]
