"""The instrument definitions shipped with the product (DOMAIN.md §1d).

Only structure: domains, item codes (derived from the domain number and item count) and default
level cut-offs. No item wording is shipped; a licensed municipality keeps that in its own files.
Values marked UNVERIFIED in DOMAIN.md are configuration: a municipality administrator changes the
cut-offs for their municipality (InstrumentConfig), and the item counts here can be corrected in
a new release without touching recorded scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model


@dataclass(frozen=True)
class DomainSpec:
    number: int
    rnr_domain: str
    name: str
    item_count: int


@dataclass(frozen=True)
class InstrumentSpec:
    code: str
    scoring: str
    min_age: int | None
    max_age: int | None
    cutoffs: tuple[int, int, int, int]  # low_from, moderate_from, high_from, very_high_from
    note: str
    domains: tuple[DomainSpec, ...]


INSTRUMENTS: tuple[InstrumentSpec, ...] = (
    InstrumentSpec(
        code="YLS_CMI_2",
        scoring="checked_items",
        min_age=12,
        max_age=17,
        # Commonly quoted: Low 0–8, Moderate 9–22, High 23–34, Very high 35–42 (UNVERIFIED).
        cutoffs=(0, 9, 23, 35),
        note="YLS/CMI 2.0 Section 1, 42 items (MHS). Cut-offs are the commonly quoted ones "
        "(UNVERIFIED); 2.0 has gender/setting norms - set your licensed values.",
        domains=(
            DomainSpec(1, "offences", "Prior and current offenses/dispositions", 5),
            DomainSpec(2, "family", "Family circumstances/parenting", 6),
            DomainSpec(3, "education_employment", "Education/employment", 7),
            DomainSpec(4, "peers", "Peer relations", 4),
            DomainSpec(5, "substance", "Substance abuse", 5),
            DomainSpec(6, "leisure", "Leisure/recreation", 3),
            DomainSpec(7, "personality", "Personality/behavior", 7),
            DomainSpec(8, "attitudes", "Attitudes/orientation", 5),
        ),
    ),
    InstrumentSpec(
        code="LS_RNR",
        scoring="checked_items",
        min_age=18,
        max_age=None,
        # UNVERIFIED: five levels as for LS/CMI; set the licensed values per municipality.
        cutoffs=(5, 11, 20, 30),
        note="LS/RNR (MHS), Central 8 domains. Item counts per domain and cut-offs are "
        "UNVERIFIED configuration.",
        domains=(
            DomainSpec(1, "offences", "Criminal history", 8),
            DomainSpec(2, "education_employment", "Education/employment", 9),
            DomainSpec(3, "family", "Family/marital", 4),
            DomainSpec(4, "leisure", "Leisure/recreation", 2),
            DomainSpec(5, "peers", "Companions", 4),
            DomainSpec(6, "substance", "Alcohol/drug problem", 8),
            DomainSpec(7, "attitudes", "Procriminal attitude/orientation", 4),
            DomainSpec(8, "personality", "Antisocial pattern", 4),
        ),
    ),
    InstrumentSpec(
        code="SPJ_RNR8",
        scoring="rating",
        min_age=None,
        max_age=11,
        # Our own aid, not a licensed tool: each domain rated 0-2, total 0-16.
        cutoffs=(0, 4, 8, 12),
        note="Structured professional judgement on the eight RNR domains, for younger "
        "children or when no licensed tool is used. Each domain rated 0 (none), 1 (some) or "
        "2 (considerable); the level is a guide for the professional's judgement.",
        domains=(
            DomainSpec(1, "offences", "Offending or rule-breaking behaviour", 2),
            DomainSpec(2, "family", "Family circumstances/parenting", 2),
            DomainSpec(3, "education_employment", "School/day care", 2),
            DomainSpec(4, "peers", "Friends and peers", 2),
            DomainSpec(5, "substance", "Substance use", 2),
            DomainSpec(6, "leisure", "Leisure", 2),
            DomainSpec(7, "personality", "Personality/behaviour", 2),
            DomainSpec(8, "attitudes", "Attitudes", 2),
        ),
    ),
)


@transaction.atomic
def load_instruments(
    instrument_model: type[Model] | None = None, domain_model: type[Model] | None = None
) -> int:
    """Create or update the shipped definitions; returns how many instruments were created.

    Idempotent. The model classes can be passed in so a data migration can use it too.
    """
    if instrument_model is None or domain_model is None:
        from assessment.models import Instrument, InstrumentDomain

        instrument_model, domain_model = Instrument, InstrumentDomain
    created_count = 0
    for spec in INSTRUMENTS:
        low, moderate, high, very_high = spec.cutoffs
        instrument, created = instrument_model._default_manager.update_or_create(
            code=spec.code,
            defaults={
                "scoring": spec.scoring,
                "min_age": spec.min_age,
                "max_age": spec.max_age,
                "note": spec.note,
                "low_from": low,
                "moderate_from": moderate,
                "high_from": high,
                "very_high_from": very_high,
            },
        )
        created_count += created
        for domain in spec.domains:
            domain_model._default_manager.update_or_create(
                instrument=instrument,
                number=domain.number,
                defaults={
                    "rnr_domain": domain.rnr_domain,
                    "name": domain.name,
                    "item_count": domain.item_count,
                },
            )
    return created_count
