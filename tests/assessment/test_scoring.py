"""Level computation at every cut-off boundary, and the instrument definitions."""

import pytest

from assessment.models import Instrument, InstrumentConfig, Level
from assessment.scoring import Cutoffs, compute_level, final_level, level_bands, override_direction
from assessment.selectors import cutoffs_for

YLS = Cutoffs(low_from=0, moderate_from=9, high_from=23, very_high_from=35)
LS = Cutoffs(low_from=5, moderate_from=11, high_from=20, very_high_from=30)


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, Level.LOW),
        (8, Level.LOW),
        (9, Level.MODERATE),
        (22, Level.MODERATE),
        (23, Level.HIGH),
        (34, Level.HIGH),
        (35, Level.VERY_HIGH),
        (42, Level.VERY_HIGH),
    ],
)
def test_yls_cmi_default_cutoffs_at_every_boundary(total, level):
    assert compute_level(total, YLS) == level


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, Level.VERY_LOW),
        (4, Level.VERY_LOW),
        (5, Level.LOW),
        (10, Level.LOW),
        (11, Level.MODERATE),
        (19, Level.MODERATE),
        (20, Level.HIGH),
        (29, Level.HIGH),
        (30, Level.VERY_HIGH),
        (43, Level.VERY_HIGH),
    ],
)
def test_five_level_cutoffs_at_every_boundary(total, level):
    assert compute_level(total, LS) == level


def test_a_negative_total_is_refused():
    with pytest.raises(ValueError):
        compute_level(-1, YLS)


def test_final_level_is_the_override_or_the_computed_level():
    assert final_level(Level.MODERATE, "") == Level.MODERATE
    assert final_level(Level.MODERATE, Level.HIGH) == Level.HIGH
    assert override_direction(Level.MODERATE, Level.HIGH) == "up"
    assert override_direction(Level.MODERATE, Level.LOW) == "down"
    assert override_direction(Level.MODERATE, "") == ""


def test_level_bands_describe_the_cutoffs():
    assert level_bands(YLS, 42) == [
        ("low", 0, 8),
        ("moderate", 9, 22),
        ("high", 23, 34),
        ("very_high", 35, 42),
    ]


def test_yls_cmi_definition_matches_the_domain_brief(instruments):
    yls = instruments[Instrument.Code.YLS_CMI_2]
    domains = list(yls.domains.order_by("number"))
    assert [d.item_count for d in domains] == [5, 6, 7, 4, 5, 3, 7, 5]
    assert sum(d.item_count for d in domains) == 42
    assert domains[0].item_codes == ["1a", "1b", "1c", "1d", "1e"]
    assert domains[6].item_codes[-1] == "7g"
    assert (yls.low_from, yls.moderate_from, yls.high_from, yls.very_high_from) == (0, 9, 23, 35)
    assert len({d.rnr_domain for d in domains}) == 8
    assert {len(i.domains.all()) for i in instruments.values()} == {8}


def test_loading_instruments_twice_creates_nothing_twice(instruments):
    from assessment.instruments import load_instruments

    assert load_instruments() == 0
    assert Instrument.objects.count() == 3


def test_a_municipality_configuration_replaces_the_default_cutoffs(instruments, nordby, sydby):
    yls = instruments[Instrument.Code.YLS_CMI_2]
    InstrumentConfig.objects.create(
        municipality=nordby.municipality,
        instrument=yls,
        low_from=0,
        moderate_from=10,
        high_from=20,
        very_high_from=30,
    )
    nordby_cutoffs = cutoffs_for(instrument=yls, municipality=nordby.municipality)
    assert compute_level(9, nordby_cutoffs) == Level.LOW
    assert compute_level(9, cutoffs_for(instrument=yls, municipality=sydby.municipality)) == (
        Level.MODERATE
    )
