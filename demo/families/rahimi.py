"""Rahimi, Nordby: a referral from the school that came in two days ago.

Family: referred (created by the referral). Referral: open, not screened.
"""

from __future__ import annotations

import datetime as dt

from demo.builder import DemoFamily, Gender, NewChild, Source, register_new_referral
from demo.organisation import NORDBY, Organisation


def arrives(organisation: Organisation, today: dt.date) -> None:
    register_new_referral(
        organisation,
        today,
        family_name="Rahimi",
        housing_area="Ravnsbjerg Syd",
        source=Source.SCHOOL,
        referred_by="Nordby Skole",
        days_ago=2,
        child=NewChild("Karim", 14, Gender.MALE, "Ravnsbjergvej 2, 1. th."),
    )


FAMILY = DemoFamily(
    name="Rahimi", municipality=NORDBY, housing_area="Ravnsbjerg Syd", arrives=arrives
)
