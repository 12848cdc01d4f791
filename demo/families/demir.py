"""Demir, Nordby: yesterday's referral from the youth crime board (UKN), an immediate response.

Family: referred (created by the referral). Referral: open, not screened.
"""

from __future__ import annotations

import datetime as dt

from demo.builder import DemoFamily, Gender, NewChild, Source, register_new_referral
from demo.organisation import NORDBY, Organisation
from screening.models import Referral


def arrives(organisation: Organisation, today: dt.date) -> None:
    register_new_referral(
        organisation,
        today,
        family_name="Demir",
        housing_area="Kildeparken",
        source=Source.UKN,
        referred_by="Ungdomskriminalitetsnævnet",
        days_ago=1,
        child=NewChild("Deniz", 15, Gender.MALE, "Kildeparken 30, 2. tv."),
        ukn_reference="UKN-2026-0031",
        ukn_kind=Referral.UknKind.IMMEDIATE,
    )


FAMILY = DemoFamily(name="Demir", municipality=NORDBY, housing_area="Kildeparken", arrives=arrives)
