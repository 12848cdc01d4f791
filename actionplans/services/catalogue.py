"""The municipality's offer catalogue and closing checklist: defaults given the first time."""

from __future__ import annotations

from accounts.models import Municipality
from actionplans.models import ClosingCriterion, OfferType

# (name, category, legal basis, formal grant) — REQUIREMENTS.md "Offer / measure".
DEFAULT_OFFER_TYPES = [
    ("Familiebehandling", "family", "Barnets Lov § 32", True),
    ("Behandling af barnet", "child", "Barnets Lov § 32", True),
    ("Fast kontaktperson", "child", "Barnets Lov § 32", True),
    ("Mentor", "child", "Barnets Lov § 32", True),
    ("Støtteperson", "parent", "Barnets Lov § 32", True),
    (
        "Ressourceforløb / rehabiliteringsplan",
        "employment",
        "Lov om aktiv beskæftigelsesindsats",
        True,
    ),
    ("Beskæftigelsesindsats, ordinær", "employment", "Lov om aktiv beskæftigelsesindsats", True),
    ("Beskæftigelsesindsats, særlig", "employment", "Lov om aktiv beskæftigelsesindsats", True),
    ("Praktik med ordinære timer", "employment", "Lov om aktiv beskæftigelsesindsats", True),
    ("Fritidsaktivitet", "leisure", "", False),
    ("Fritidsjob", "leisure", "", False),
    ("Forældregruppe (Mind the parents)", "parent", "", False),
    ("Forældrekursus", "parent", "", False),
    ("Forældrementor", "parent", "Barnets Lov § 32", True),
    ("Psykolog", "parent", "", True),
    ("Sprogkursus", "parent", "", True),
    ("PPR-psykolog", "child", "Folkeskoleloven", True),
    ("Uddannelses- og fritidsmentor", "education", "", False),
    ("Uddannelsesvejledning (UU)", "education", "", False),
    ("FGU", "education", "", True),
    ("Specialklasse", "education", "Folkeskoleloven", True),
    ("Dagbehandling", "child", "Barnets Lov § 32", True),
    ("Opholdssted / efterskole", "child", "Barnets Lov § 46", True),
]
DEFAULT_CLOSING_CRITERIA = [
    # Data in the municipality's own language; administrators change them (REQUIREMENTS.md B).
    ("Familiens egne mål er nået eller overdraget", True),
    ("Barnets skolegang eller uddannelse er stabil", True),
    ("Igangværende tilbud er afsluttet eller overdraget til almindelige indsatser", True),
    ("Familien ved, hvem de kan kontakte efter afslutningen", False),
]


def ensure_catalogue(municipality: Municipality) -> None:
    """Give a municipality the default offer types and closing checklist the first time."""
    if not OfferType.objects.filter(municipality=municipality).exists():
        OfferType.objects.bulk_create(
            OfferType(
                municipality=municipality,
                name=name,
                category=category,
                legal_basis=basis,
                is_formal_grant=formal,
            )
            for name, category, basis, formal in DEFAULT_OFFER_TYPES
        )
    if not ClosingCriterion.objects.filter(municipality=municipality).exists():
        ClosingCriterion.objects.bulk_create(
            ClosingCriterion(municipality=municipality, text=text, is_required=req, order=i)
            for i, (text, req) in enumerate(DEFAULT_CLOSING_CRITERIA)
        )
