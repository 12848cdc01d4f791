"""The family's plan as PDF in five languages, and the team's working copy (WeasyPrint).

The site's gettext catalogues are Danish and English only; the family's PDF labels are a small
dictionary here. Goal texts are printed as the team wrote them.
"""

from __future__ import annotations

import unicodedata

from django.template.loader import render_to_string
from django.utils import timezone, translation

from actionplans.selectors import PlanPage

LANGUAGES = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "so": "Soomaali",
}
RTL = {"ar"}

LABELS: dict[str, dict[str, str]] = {
    "da": {
        "title": "Vores familieplan",
        "family_goals": "Familiens egne mål og drømme",
        "goals_for": "Mål for",
        "goal": "Mål",
        "who": "Hvem",
        "what": "Hvad",
        "when": "Hvornår",
        "status": "Status",
        "offers": "Tilbud og indsatser",
        "contact": "Din familiekoordinator",
        "phone": "Telefon",
        "printed": "Udskrevet",
        "version": "Version",
        "no_goals": "Ingen mål endnu.",
        "not_started": "Ikke startet",
        "in_progress": "I gang",
        "achieved": "Nået",
        "dropped": "Droppet",
        "from": "fra",
        "to": "til",
    },
    "en": {
        "title": "Our family plan",
        "family_goals": "The family's own goals and dreams",
        "goals_for": "Goals for",
        "goal": "Goal",
        "who": "Who",
        "what": "What",
        "when": "When",
        "status": "Status",
        "offers": "Offers and support",
        "contact": "Your family coordinator",
        "phone": "Phone",
        "printed": "Printed",
        "version": "Version",
        "no_goals": "No goals yet.",
        "not_started": "Not started",
        "in_progress": "In progress",
        "achieved": "Achieved",
        "dropped": "Dropped",
        "from": "from",
        "to": "to",
    },
    "ar": {
        "title": "خطة عائلتنا",
        "family_goals": "أهداف العائلة وأحلامها",
        "goals_for": "أهداف",
        "goal": "الهدف",
        "who": "من",
        "what": "ماذا",
        "when": "متى",
        "status": "الحالة",
        "offers": "العروض والدعم",
        "contact": "منسق عائلتك",
        "phone": "الهاتف",
        "printed": "تاريخ الطباعة",
        "version": "النسخة",
        "no_goals": "لا توجد أهداف بعد.",
        "not_started": "لم يبدأ",
        "in_progress": "قيد التنفيذ",
        "achieved": "تحقق",
        "dropped": "أُلغي",
        "from": "من",
        "to": "إلى",
    },
    "tr": {
        "title": "Aile planımız",
        "family_goals": "Ailenin kendi hedefleri ve hayalleri",
        "goals_for": "Hedefler:",
        "goal": "Hedef",
        "who": "Kim",
        "what": "Ne",
        "when": "Ne zaman",
        "status": "Durum",
        "offers": "Teklifler ve destek",
        "contact": "Aile koordinatörünüz",
        "phone": "Telefon",
        "printed": "Yazdırma tarihi",
        "version": "Sürüm",
        "no_goals": "Henüz hedef yok.",
        "not_started": "Başlamadı",
        "in_progress": "Devam ediyor",
        "achieved": "Ulaşıldı",
        "dropped": "Bırakıldı",
        "from": "başlangıç",
        "to": "bitiş",
    },
    "so": {
        "title": "Qorshaha qoyskeenna",
        "family_goals": "Yoolalka iyo riyooyinka qoyska",
        "goals_for": "Yoolalka",
        "goal": "Yool",
        "who": "Yaa",
        "what": "Maxay",
        "when": "Goorma",
        "status": "Xaaladda",
        "offers": "Adeegyada iyo taageerada",
        "contact": "Isku-duwahaaga qoyska",
        "phone": "Telefoon",
        "printed": "La daabacay",
        "version": "Nooca",
        "no_goals": "Weli yool ma jiro.",
        "not_started": "Ma bilaabmin",
        "in_progress": "Socda",
        "achieved": "La gaaray",
        "dropped": "La joojiyay",
        "from": "laga bilaabo",
        "to": "ilaa",
    },
}


def text_direction(text: str) -> str:
    """The direction of a text the team wrote: that of its first strong character."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _mark_directions(page: PlanPage) -> None:
    # WeasyPrint has no dir="auto": decide each free text's direction here.
    for goal in page.goals:
        goal.text_dir = text_direction(goal.family_wording)
        for step in goal.steps.all():
            step.text_dir = text_direction(step.what)
            step.who_dir = text_direction(step.who)


def _members(page: PlanPage) -> list[tuple[object, list]]:
    grouped: dict[int, tuple[object, list]] = {}
    for goal in page.goals:
        grouped.setdefault(goal.member_id, (goal.member, []))[1].append(goal)
    return list(grouped.values())


def _render(template: str, context: dict[str, object]) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf()


def family_plan_pdf(page: PlanPage, language: str) -> bytes:
    coordinator = page.coordinator.user if page.coordinator else None
    _mark_directions(page)
    with translation.override("da"):
        return _render(
            "actionplans/family_pdf.html",
            {
                "page": page,
                "plan": page.plan,
                "family": page.plan.family,
                "members": _members(page),
                "labels": LABELS[language],
                "language": language,
                "direction": "rtl" if language in RTL else "ltr",
                "family_goals_dir": text_direction(page.plan.family_goals),
                "coordinator": coordinator,
                "printed": timezone.localdate(),
            },
        )


def working_copy_pdf(page: PlanPage) -> bytes:
    return _render(
        "actionplans/working_copy_pdf.html",
        {
            "page": page,
            "plan": page.plan,
            "family": page.plan.family,
            "members": _members(page),
            "printed": timezone.localtime(),
        },
    )
