"""No silent overwrites: the one mechanism every edit form uses.

An edit form carries, in a hidden field, an *edit token*: a keyed hash of the values it edits as
they were when the form was loaded (`token_of`). The service locks the row (`lock`), computes the
token of what is saved now and, when they differ, refuses with `StaleEdit` (`refuse_stale`):
someone else saved a change in between. `StaleEdit` carries the saved values and their token; the
view (through config.feedback.add_form_errors) keeps what the second editor typed in the form,
shows both versions side by side (templates/components/stale_edit.html) and puts the new token in
the form, so saving again is a decision made with the other change in view.

The token covers only the fields the form edits: a change to another field (or to another row) is
no conflict. A row that did not exist yet (a meeting written for the first time) has the token of
`None`, so two people writing the first version are caught too. The token is an HMAC under
SECRET_KEY: it reveals nothing of what it covers (a member's CPR number is among them).

A service called without a token (`expected_token=None`: imports, commands, seeding, a script that
posts no token) is not checked. The token protects people editing in a browser, who always send
the one their form was rendered with; it is no access rule.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

TOKEN_FIELD = "edit_token"
STALE_ATTRIBUTE = "stale_edit"  # the form attribute templates/components/form.html shows
_SALT = "config.concurrency.edit_token"

ModelT = TypeVar("ModelT", bound=Model)
Values = Mapping[str, object]


# --- The token -------------------------------------------------------------------------------


def _plain(value: object) -> object:
    """`value` as JSON with one spelling per meaning: rows by primary key, sets sorted."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return sorted((_plain(item) for item in value), key=lambda item: json.dumps(item))
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value


def edit_token(values: Values | None) -> str:
    """The token of one version of an edit form's values (`None`: nothing saved yet)."""
    payload = json.dumps(_plain(values), sort_keys=True, default=str)
    return salted_hmac(_SALT, payload, algorithm="sha256").hexdigest()[:40]


def values_of(instance: Model | None, fields: Iterable[str]) -> dict[str, object] | None:
    """The saved values of `fields` of `instance` (many-to-many fields as lists of rows)."""
    if instance is None:
        return None
    values: dict[str, object] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = list(getattr(instance, name).all())
        else:
            values[name] = getattr(instance, name)
    return values


def token_of(instance: Model | None, fields: Iterable[str]) -> str:
    """What an edit form of `fields` of `instance` carries when it is loaded."""
    return edit_token(values_of(instance, fields))


# --- The check, in the service ---------------------------------------------------------------


class StaleEdit(ValidationError):
    """Someone else saved a change after the form was loaded; nothing was saved."""

    def __init__(
        self,
        *,
        saved: Values | None,
        token: str,
        changed_by: str = "",
        changed_at: dt.datetime | None = None,
        was_new: bool = False,
        gone: bool = False,
    ) -> None:
        if gone:
            message = _(
                "Someone else deleted this while you were editing it. Nothing was saved: what "
                "you wrote is still in the form below, copy it if you need it."
            )
        else:
            message = _(
                "Someone else saved a change while you were editing. Yours is not saved yet: "
                "compare the two versions below, then save again to keep yours."
            )
        super().__init__(message, code="stale_edit")
        self.saved = saved
        self.token = token
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.was_new = was_new
        self.gone = gone


def lock(instance: ModelT) -> ModelT:
    """The saved row of `instance`, locked until the transaction ends (call inside one).
    Refused with StaleEdit when someone else deleted it meanwhile."""
    try:
        return type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    except type(instance).DoesNotExist:  # type: ignore[attr-defined]  # every concrete model has it
        raise StaleEdit(saved=None, token="", gone=True) from None


def _last_change(instance: Model | None) -> tuple[str, dt.datetime | None]:
    history = getattr(instance, "history", None)
    record = history.first() if history is not None else None
    if record is None:
        return "", None
    user = getattr(record, "history_user", None)
    return (str(user) if user is not None else ""), record.history_date


def refuse_stale(
    expected_token: str | None, saved: Values | None, *, instance: Model | None = None
) -> None:
    """Raise StaleEdit unless `saved` (read under the row lock) is the version the form was
    loaded from. `instance` is the row whose history names who saved last."""
    if expected_token is None:
        return
    token = edit_token(saved)
    if token == expected_token:
        return
    changed_by, changed_at = _last_change(instance)
    raise StaleEdit(
        saved=saved,
        token=token,
        changed_by=changed_by,
        changed_at=changed_at,
        was_new=expected_token == edit_token(None),
    )


# --- The form side ---------------------------------------------------------------------------


def carry_token(form: forms.BaseForm, token: str) -> None:
    """Give `form` the hidden edit token: the version it is loaded from (a bound form sends back
    the token it was rendered with)."""
    form.fields[TOKEN_FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=token
    )


def posted_token(form: forms.BaseForm) -> str | None:
    """The token the browser sent back (`None` when the request carried none), taken out of
    `cleaned_data` so it does not reach the service as a field."""
    token = form.cleaned_data.pop(TOKEN_FIELD, None)
    if form.add_prefix(TOKEN_FIELD) not in form.data:
        return None
    return str(token or "")


@dataclass(frozen=True)
class Row:
    label: str
    saved: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.saved != self.yours


@dataclass(frozen=True)
class Comparison:
    """What templates/components/stale_edit.html shows: each field, saved now and yours."""

    rows: list[Row]
    changed_by: str
    changed_at: dt.datetime | None
    was_new: bool  # the form was loaded before anything was saved
    gone: bool  # someone else deleted it

    @property
    def differing(self) -> list[Row]:
        return [row for row in self.rows if row.differs]


def _is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, list | tuple | set | frozenset):
        return not value
    return False


def _choice_labels(field: forms.ChoiceField) -> dict[str, str]:
    labels: dict[str, str] = {}
    choices: Iterable[tuple[object, object]] = field.choices  # type: ignore[assignment]  # a form field's choices are normalised to (value, label) pairs
    for key, label in choices:
        if isinstance(label, list | tuple):  # a group: (group label, [(value, label), ...])
            labels.update({str(k): str(v) for k, v in label})
        else:
            labels[str(key)] = str(label)
    return labels


def _row_label(field: forms.ModelChoiceField[Any], value: object) -> str:
    if not isinstance(value, Model):
        if field.queryset is None:
            return str(value)
        value = field.queryset.model._default_manager.filter(pk=value).first()
        if value is None:
            return ""
    return str(field.label_from_instance(value))


def display(field: forms.Field, value: object) -> str:
    """`value` of `field` as the person filling in the form reads it."""
    if _is_empty(value):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        items: Iterable[object] = value if isinstance(value, Iterable) else [value]
        return ", ".join(sorted(_row_label(field, item) for item in items))
    if isinstance(field, forms.ModelChoiceField):
        return _row_label(field, value)
    if isinstance(field, forms.MultipleChoiceField):
        labels = _choice_labels(field)
        chosen = value if isinstance(value, list | tuple | set) else [value]
        order = list(labels)
        return ", ".join(
            labels.get(str(item), str(item))
            for item in sorted(
                chosen, key=lambda item: order.index(str(item)) if str(item) in order else 0
            )
        )
    if isinstance(field, forms.ChoiceField):
        return _choice_labels(field).get(str(value), str(value))
    if isinstance(field, forms.BooleanField) or isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value).replace("\r\n", "\n").strip()


def compare(
    form: forms.BaseForm, error: StaleEdit, *, field_names: Mapping[str, str] | None = None
) -> Comparison:
    """Each visible field of `form`: the saved version beside what was typed (the bound form's
    cleaned data). A form whose fields are not the service's (by name, or after renaming by
    `field_names`, service name → form field) says how with `saved_initial(saved)`."""
    saved_initial: Mapping[str, object] = {}
    if error.saved is not None:
        convert = getattr(form, "saved_initial", None)
        saved_initial = (
            convert(error.saved)
            if convert is not None
            else {(field_names or {}).get(name, name): value for name, value in error.saved.items()}
        )
    rows = []
    typed = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        yours = typed[name] if name in typed else form[name].value()
        saved = display(field, saved_initial.get(name))
        rows.append(Row(label=str(field.label or name), saved=saved, yours=display(field, yours)))
    return Comparison(
        rows=rows,
        changed_by=error.changed_by,
        changed_at=error.changed_at,
        was_new=error.was_new,
        gone=error.gone,
    )
