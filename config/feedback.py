"""Showing a service's ValidationError to the user: as messages, or on the form it came from."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def add_form_errors(form: BaseForm, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)
