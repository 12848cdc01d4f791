"""The measurement instruments shipped with the product, as data (DOMAIN.md §1, seed 001 ch. 6).

Only structure: instrument codes, item codes in the manual's order, answer ranges, reversed items,
the scoring rule and who answers. No item wording of a licensed instrument is shipped: each item has
a short neutral label ("Item 3") and a municipality that holds the licence loads the official
wording from its own file with `manage.py load_measurement_wording` (stored per municipality and
language in `MeasurementWording`). The status questions and background variables are the
programme's own; their answer options are numeric codes listed here, and the same codes are what
the backfill import (`import_measurements`) reads.

Answers are stored as ``{item_code: int}``; a blank answer is simply absent (missing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Instrument codes (also the import file's `instrument` column).
BACKGROUND = "background"
WHO5 = "who5"
KIDSCREEN10 = "kidscreen10"
PSS = "pss"
CHILD_STATUS = "child_status"
PARENT_STATUS = "parent_status"

CHILD = "child"
PARENT = "parent"

# Age rules (DOMAIN.md §1a, §1c): WHO-5 from 18, KIDSCREEN-10 up to 17; self-report KIDSCREEN
# from 8, a parent answers the proxy version for younger children.
ADULT_AGE = 18
KIDSCREEN_SELF_FROM_AGE = 8
LEISURE_JOB_FROM_AGE = 13


@dataclass(frozen=True)
class Item:
    code: str
    label: str | Promise
    minimum: int
    maximum: int
    # Labelled answer codes for categorical questions; empty for plain scales.
    options: tuple[tuple[int, str | Promise], ...] = ()
    # Scale end points shown next to the lowest and highest answer.
    anchors: tuple[str | Promise, str | Promise] | None = None
    is_reversed: bool = False
    min_age: int | None = None  # asked only from this age (e.g. the leisure job from 13)

    @property
    def choices(self) -> list[tuple[int, str]]:
        if self.options:
            return [(value, f"{label}") for value, label in self.options]
        choices = [(value, str(value)) for value in range(self.minimum, self.maximum + 1)]
        if self.anchors:
            low, high = self.anchors
            choices[0] = (self.minimum, f"{self.minimum} – {low}")
            choices[-1] = (self.maximum, f"{self.maximum} – {high}")
        return choices

    def allows(self, value: int) -> bool:
        if self.options:
            return value in {option for option, _label in self.options}
        return self.minimum <= value <= self.maximum


@dataclass(frozen=True)
class InstrumentSpec:
    code: str
    label: str | Promise
    audience: str  # CHILD or PARENT
    items: tuple[Item, ...]
    scoring: str  # "who5", "pss", "kidscreen10" or "" (no total score)
    is_licensed: bool = False
    min_age: int | None = None
    max_age: int | None = None
    note: str | Promise = ""
    item_codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "item_codes", tuple(item.code for item in self.items))

    @property
    def is_scored(self) -> bool:
        return bool(self.scoring)

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)


def _scale(
    count: int,
    minimum: int,
    maximum: int,
    *,
    anchors: tuple[str | Promise, str | Promise],
    reversed_items: frozenset[int] = frozenset(),
) -> tuple[Item, ...]:
    return tuple(
        Item(
            code=f"q{number}",
            label=format_lazy(_("Item {number}"), number=number),
            minimum=minimum,
            maximum=maximum,
            anchors=anchors,
            is_reversed=number in reversed_items,
        )
        for number in range(1, count + 1)
    )


NO_YES = ((0, _("No")), (1, _("Yes")))
ONE_TO_FIVE = (_("not at all"), _("to a very high degree"))
FREQUENCY = (
    (1, _("Never")),
    (2, _("Less than once a week")),
    (3, _("1–2 times a week")),
    (4, _("3–4 times a week")),
    (5, _("5 times a week or more")),
)
# Crime types (seed 001 figure B-23; the figure's categories did not survive, so these are ours).
CRIME_TYPES: tuple[tuple[str, str | Promise], ...] = (
    ("violence", _("violence")),
    ("theft", _("theft or burglary")),
    ("robbery", _("robbery")),
    ("vandalism", _("vandalism")),
    ("drugs", _("drugs")),
    ("weapons", _("weapons")),
    ("other", _("other crime")),
)

# Current education (seed 001 fig. 6-3: primary school, vocational, other, none), with work so
# the partnership's "in school, education or work" can be counted.
EDUCATION_PRIMARY = 1
EDUCATION_VOCATIONAL = 2
EDUCATION_OTHER = 3
EDUCATION_WORK = 4
EDUCATION_NONE = 5
CURRENT_EDUCATION = (
    (EDUCATION_PRIMARY, _("Primary/lower secondary school (incl. special class)")),
    (EDUCATION_VOCATIONAL, _("Vocational education")),
    (EDUCATION_OTHER, _("Other education (e.g. upper secondary, FGU)")),
    (EDUCATION_WORK, _("Work, no education")),
    (EDUCATION_NONE, _("No school, education or work")),
)
IN_SCHOOL_EDUCATION_OR_WORK = frozenset(
    {EDUCATION_PRIMARY, EDUCATION_VOCATIONAL, EDUCATION_OTHER, EDUCATION_WORK}
)

# Parents' support status (seed 001 fig. 6-7).
SUPPORT_EMPLOYED = 1
SUPPORT_STATUS = (
    (SUPPORT_EMPLOYED, _("Employed (no public benefit)")),
    (2, _("In education (no public benefit)")),
    (3, _("Public benefit")),
    (4, _("Self-supporting")),
)

WHO5_SPEC = InstrumentSpec(
    code=WHO5,
    label=_("WHO-5 Well-Being Index"),
    audience=CHILD,
    items=_scale(5, 0, 5, anchors=(_("at no time"), _("all of the time"))),
    scoring=WHO5,
    min_age=ADULT_AGE,
    note=_("Last two weeks. Score = raw sum × 4 (0–100); higher is better."),
)
KIDSCREEN10_SPEC = InstrumentSpec(
    code=KIDSCREEN10,
    label=_("KIDSCREEN-10 Index"),
    audience=CHILD,
    items=_scale(10, 1, 5, anchors=(_("never"), _("always")), reversed_items=frozenset({3, 4})),
    scoring=KIDSCREEN10,
    is_licensed=True,
    max_age=ADULT_AGE - 1,
    note=_(
        "Last week. Item 1: not at all – extremely. Sum after recoding, 10–50; higher is better."
    ),
)
PSS_SPEC = InstrumentSpec(
    code=PSS,
    label=_("Parental Stress Scale"),
    audience=PARENT,
    items=_scale(
        18,
        1,
        5,
        anchors=(_("strongly disagree"), _("strongly agree")),
        reversed_items=frozenset({1, 2, 5, 6, 7, 8, 17, 18}),
    ),
    scoring=PSS,
    is_licensed=True,
    note=_("Sum after reversing the positive items, 18–90; higher is more stress."),
)

CHILD_STATUS_SPEC = InstrumentSpec(
    code=CHILD_STATUS,
    label=_("Status: school, leisure and crime"),
    audience=CHILD,
    scoring="",
    items=(
        Item("education", _("Current school or education"), 1, 5, options=CURRENT_EDUCATION),
        Item(
            "leisure_job",
            _("Has a leisure job"),
            0,
            1,
            options=NO_YES,
            min_age=LEISURE_JOB_FROM_AGE,
        ),
        Item(
            "leisure_job_months",
            _("How long the leisure job has lasted"),
            1,
            4,
            options=(
                (1, _("Less than 1 month")),
                (2, _("1–3 months")),
                (3, _("3–6 months")),
                (4, _("More than 6 months")),
            ),
            min_age=LEISURE_JOB_FROM_AGE,
        ),
        Item("leisure_activity", _("Leisure activity"), 1, 5, options=FREQUENCY),
        Item("club", _("After-school club or youth club"), 1, 5, options=FREQUENCY),
        Item("crime_peers", _("Friends with criminal behaviour"), 1, 5, anchors=ONE_TO_FIVE),
        Item("substance_use", _("Use of alcohol or drugs"), 1, 5, anchors=ONE_TO_FIVE),
        Item("violent_behaviour", _("Own violent behaviour"), 1, 5, anchors=ONE_TO_FIVE),
        Item("criminal_behaviour", _("Own criminal behaviour"), 1, 5, anchors=ONE_TO_FIVE),
        *(
            Item(
                f"crime_6m_{code}",
                format_lazy(
                    _("Arrested, charged or convicted in the last 6 months: {type}"), type=label
                ),
                0,
                1,
                options=NO_YES,
            )
            for code, label in CRIME_TYPES
        ),
    ),
    note=_(
        "Crime and substance items: 1 = not at all … 5 = to a very high degree; lower is better."
    ),
)

PARENT_STATUS_SPEC = InstrumentSpec(
    code=PARENT_STATUS,
    label=_("Status: participation and support"),
    audience=PARENT,
    scoring="",
    items=(
        Item(
            "school_participation",
            _("Takes part in the child's school life"),
            1,
            5,
            anchors=ONE_TO_FIVE,
        ),
        Item(
            "leisure_participation",
            _("Takes part in the child's leisure life"),
            1,
            5,
            anchors=ONE_TO_FIVE,
        ),
        Item("support", _("Support status"), 1, 4, options=SUPPORT_STATUS),
    ),
)

BACKGROUND_CHILD_SPEC = InstrumentSpec(
    code=BACKGROUND,
    label=_("Background measurement (child/young person)"),
    audience=CHILD,
    scoring="",
    items=(
        Item(
            "lives_with",
            _("Lives with"),
            1,
            4,
            options=(
                (1, _("Both parents")),
                (2, _("Mother")),
                (3, _("Father")),
                (4, _("Others (e.g. placed out of home)")),
            ),
        ),
        Item("siblings", _("Number of siblings"), 0, 20),
        Item("lives_with_siblings", _("Lives with siblings"), 0, 1, options=NO_YES),
        Item("education", _("Current school or education"), 1, 5, options=CURRENT_EDUCATION),
        Item(
            "completed_education",
            _("Completed education"),
            1,
            4,
            options=(
                (1, _("None completed")),
                (2, _("Primary/lower secondary school")),
                (3, _("Upper secondary or vocational")),
                (4, _("Other")),
            ),
        ),
        Item("charged_ever", _("Ever charged"), 0, 1, options=NO_YES),
        Item("convicted_ever", _("Ever convicted"), 0, 1, options=NO_YES),
        Item("ukn_case", _("Case at the Youth Crime Board (UKN)"), 0, 1, options=NO_YES),
        Item("diagnosis", _("Psychiatric diagnosis"), 0, 1, options=NO_YES),
        Item("placed_out_of_home", _("Placed out of home"), 0, 1, options=NO_YES),
        Item(
            "leisure_job",
            _("Has a leisure job"),
            0,
            1,
            options=NO_YES,
            min_age=LEISURE_JOB_FROM_AGE,
        ),
        *(
            Item(
                f"crime_ever_{code}",
                format_lazy(_("Has ever committed: {type}"), type=label),
                0,
                1,
                options=NO_YES,
            )
            for code, label in CRIME_TYPES
        ),
    ),
)

BACKGROUND_PARENT_SPEC = InstrumentSpec(
    code=BACKGROUND,
    label=_("Background measurement (parent)"),
    audience=PARENT,
    scoring="",
    items=(
        Item(
            "marital_status",
            _("Marital status"),
            1,
            4,
            options=(
                (1, _("Married or cohabiting")),
                (2, _("Single")),
                (3, _("Divorced or separated")),
                (4, _("Widowed")),
            ),
        ),
        Item(
            "education",
            _("Highest education"),
            1,
            6,
            options=(
                (1, _("Primary/lower secondary school")),
                (2, _("Upper secondary")),
                (3, _("Vocational")),
                (4, _("Short or medium higher education")),
                (5, _("Long higher education")),
                (6, _("Unknown")),
            ),
        ),
        Item(
            "origin",
            _("Background"),
            1,
            4,
            options=(
                (1, _("Danish origin")),
                (2, _("Refugee")),
                (3, _("Immigrant, not a refugee")),
                (4, _("Descendant")),
            ),
        ),
        Item("support", _("Support status"), 1, 4, options=SUPPORT_STATUS),
        Item("substance_abuse", _("Alcohol or drug abuse"), 0, 1, options=NO_YES),
        Item("charged_ever", _("Ever charged or convicted"), 0, 1, options=NO_YES),
        Item("gang_member_ever", _("Ever registered as a gang member"), 0, 1, options=NO_YES),
        Item("children_placed", _("Has children placed out of home"), 0, 1, options=NO_YES),
    ),
)

INSTRUMENTS: tuple[InstrumentSpec, ...] = (
    BACKGROUND_CHILD_SPEC,
    BACKGROUND_PARENT_SPEC,
    KIDSCREEN10_SPEC,
    WHO5_SPEC,
    CHILD_STATUS_SPEC,
    PSS_SPEC,
    PARENT_STATUS_SPEC,
)
INSTRUMENT_CODES = (BACKGROUND, WHO5, KIDSCREEN10, PSS, CHILD_STATUS, PARENT_STATUS)
INSTRUMENT_CHOICES = [
    (BACKGROUND, _("Background measurement")),
    (WHO5, _("WHO-5")),
    (KIDSCREEN10, _("KIDSCREEN-10")),
    (PSS, _("Parental Stress Scale")),
    (CHILD_STATUS, _("Status (child)")),
    (PARENT_STATUS, _("Status (parent)")),
]
SCORED_INSTRUMENTS = (WHO5, KIDSCREEN10, PSS)


def spec_for(code: str, audience: str) -> InstrumentSpec:
    """The definition of an instrument for a child or a parent (background differs by audience)."""
    for spec in INSTRUMENTS:
        if spec.code == code and spec.audience == audience:
            return spec
    raise KeyError(f"{code} for {audience}")


def instruments_for_wave(*, audience: str, wave: int, age: int | None) -> tuple[str, ...]:
    """What a person answers at a wave: the background at 0, then the progression instruments.

    A child's well-being instrument is decided by the age on the answer date: KIDSCREEN-10 up to
    17, WHO-5 from 18. An unknown age counts as a child's (KIDSCREEN-10).
    """
    if wave == 0:
        return (BACKGROUND,)
    if audience == PARENT:
        return (PSS, PARENT_STATUS)
    well_being = WHO5 if age is not None and age >= ADULT_AGE else KIDSCREEN10
    return (well_being, CHILD_STATUS)
