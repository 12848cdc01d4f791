"""The family plan PDF in five languages: extractable, Arabic right-to-left, no missing glyphs."""

import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from actionplans import pdf, selectors
from actionplans.services import goals
from tests.actionplans.conftest import member
from tests.helpers import granted


@pytest.fixture
def printed_plan(active_plan, caseworker, nordby):
    goal = active_plan.goals.get()
    goals.add_step(
        actor=caseworker,
        goal=goal,
        what="Vækkeur hver morgen",
        due_on=active_plan.started_on,
        owner_member=member(active_plan.family, "Jonas"),
    )
    caseworker.first_name, caseworker.last_name, caseworker.phone = "Sara", "Holm", "20 30 40 50"
    caseworker.save()
    return active_plan


# The fixed labels' message ids, and each language's title as its catalogue has it: a label that
# falls back to another language (a missing catalogue or entry) fails the test.
LABELS_IN_ENGLISH = {
    "title": "Our family plan",
    "family_goals": "The family's own goals and dreams",
    "contact": "Your family coordinator",
    "who": "Who",
    "what": "What",
    "when": "When",
}
EXPECTED_TITLE = {
    "da": "Vores familieplan",
    "en": "Our family plan",
    "ar": "خطة عائلتنا",
    "tr": "Aile planımız",
    "so": "Qorshaha qoyskeenna",
}


def _text(data: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext marks right-to-left runs with embedding controls; they are not the text.
    return text.replace("\u202b", "").replace("\u202c", "")


def _extractable(label: str) -> str:
    # pdftotext gives the Arabic lam-alef ligature (لا) back in glyph order (ال).
    return label.replace("\u0644\u0627", "\u0627\u0644")


def _fonts(data: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("language", list(pdf.LANGUAGES))
def test_family_pdf_in_each_language(client, caseworker, printed_plan, tmp_path, language):
    client.force_login(caseworker)
    response = client.post(
        reverse("actionplans:family_pdf", args=[printed_plan.family_id, language])
    )
    assert response.status_code == 200
    data = b"".join(response) if response.streaming else response.content
    text = _text(data, tmp_path)
    labels = [LABELS_IN_ENGLISH[key] for key in ("title", "family_goals", "contact", "who", "what")]
    for label in [*labels, LABELS_IN_ENGLISH["when"]]:
        with translation.override(language):
            translated = translation.pgettext("family plan", label)
        assert _extractable(translated) in text, (language, label)
    assert _extractable(EXPECTED_TITLE[language]) in text
    # Goal texts as the team wrote them; coordinator name and phone; version.
    assert "Gå i skole hver dag" in text and "Vækkeur hver morgen" in text
    assert "Sara Holm" in text and "20 30 40 50" in text
    fonts = _fonts(data, tmp_path)
    # Every glyph from the named, embedded font: no fallback font, no Type 3 "missing" glyphs.
    font_names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert font_names <= {"DejaVu-Sans", "DejaVu-Sans-Bold"}, font_names
    assert "Type 3" not in fonts
    # Render time is a figure, not an assertion (noisy machine): ~0.24 s warm, ~1 s for the
    # first PDF of a process (WeasyPrint loading), measured while building this.


def test_arabic_is_right_to_left(client, caseworker, printed_plan, tmp_path, monkeypatch):
    client.force_login(caseworker)
    response = client.post(reverse("actionplans:family_pdf", args=[printed_plan.family_id, "ar"]))
    bbox = _text(response.content, tmp_path, "-bbox")
    page_tag = re.search(r'<page width="([\d.]+)"', bbox)
    assert page_tag is not None
    page_width = float(page_tag.group(1))
    words = [
        (float(m.group(1)), float(m.group(2)), float(m.group(3)))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', bbox)
    ]
    first_line = [w for w in words if w[1] == min(w[1] for w in words)]
    # The title hugs the right margin and stays in the right half of the page.
    assert max(w[2] for w in first_line) > page_width * 0.85
    assert min(w[0] for w in first_line) > page_width * 0.5
    rendered = {}

    def capture(template, context, **kwargs):
        rendered["html"] = render_to_string(template, context)
        return b"%PDF-"

    monkeypatch.setattr(pdf, "render_pdf", capture)
    page = selectors.plan_page(granted(caseworker, printed_plan.family), printed_plan)
    pdf.family_plan_pdf(page, "ar")
    html = rendered["html"]
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_working_copy_has_all_details(client, caseworker, printed_plan, tmp_path):
    client.force_login(caseworker)
    response = client.get(reverse("actionplans:working_copy", args=[printed_plan.family_id]))
    text = _text(response.content, tmp_path)
    assert "Gå i skole hver dag" in text and "Børn og Familie Nordby" in text


# --- Issue 11, item 8: one version everywhere, no empty heading, no half-empty first page ----


def test_page_and_pdfs_say_the_same_version(client, caseworker, printed_plan, tmp_path):
    client.force_login(caseworker)
    goals.add_goal(
        actor=caseworker,
        plan=printed_plan,
        member=member(printed_plan.family, "Mette"),
        family_wording="Få et job",
    )
    printed_plan.refresh_from_db()
    version = printed_plan.version
    assert version >= 3  # the first goal, the step and this goal each made a new version
    page = client.get(reverse("actionplans:plan", args=[printed_plan.family_id])).content.decode()
    family_pdf = client.post(reverse("actionplans:family_pdf", args=[printed_plan.family_id, "da"]))
    with translation.override("da"):
        label = translation.pgettext("family plan", "Version")
    assert f"{label} {version}" in _text(family_pdf.content, tmp_path)
    working = client.get(reverse("actionplans:working_copy", args=[printed_plan.family_id]))
    assert f"Version {version}" in _text(working.content, tmp_path)
    assert f"Version {version}" in page
    # A change after printing: the page names the printed and the present version.
    goals.add_goal(
        actor=caseworker,
        plan=printed_plan,
        member=member(printed_plan.family, "Mette"),
        family_wording="Tage kørekort",
    )
    page = client.get(reverse("actionplans:plan", args=[printed_plan.family_id])).content.decode()
    assert f"then version {version}, now version {version + 1}" in page
    assert f"Version {version + 1}" in page


def test_working_copy_prints_no_empty_sections(client, caseworker, printed_plan, tmp_path):
    client.force_login(caseworker)
    response = client.get(reverse("actionplans:working_copy", args=[printed_plan.family_id]))
    text = _text(response.content, tmp_path)
    assert "Gå i skole hver dag" in text
    for empty in ("Statutory plans", "Follow-ups", "Offers and measures"):
        assert empty not in text


def test_a_long_goal_starts_on_page_one(client, caseworker, printed_plan, tmp_path):
    """A goal longer than the rest of page 1 flows on from page 1 instead of leaving it half
    empty (it used to be kept whole and pushed to page 2)."""
    goal = printed_plan.goals.get()
    for number in range(14):
        goals.add_step(
            actor=caseworker,
            goal=goal,
            what=f"Skridt nummer {number} med en beskrivelse, der fylder en hel linje i tabellen",
            due_on=printed_plan.started_on,
            owner_member=member(printed_plan.family, "Jonas"),
        )
    client.force_login(caseworker)
    response = client.post(reverse("actionplans:family_pdf", args=[printed_plan.family_id, "da"]))
    pages = _text(response.content, tmp_path).split("\f")
    assert len(pages) >= 2
    assert "Gå i skole hver dag" in pages[0]
    assert "Skridt nummer 0 " in pages[0]
