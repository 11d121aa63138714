from html import escape

from django import forms
from django.contrib.admin.widgets import AutocompleteMixin, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A <select> rendered in Python rather than one template per <option>.

    Django's widget templates cost a template include per option; a list of every wijk and kern of a
    region has hundreds, which made the public search page several times slower. Labels are turned into
    plain strings once and escaped with the standard library: lazy translations are slow to escape one by one.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(name)}"{flatatt(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'<optgroup label="{escape(str(group_name))}">')
            for option in options:
                selected = " selected" if option["selected"] else ""
                value_text, label = escape(str(option["value"])), escape(str(option["label"]))
                parts.append(f'<option value="{value_text}"{selected}>{label}</option>')
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 -- every name, attribute and label is escaped above


class ValidAutocompleteMixin(AutocompleteMixin):
    """The admin's autocomplete widget, which leaves out a selected value that is no key at all.

    Django's widget looks the selected values up to show their names, also a value from the address (?gemeente=…
    prefills an add form) or from a refused form: "abc" for a numeric key made that lookup fail with a 500."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except ValidationError:
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class ValidAutocompleteSelect(ValidAutocompleteMixin, AutocompleteSelect):
    pass


class ValidAutocompleteSelectMultiple(ValidAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class ValidAutocompleteAdminMixin:
    """For a ModelAdmin or inline with autocomplete_fields: its widgets are the ones above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _valid_autocomplete(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _valid_autocomplete(super().formfield_for_manytomany(db_field, request, **kwargs))


def _valid_autocomplete(formfield):
    widget = getattr(formfield, "widget", None)
    # The subclasses add no state of their own, so the widget Django made can become one.
    if type(widget) is AutocompleteSelect:
        widget.__class__ = ValidAutocompleteSelect
    elif type(widget) is AutocompleteSelectMultiple:
        widget.__class__ = ValidAutocompleteSelectMultiple
    return formfield
