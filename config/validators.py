"""Validators shared by every app's forms."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Bidirectional embedding/override (U+202A–U+202E) and isolate (U+2066–U+2069) controls: in a name
# they reorder what is shown ("Jensen" + U+202E + "gpj.exe"), so a name could pose as another.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def reject_bidi_controls(value: object) -> None:
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        raise ValidationError(
            _("Remove the invisible text-direction characters from the name."),
            code="bidi_control",
        )


def is_name_field(field_name: str) -> bool:
    """The fields that hold a name: `name`, `first_name`, `last_name`, `…_name`."""
    return field_name == "name" or field_name.endswith("_name")
