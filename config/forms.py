"""Form rendering in the Danish common design system (DKFDS)."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting
from django_stubs_ext import StrOrPromise

from config.validators import is_name_field, reject_bidi_controls


class DkfdsRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


_WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),
    (forms.ClearableFileInput, "form-input"),
    (forms.Textarea, "form-input"),
    (forms.widgets.Input, "form-input"),
]


if TYPE_CHECKING:
    # The mixins are only ever combined with a form class; tell mypy what `super()` and `self` are.
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class BidiSafeNamesMixin(_FormBase):
    """Every name field (`name`, `first_name`, `…_name`) refuses text-direction controls."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field_name, field in self.fields.items():
            if (
                is_name_field(field_name)
                and isinstance(field, forms.CharField)
                and reject_bidi_controls not in field.validators
            ):
                field.validators.append(reject_bidi_controls)


class DkfdsFormMixin(BidiSafeNamesMixin):
    """Give every widget the design system's class and error attributes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            for widget_class, css_class in _WIDGET_CLASSES:
                if isinstance(widget, widget_class):
                    if css_class:
                        existing = widget.attrs.get("class", "")
                        widget.attrs["class"] = f"{existing} {css_class}".strip()
                    break

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Give the model choice field `name` the rows this form may offer (typed for mypy: a form's
    `fields` holds plain `Field`s)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    field.queryset = queryset


def set_choices(form: forms.BaseForm, name: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """Give the choice field `name` its choices (typed for mypy like `limit_choices`)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    field.choices = list(choices)


def offer_loaded(form: forms.BaseForm, name: str, rows: Iterable[Any]) -> None:
    """Render the model choice field `name` from rows the page has already read (e.g. the family
    overview's members) instead of reading its queryset again: the same values and labels as the
    queryset would give. A bound form still validates against the field's queryset."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    iterator = field.iterator(field)
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = empty + [iterator.choice(row) for row in rows]


FieldT = TypeVar("FieldT", bound=forms.Field)


def required_when(field: FieldT, condition: StrOrPromise) -> FieldT:
    """Mark a field the form cannot require on its own (it depends on another answer) as required
    under `condition`: components/field.html then shows `(condition)` instead of "(optional)"."""
    # A plain attribute Field does not declare; components/field.html reads it.
    field.required_when = condition  # type: ignore[attr-defined]
    return field
