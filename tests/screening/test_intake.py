"""Issue 11, items 3 and 4: the visitation decision's meetings (registered in place, today's
chosen, dates in the language's format) and the referral form (any number of persons, "Add a
person" with and without htmx, the duplicate check, the error summary, unlikely ages)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from families.models import Family, Member
from screening.models import Referral, VisitationDecision, VisitationMeeting
from screening.services import referrals as referral_services
from screening.services import visitation as visitation_services
from tests.screening.conftest import judge_all

DANISH_MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def url(name, *args):
    return reverse(name, args=args)


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """The options of the select `name`: (value, label, selected)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [
        (value, label.strip().replace("\xa0", " "), "selected" in attrs)
        for value, attrs, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>(.*?)</option>', select.group(1), re.S
        )
    ]


def old_meeting(referral, coordinator, caseworker, days_before=10):
    return visitation_services.record_meeting(
        actor=coordinator,
        team=referral.team,
        held_on=referral.received_on - dt.timedelta(days=days_before),
        attendees=[coordinator, caseworker],
    )


# --- Item 3: the meeting on the decision form ----------------------------------------------


def test_reproduced_the_dropdown_is_empty_when_every_meeting_is_older_than_the_referral(
    client, coordinator, caseworker, referral
):
    """The seen bug: meetings exist (the visitation page lists them) but all were held before
    the referral came in, so none can decide it and the dropdown was empty without a word. The
    page now says why and offers to register the meeting right there."""
    judge_all(referral, caseworker)
    before = old_meeting(referral, coordinator, caseworker)
    client.force_login(coordinator)
    html = client.get(url("screening:referral_decide", referral.pk)).content.decode()
    html = html.replace("\xa0", " ")  # dates keep their parts together
    assert options(html, "meeting") == [("", "Choose the meeting", True)]
    assert "No meeting of the core team has been held since the referral was received" in html
    held = f"{before.held_on.day} {before.held_on:%b} {before.held_on.year}"
    assert f"The team's last meeting, on {held}, was held before the referral came in" in html
    assert f'action="{url("screening:referral_meeting", referral.pk)}"' in html


def test_register_the_meeting_in_place_without_javascript(
    client, coordinator, caseworker, referral
):
    judge_all(referral, caseworker)
    client.force_login(coordinator)
    today = timezone.localdate()
    response = client.post(
        url("screening:referral_meeting", referral.pk),
        {
            "meeting-team": referral.team_id,
            "meeting-held_on": today.isoformat(),
            "meeting-attendees": [coordinator.pk, caseworker.pk],
        },
    )
    meeting = VisitationMeeting.objects.get()
    assert set(meeting.attendees.all()) == {coordinator, caseworker}
    assert response.status_code == 302
    assert response.url == f"{url('screening:referral_decide', referral.pk)}?meeting={meeting.pk}"
    html = client.get(response.url).content.decode()
    assert (str(meeting.pk), f"{today.day} {today:%b} {today.year} (today)", True) in options(
        html, "meeting"
    )
    # ... and the decision goes through with it.
    response = client.post(
        url("screening:referral_decide", referral.pk),
        {"meeting": meeting.pk, "outcome": "include"},
    )
    assert response.status_code == 302
    assert VisitationDecision.objects.get().meeting == meeting


def test_register_the_meeting_in_place_with_htmx(client, coordinator, caseworker, referral):
    judge_all(referral, caseworker)
    client.force_login(coordinator)
    response = client.post(
        url("screening:referral_meeting", referral.pk),
        {
            "meeting-team": referral.team_id,
            "meeting-held_on": timezone.localdate().isoformat(),
            "meeting-attendees": [coordinator.pk],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    meeting = VisitationMeeting.objects.get()
    html = response.content.decode()
    # The meeting section in place (no page around it) and the decision form's field out of
    # band, with the new meeting chosen.
    assert "<html" not in html and 'id="meeting-section"' in html
    assert 'id="decision-meeting-field" hx-swap-oob="true"' in html
    assert [selected for value, _label, selected in options(html, "meeting")] == [False, True]
    assert options(html, "meeting")[1][0] == str(meeting.pk)
    assert "was registered and chosen for the decision" in html
    assert "Today's meeting is chosen" not in html  # said once, not twice


def test_a_meeting_before_the_referral_is_refused_in_place(
    client, coordinator, caseworker, referral
):
    client.force_login(coordinator)
    response = client.post(
        url("screening:referral_meeting", referral.pk),
        {
            "meeting-team": referral.team_id,
            "meeting-held_on": (referral.received_on - dt.timedelta(days=1)).isoformat(),
            "meeting-attendees": [coordinator.pk],
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "cannot decide it" in response.content.decode()
    assert not VisitationMeeting.objects.exists()
    # Without htmx the whole page comes back, the error in the summary at the top.
    response = client.post(
        url("screening:referral_meeting", referral.pk),
        {"meeting-team": referral.team_id, "meeting-held_on": "", "meeting-attendees": []},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-module="error-summary"' in html
    assert 'href="#id_meeting-held_on"' in html and 'href="#id_meeting-attendees_0"' in html


def test_todays_meeting_is_chosen_and_dates_are_danish(client, coordinator, caseworker, referral):
    judge_all(referral, caseworker)
    earlier = visitation_services.record_meeting(
        actor=coordinator,
        team=referral.team,
        held_on=referral.received_on,
        attendees=[coordinator],
    )
    today_meeting = visitation_services.record_meeting(
        actor=coordinator, team=referral.team, held_on=timezone.localdate(), attendees=[coordinator]
    )
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    html = client.get(url("screening:referral_decide", referral.pk)).content.decode()
    today, day = timezone.localdate(), earlier.held_on
    assert options(html, "meeting") == [
        ("", "Vælg mødet", False),
        (
            str(today_meeting.pk),
            f"{today.day}. {DANISH_MONTHS[today.month - 1]}. {today.year} (i dag)",
            True,
        ),
        (str(earlier.pk), f"{day.day}. {DANISH_MONTHS[day.month - 1]}. {day.year}", False),
    ]


def test_the_only_meeting_is_chosen_and_another_teams_is_not_offered(
    client, coordinator, caseworker, referral, sydby_meeting
):
    judge_all(referral, caseworker)
    only = visitation_services.record_meeting(
        actor=coordinator, team=referral.team, held_on=referral.received_on, attendees=[coordinator]
    )
    client.force_login(coordinator)
    html = client.get(url("screening:referral_decide", referral.pk)).content.decode()
    assert [(value, selected) for value, _label, selected in options(html, "meeting")] == [
        ("", False),
        (str(only.pk), True),
    ]
    # A meeting of another team named in the address is not chosen (and not accepted).
    html = client.get(
        url("screening:referral_decide", referral.pk) + f"?meeting={sydby_meeting.pk}"
    ).content.decode()
    assert str(sydby_meeting.pk) not in [value for value, _l, _s in options(html, "meeting")]


@pytest.fixture
def sydby_meeting(sydby, outsider):
    return visitation_services.record_meeting(
        actor=outsider, team=sydby.team, held_on=timezone.localdate(), attendees=[outsider]
    )


# --- Item 4: the referral form ---------------------------------------------------------------


def person(index, role="target_child", **fields):
    prefix = f"person-{index}"
    data = {
        "role": role,
        "first_name": "Ali",
        "last_name": "Nur",
        "cpr": "",
        "birth_date": "2012-03-04",
        "gender": "male",
        "origin": "descendant_non_western",
        "address": "Ravnsbjergvej 9",
        "postal_code": "",
        "city": "",
        **fields,
    }
    return {f"{prefix}-{name}": value for name, value in data.items()}


def referral_post(team, *persons, **fields):
    data = {
        "team": team.pk,
        "family_name": "Nur",
        "housing_area": "",
        "received_on": timezone.localdate().isoformat(),
        "source": "police",
        "referred_by": "Politiet",
        "concern": "Bekymring for Ali",
        "ssp_level": "3",
        "ukn_reference": "",
        "ukn_kind": "",
        "person-TOTAL_FORMS": str(len(persons)),
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "0",
        "person-MAX_NUM_FORMS": "40",
    }
    for each in persons:
        data.update(each)
    return {**data, **fields}


THREE_PERSONS = (
    person(0),
    person(1, role="parent", first_name="Hodan", birth_date="1985-06-01", is_custody_holder="on"),
    person(2, role="other_relative", first_name="Abdi", birth_date="1979-01-09"),
)


def test_a_referral_with_a_child_a_parent_and_a_relative(client, caseworker, nordby):
    client.force_login(caseworker)
    response = client.post(
        url("screening:referral_create"), referral_post(nordby.team, *THREE_PERSONS)
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == referral.get_absolute_url()
    people = {m.first_name: m for m in referral.family.members.all()}
    assert {name: m.role for name, m in people.items()} == {
        "Ali": Member.Role.TARGET_CHILD,
        "Hodan": Member.Role.PARENT,
        "Abdi": Member.Role.OTHER_RELATIVE,
    }
    assert people["Hodan"].is_custody_holder and not people["Abdi"].is_custody_holder
    assert people["Ali"].is_in_programme and not people["Hodan"].is_in_programme
    # The referral concerns the child only.
    assert list(referral.children.all()) == [people["Ali"]]


def test_a_referral_needs_a_child_among_the_persons(client, caseworker, nordby):
    client.force_login(caseworker)
    data = referral_post(nordby.team, person(0, role="parent", birth_date="1985-06-01"))
    html = client.post(url("screening:referral_create"), data).content.decode()
    assert "Name at least one child or young person the referral concerns." in html
    assert not Family.objects.exists() and not Member.objects.exists()


def test_add_a_person_without_javascript_keeps_what_was_typed(client, caseworker, nordby):
    client.force_login(caseworker)
    data = referral_post(nordby.team, person(0, last_name=""), concern="", add_person="1")
    response = client.post(url("screening:referral_create"), data)
    html = response.content.decode()
    assert response.status_code == 200 and not Family.objects.exists()
    # One more (blank) person; what was typed is kept; nothing is judged yet.
    assert 'name="person-TOTAL_FORMS" value="2"' in html
    assert 'name="person-1-first_name"' in html and 'name="person-2-first_name"' not in html
    assert 'name="person-0-first_name" value="Ali"' in html
    assert 'name="referred_by" value="Politiet"' in html
    assert "form-error-message" not in html and 'data-module="error-summary"' not in html


def test_add_a_person_with_htmx_returns_one_blank_person(client, caseworker, nordby):
    client.force_login(caseworker)
    response = client.get(url("screening:referral_person"), {"person-TOTAL_FORMS": "2"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="person-3"' in html and 'name="person-2-first_name"' in html
    assert re.search(
        r'<input type="hidden" name="person-TOTAL_FORMS" value="3" id="id_person-TOTAL_FORMS" '
        r'hx-swap-oob="true">',
        html,
    )
    assert (
        client.get(url("screening:referral_person"), {"person-TOTAL_FORMS": "x"}).status_code == 400
    )


def test_the_person_added_with_htmx_is_registered(client, caseworker, nordby):
    """Three forms posted (the third fetched with htmx), one left blank: two persons."""
    client.force_login(caseworker)
    data = referral_post(nordby.team, person(0), person(2, role="sibling", first_name="Sara"))
    data["person-TOTAL_FORMS"] = "3"
    data.update(
        {
            "person-1-role": "target_child",
            "person-1-gender": "unknown",
            "person-1-origin": "unknown",
        }
    )
    assert client.post(url("screening:referral_create"), data).status_code == 302
    assert sorted(Member.objects.values_list("first_name", flat=True)) == ["Ali", "Sara"]


def test_the_duplicate_checkbox_shows_only_when_duplicates_were_found(
    client, caseworker, nordby, family
):
    client.force_login(caseworker)
    page = url("screening:referral_create")
    assert 'name="confirm_duplicates"' not in client.get(page).content.decode()
    plain = referral_post(nordby.team, person(0))
    twin = referral_post(
        nordby.team, person(0, first_name="Jonas", last_name="Jensen", cpr="030511-4321")
    )
    jonas = family.members.get(first_name="Jonas")
    html = client.post(page, twin).content.decode()
    assert "Possible duplicates" in html
    assert f'name="confirm_duplicates" id="id_confirm_duplicates" value="{jonas.pk}"' in html
    # The error summary leads to the tick.
    link = '<a href="#id_confirm_duplicates" class="function-link">Possible duplicates found'
    assert link in html
    # A tick given for other duplicates does not count.
    html = client.post(page, {**twin, "confirm_duplicates": str(jonas.pk + 1)}).content.decode()
    assert "Possible duplicates" in html and not Referral.objects.exists()
    assert client.post(page, {**twin, "confirm_duplicates": str(jonas.pk)}).status_code == 302
    assert Referral.objects.count() == 1
    # No duplicates: no checkbox, however the form comes back.
    html = client.post(page, {**plain, "concern": ""}).content.decode()
    assert "concern" in html and 'name="confirm_duplicates"' not in html


def test_the_error_summary_links_to_each_field(client, caseworker, nordby):
    client.force_login(caseworker)
    data = referral_post(
        nordby.team, person(0), person(1, first_name="", role="sibling"), concern=""
    )
    html = client.post(url("screening:referral_create"), data).content.decode()
    summary = re.search(
        r'<div class="alert alert-error error-summary"(.*?)</div>\s*</div>', html, re.S
    )
    assert summary, "no error summary"
    box = summary.group(0)
    assert 'data-module="error-summary"' in box and 'tabindex="-1"' in box and 'role="alert"' in box
    links = re.findall(r'<a href="#([^"]+)" class="function-link">([^<]+)</a>', box)
    assert [target for target, _text in links] == ["id_concern", "id_person-1-first_name"]
    assert links[1][1] == "Person 2 – First name: This field is required."
    # Each link points at a field on the page; the title says there is an error.
    assert 'id="id_concern"' in html and 'id="id_person-1-first_name"' in html
    assert "<title>Error: Register a referral" in html
    # Nothing was saved, and what was typed is kept.
    assert not Family.objects.exists()
    assert 'name="person-0-first_name" value="Ali"' in html and 'value="Politiet"' in html


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # 7th digit 1: born 1920, over 100.
        ({"cpr": "010120-1234"}, "makes Ali Nur"),
        # A child of 36 (born 1990).
        ({"cpr": "010190-1231"}, "would be"),
        # A birth date (no CPR) more than 100 years back.
        ({"birth_date": "1910-05-05"}, "The birth date makes Ali Nur"),
    ],
)
def test_an_unlikely_age_warns_until_confirmed(client, caseworker, nordby, fields, expected):
    client.force_login(caseworker)
    data = referral_post(nordby.team, person(0, **fields))
    html = client.post(url("screening:referral_create"), data).content.decode()
    assert expected in html and not Family.objects.exists()
    # The confirmation appears only now; ticking it registers the person as typed.
    assert 'name="person-0-age_confirmed"' in html
    response = client.post(
        url("screening:referral_create"), {**data, "person-0-age_confirmed": "on"}
    )
    assert response.status_code == 302
    assert Member.objects.get().first_name == "Ali"


def test_a_likely_age_asks_nothing(client, caseworker, nordby):
    client.force_login(caseworker)
    html = client.get(url("screening:referral_create")).content.decode()
    assert "age_confirmed" not in html
    # An adult parent of 41 (1985) is fine; so is a child of 15.
    data = referral_post(
        nordby.team, person(0, cpr="030511-4321"), person(1, role="parent", cpr="120385-1236")
    )
    assert client.post(url("screening:referral_create"), data).status_code == 302


def test_age_warning_bounds():
    today = dt.date(2026, 12, 1)
    child = Member.Role.TARGET_CHILD

    def warn(role, born):
        return referral_services.age_warning(
            role=role, birth_date=born, from_cpr=True, name="X", on=today
        )

    assert warn(child, dt.date(2001, 12, 1)) == ""  # 25 today
    assert warn(child, dt.date(2000, 12, 2)) == ""  # 25, 26 tomorrow
    assert warn(child, dt.date(2000, 12, 1)) != ""  # 26
    assert warn(Member.Role.PARENT, dt.date(2000, 12, 1)) == ""
    assert warn(Member.Role.PARENT, dt.date(1926, 12, 1)) == ""  # 100
    assert warn(Member.Role.PARENT, dt.date(1925, 12, 1)) != ""  # 101


def test_all_or_nothing_when_a_later_person_fails(caseworker, nordby):
    persons: list[dict[str, object]] = [
        {
            "role": "target_child",
            "first_name": "Ali",
            "last_name": "Nur",
            "birth_date": dt.date(2012, 3, 4),
        },
        {"role": "parent", "first_name": "", "last_name": "Nur"},
    ]
    with pytest.raises(ValidationError) as error:
        referral_services.register_referral(
            actor=caseworker,
            team=nordby.team,
            received_on=timezone.localdate(),
            source="police",
            referred_by="Politiet",
            concern="Bekymring",
            family_name="Nur",
            new_persons=persons,
        )
    assert error.value.messages[0].startswith("Person 2 (Nur): ")
    assert not Family.objects.exists() and not Member.objects.exists()
