"""The demo families, one module each, in the order they are written.

Nordby's first four follow the four case reviews in the national evaluation (section 5.6,
"Sagsgennemgange"), retold in our own words; together the families show every family status,
every referral state and every assessment state. A family's position among those with a record
seeds its invented birth dates and CPR numbers: add new families at the end.
"""

from demo.builder import DemoFamily
from demo.families import (
    ahmadi,
    al_sayed,
    amedi,
    baran,
    chahine,
    demir,
    el_amin,
    haddad,
    holmgaard,
    hussein,
    kristiansen,
    lindberg,
    mansour,
    osmani,
    rahimi,
    warsame,
    yilmaz,
)

FAMILIES: tuple[DemoFamily, ...] = tuple(
    module.FAMILY
    for module in (
        # Nordby
        holmgaard,
        baran,
        amedi,
        mansour,
        warsame,
        ahmadi,
        chahine,
        yilmaz,
        al_sayed,
        osmani,
        lindberg,
        el_amin,
        rahimi,
        demir,
        haddad,
        # Sydby
        hussein,
        kristiansen,
    )
)
