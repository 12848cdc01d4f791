"""Issue 11, item 9: the family history shows a structured value in words, never as Python."""

from django.utils import translation

from families.history import _structured


def test_a_list_of_records_is_shown_by_names():
    snapshot = [
        {"member_id": 65, "name": "Mette Jensen", "role": "Forælder"},
        {"member_id": 66, "name": "Jonas Jensen", "role": "Barn"},
    ]
    with translation.override("en"):
        shown = _structured(snapshot)
    assert shown == "2 recorded: Mette Jensen, Jonas Jensen"
    with translation.override("da"):
        assert _structured(snapshot) == "2 registreret: Mette Jensen, Jonas Jensen"
    assert "member_id" not in shown and "{" not in shown and "[" not in shown


def test_an_empty_or_nameless_structure_is_a_dash():
    assert _structured([]) == "–"
    assert _structured([{"member_id": 1}]) == "–"
