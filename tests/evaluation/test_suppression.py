"""The suppression engine, worked by hand: what a reader could add up, and what stays hidden."""

import pytest

from evaluation.figures import (
    AFTER,
    ALL_SCOPE,
    BEFORE,
    TOTAL,
    WHOLE,
    Organisation,
    Page,
    municipality_scope,
    team_scope,
)
from evaluation.suppression import HIDDEN_LABEL, SMALL_LABEL, Problem, solve_groups


def labels(solution, keys):
    return {key: solution.label(key) for key in keys}


def test_cells_of_one_to_three_are_shown_as_at_most_three_and_zero_stays_zero():
    solution = solve_groups({"a": 0, "b": 1, "c": 3, "d": 4}, [])

    assert labels(solution, "abcd") == {"a": "0", "b": SMALL_LABEL, "c": SMALL_LABEL, "d": "4"}


def test_a_row_total_is_hidden_when_it_would_give_the_small_cell_away():
    # 2 + 4 = 6: with the total shown, the hidden 2 is 6 - 4.
    solution = solve_groups({"total": 6, "a": 2, "b": 4}, [("total", ["a", "b"])])

    assert labels(solution, ["total", "a", "b"]) == {
        "total": HIDDEN_LABEL,
        "a": SMALL_LABEL,
        "b": "4",
    }


def test_a_second_cell_is_hidden_when_the_total_is_kept():
    # 10 + 2 + 7 = 19: hiding 7 as well leaves 2 + 7 = 9 with 7 ≥ 4, so 2 is anything from 1–3.
    solution = solve_groups({"total": 19, "a": 10, "b": 2, "c": 7}, [("total", ["a", "b", "c"])])

    assert labels(solution, ["total", "a", "b", "c"]) == {
        "total": "19",
        "a": "10",
        "b": SMALL_LABEL,
        "c": HIDDEN_LABEL,
    }


def test_a_complementary_cell_that_still_pins_the_small_one_is_not_enough():
    # 1 + 4 = 5: hiding the 4 ("·" means 4 or more) leaves 1 = 5 - (≥4), so exactly 1.
    solution = solve_groups({"total": 5, "a": 1, "b": 4}, [("total", ["a", "b"])])

    assert solution.label("total") == HIDDEN_LABEL
    assert solution.label("a") == SMALL_LABEL


def test_the_overview_leak_across_two_tables_is_closed():
    # Issue 10: "referrals by status" showed Nordby's 5 referrals (all open); "referrals by source"
    # hid the school's 1 with its row total, yet 5 - 4 police = 1. One problem for both tables.
    problem = Problem()
    total = problem.add(("referrals", "Nordby", "*"), 5)
    problem.add(("referrals", "Nordby", "status:open"), 5)
    police = problem.add(("referrals", "Nordby", "source:police"), 4)
    school = problem.add(("referrals", "Nordby", "source:school"), 1)
    problem.relate(total, [("referrals", "Nordby", "status:open")])
    problem.relate(total, [police, school])

    solution = problem.solve()

    assert solution.label(school) == SMALL_LABEL
    shown = {key: solution.value(key) for key in problem.values if solution.is_shown(key)}
    # Nothing shown adds up to the school cell any more: neither total is readable anywhere.
    assert solution.value(total) is None
    assert solution.value(("referrals", "Nordby", "status:open")) is None
    assert shown == {police: 4}


def test_each_table_alone_would_have_leaked():
    # The same counts suppressed one table at a time (the old overview) show the status total.
    status_only = solve_groups({"total": 5, "open": 5}, [("total", ["open"])])
    source_only = solve_groups(
        {"total": 5, "police": 4, "school": 1}, [("total", ["police", "school"])]
    )

    assert status_only.value("total") == 5
    assert source_only.value("total") is None
    total, police = status_only.value("total"), source_only.value("police")
    assert total is not None
    assert police is not None
    recovered = total - police
    assert recovered == 1  # what the shared problem above prevents


def test_a_group_given_away_only_by_the_labels_does_not_stop_the_engine():
    solution = solve_groups({"total": 3, "a": 1, "b": 1, "c": 1}, [("total", ["a", "b", "c"])])

    assert {solution.label(key) for key in ["total", "a", "b", "c"]} == {SMALL_LABEL}


def test_the_same_population_counted_twice_must_agree():
    problem = Problem()
    problem.add("referrals", 5)

    with pytest.raises(ValueError, match="different values"):
        problem.add("referrals", 6)


def test_means_and_shares_need_a_shown_count_of_at_least_four():
    solution = solve_groups({"n": 7, "small_n": 3, "part": 2}, [])

    assert solution.allows_mean("n")
    assert not solution.allows_mean("small_n")
    assert solution.share("n", "n") == 1.0
    assert solution.share("part", "n") is None  # the numerator is a small group
    assert solution.share("n", "small_n") is None


# --- Pages: teams, municipalities and periods are one problem -------------------------------


def two_team_organisation(*, national: bool) -> Organisation:
    return Organisation(
        municipalities={1: "Nordby", 2: "Sydby"},
        teams={10: (1, "Nord A"), 11: (1, "Nord B"), 20: (2, "Syd")},
        national=national,
    )


def test_a_team_filter_cannot_be_subtracted_from_its_municipality():
    # Nord A has 6 families, Nord B 2. Showing Nord A (6) and Nordby (8) would give Nord B away.
    page = Page(organisation=two_team_organisation(national=False), is_split=False)
    page.add_counts(
        "families",
        [TOTAL],
        {(10, WHOLE, TOTAL): 6, (11, WHOLE, TOTAL): 2, (20, WHOLE, TOTAL): 9},
        partition=False,
    )
    solution = page.solve()

    nord_a = solution.value(page.key("families", team_scope(10), WHOLE))
    nordby = solution.value(page.key("families", municipality_scope(1), WHOLE))
    assert solution.label(page.key("families", team_scope(11), WHOLE)) == SMALL_LABEL
    assert nord_a is None or nordby is None


def test_before_and_after_cannot_be_subtracted_from_the_whole_period():
    page = Page(organisation=two_team_organisation(national=True), is_split=True)
    page.add_counts(
        "referrals",
        ["source:police", "source:school"],
        {
            (20, BEFORE, "source:police"): 5,
            (20, AFTER, "source:police"): 4,
            (20, AFTER, "source:school"): 1,
        },
        partition=True,
    )
    solution = page.solve()
    syd = municipality_scope(2)

    assert solution.label(page.key("referrals", syd, AFTER, "source:school")) == SMALL_LABEL
    whole_school = page.key("referrals", syd, WHOLE, "source:school")
    assert solution.label(whole_school) == SMALL_LABEL
    # The whole period's police count minus the before count would be 4; the after total then
    # gives the school cell. At least one link of that chain is hidden.
    chain = [
        page.key("referrals", syd, AFTER, TOTAL),
        page.key("referrals", syd, AFTER, "source:police"),
    ]
    assert any(solution.value(key) is None for key in chain)


def test_the_national_row_is_the_sum_of_the_municipalities():
    page = Page(organisation=two_team_organisation(national=True), is_split=False)
    page.add_counts(
        "families",
        [TOTAL],
        {(10, WHOLE, TOTAL): 6, (11, WHOLE, TOTAL): 5, (20, WHOLE, TOTAL): 9},
        partition=False,
    )

    solution = page.solve()

    assert solution.value(page.key("families", ALL_SCOPE, WHOLE)) == 20
    assert solution.value(page.key("families", municipality_scope(1), WHOLE)) == 11
