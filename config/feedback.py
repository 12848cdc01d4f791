"""Showing a service's ValidationError to the user: as messages, or on the form it came from."""

from collections.abc import Mapping

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict

from config.concurrency import STALE_ATTRIBUTE, TOKEN_FIELD, StaleEdit, compare


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def add_form_errors(
    form: BaseForm, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Put the error on the form: by field where the service names a field the form has (after
    renaming by `field_names`, service name → form field), the rest on the form as a whole.
    A stale edit (config.concurrency) also puts both versions on the form and the saved
    version's token in it: what was typed stays, and saving again keeps it knowingly."""
    if isinstance(error, StaleEdit):
        _show_stale_edit(form, error, field_names=field_names)
        return
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, field_messages in error.message_dict.items():
        target = (field_names or {}).get(name, name)
        form.add_error(target if target in form.fields else None, field_messages)


def _show_stale_edit(
    form: BaseForm, error: StaleEdit, *, field_names: Mapping[str, str] | None
) -> None:
    setattr(form, STALE_ATTRIBUTE, compare(form, error, field_names=field_names))
    for message in error.messages:
        form.add_error(None, message)
    if not error.gone:
        # The next save carries the saved version's token: saving again is a decision.
        name = form.add_prefix(TOKEN_FIELD)
        if isinstance(form.data, QueryDict):
            data = form.data.copy()
            data[name] = error.token
            form.data = data
        else:
            form.data = {**form.data, name: error.token}
