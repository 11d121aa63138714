"""The public search form: Dutch query parameters in, `socialekaart.search.Filters` out.

Citizens' links end up in booklets, on posters and in bookmarks, so a wrong or outdated value
(`?wijk=999`, `?voor=iets`) must never give an error page: an invalid field is simply dropped, and the form shows
it empty, without an error.

The forms render through crispy-forms (coalition/crispy.py) like every form of Omzien, with their own layouts: the
search words in a large input with the button beside it (templates/socialekaart/public/_search_words.html), the
other filters in a fieldset "Zoek gerichter (niet verplicht)". The widgets stay the fast ones below: a region has
hundreds of wijken, on every search page.
"""

import copy
from datetime import date, timedelta
from html import escape
from typing import TypeVar

from crispy_forms.layout import HTML, Div, Field, Layout
from django import forms
from django.forms.utils import flatatt
from django.forms.widgets import ChoiceWidget
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from coalition import pagecache
from coalition.crispy import CrispyMixin, Fieldset
from coalition.models import Wijk
from coalition.widgets import PlainSelect

from .models import ActivityType, TargetGroup, Theme, Weekday
from .search import MAX_QUERY_LENGTH, Filters, terms_of

T = TypeVar("T")

# Form field name -> Filters attribute, for the yes/no filters.
FLAGS = {
    "gratis": "free",
    "rolstoel": "wheelchair",
    "ringleiding": "hearing_loop",
    "vervoer": "transport",
    "online": "online",
}
# Form field name -> Filters attribute, for the choice filters.
CHOICES = {"wijk": "wijk", "voor": "target_group", "soort": "kind", "thema": "theme", "dag": "weekday"}


def wijk_choices() -> tuple[list, frozenset[str]]:
    """Wijken and kernen grouped by gemeente, for a <select> with <optgroup>s, and their values (to check a chosen
    wijk against): one query when they have changed (every search page makes this form; a change of a wijk or
    gemeente makes a new page cache generation)."""
    return pagecache.per_generation("socialekaart.wijk_choices", _read_wijk_choices)


def _read_wijk_choices() -> tuple[list, frozenset[str]]:
    groups: dict[str, list] = {}
    values = set()
    rows = Wijk.objects.order_by("gemeente__name", "name").values_list("pk", "name", "gemeente__name")
    for pk, name, gemeente in rows:  # plain tuples: a region has hundreds of wijken, on every search page
        groups.setdefault(gemeente, []).append((pk, name))
        values.add(str(pk))
    return list(groups.items()), frozenset(values)


def _any(label):
    return [("", label)]


# "Voor wie": the empty choice is no filter at all (every listing), the value "iedereen" only the listings that are
# meant for everyone, without a special group. One wording for both, on the search page and in the booklet.
ALL_TARGET_GROUPS = _("alle doelgroepen")
FOR_EVERYONE = _("iedereen (geen speciale doelgroep)")


TARGET_GROUP_CHOICES = _any(ALL_TARGET_GROUPS) + [
    (value, FOR_EVERYONE if value == TargetGroup.IEDEREEN else label) for value, label in TargetGroup.choices
]


def target_group_label(value: str | None) -> str:
    """The "Voor wie" choice as the forms show it; "alle doelgroepen" for no choice."""
    if not value:
        return str(ALL_TARGET_GROUPS)
    return str(FOR_EVERYONE if value == TargetGroup.IEDEREEN else TargetGroup(value).label)


def _option(value: str, label: str, selected: bool) -> str:
    # The same markup as coalition.widgets.PlainSelect.
    return f'<option value="{value}"{" selected" if selected else ""}>{label}</option>'


class WijkSelect(PlainSelect):
    """PlainSelect for the wijk choices: straight from the (pk, name) groups, without an option dict per wijk."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)
        chosen = chosen[0] if chosen else None
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for key, label in self.choices:
            if isinstance(label, (list, tuple)):  # an optgroup of (pk, name)
                parts.append(f'<optgroup label="{escape(str(key))}">')
                for pk, wijk in label:
                    text = str(pk)
                    parts.append(_option(text, escape(wijk), text == chosen))
                    if text == chosen:
                        chosen = None  # only the first match, as Django's Select
                parts.append("</optgroup>")
            else:
                text = str(key)
                parts.append(_option(escape(text), escape(str(label)), text == chosen))
                if text == chosen:
                    chosen = None
        parts.append("</select>")
        # The name, the group names and the labels are escaped, flatatt escapes the attributes, wijk values are
        # primary keys.
        return mark_safe("".join(parts))  # noqa: S308


class PlainCheckbox(forms.CheckboxInput):
    """A checkbox rendered in Python: the same markup as Django's template, without a template per box."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attrs["checked"] = True
        shown = self.format_value(value)
        value_attr = f' value="{escape(shown)}"' if shown is not None else ""
        # The name and the value are escaped, flatatt escapes the attributes.
        return mark_safe(f'<input type="checkbox" name="{escape(name)}"{value_attr}{flatatt(attrs)}>')  # noqa: S308


class PlainSearchInput(forms.SearchInput):
    """A search input rendered in Python: the same markup as Django's template, without its two templates."""

    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value)
        value_attr = f' value="{escape(shown)}"' if shown is not None else ""
        # The name and the value are escaped, flatatt escapes the attributes.
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<input type="{self.input_type}" name="{escape(name)}"{value_attr}{attrs}>')  # noqa: S308


class SharedChoices:
    """For a choice field whose choices are never changed in place (a new list may be set): each form made shares
    them, where Django deep-copies them for every form (a third of making the search form, on every search)."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)  # the field, its widget, its messages
        result._choices = self._choices
        return result


class ChoiceField(SharedChoices, forms.ChoiceField):
    pass


class TypedChoiceField(SharedChoices, forms.TypedChoiceField):
    pass


class WijkField(SharedChoices, forms.TypedChoiceField):
    """A wijk or kern, grouped by gemeente. The public pages show hundreds of them on every request, so the
    choices stay plain (pk, name) groups: checked against a set, rendered by WijkSelect, and never passed
    through Django's per-choice normalising."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, empty_value=None, widget=WijkSelect(attrs={"class": "form-select"}), **kwargs)
        self._valid_values: frozenset[str] = frozenset()

    def set_groups(self, empty_label, groups: list, values: frozenset[str]) -> None:
        """The choices: `groups` of (gemeente, [(pk, name), …]), and the values among them (wijk_choices())."""
        self._choices = self.widget._choices = [("", empty_label), *groups]
        self._valid_values = values

    def valid_value(self, value) -> bool:
        return str(value) in self._valid_values


class QuickCopiedFields(dict):
    """A form class's fields, which Django deep-copies for every form it makes (BaseForm.__init__): each field and
    its widget are copied as their own __deepcopy__ would (the widget's attributes, the field's messages and
    validators; a SharedChoices field keeps its choices), but without copy.deepcopy's general machinery, which was
    most of the cost of making the search form on every search. Another kind of field is deep-copied as usual."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field, memo) for name, field in self.items()}


QUICK_WIDGETS = (PlainSelect, PlainCheckbox, PlainSearchInput, forms.TextInput)


def _field_copy(field: forms.Field, memo):
    if type(field) not in (ChoiceField, TypedChoiceField, WijkField, forms.BooleanField, forms.CharField):
        return copy.deepcopy(field, memo)
    if not isinstance(field.widget, QUICK_WIDGETS):
        return copy.deepcopy(field, memo)
    result = _shallow(field)
    result.widget = widget = _shallow(field.widget)
    widget.attrs = field.widget.attrs.copy()
    if isinstance(widget, ChoiceWidget):  # its own list, already normalised: not through the `choices` setter again
        vars(widget)["_choices"] = copy.copy(vars(widget)["_choices"])
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    return result


def _shallow(thing: T) -> T:
    copied = object.__new__(type(thing))
    copied.__dict__ = thing.__dict__.copy()
    return copied


class WijkFormMixin:
    """Fills the wijk choices when the form is made (new wijken appear without a restart), and gives the fields
    plain widgets with Bootstrap classes: once per form class, as they depend on the kind of field only (every
    search page makes one of these forms)."""

    def __init__(self, *args, **kwargs):
        _plain_widgets(type(self))
        super().__init__(*args, **kwargs)
        if "wijk" in self.fields:
            self.fields["wijk"].set_groups(_("alle wijken en kernen"), *wijk_choices())


def _plain_widgets(form_class) -> None:
    """Puts the plain widgets on the class's own fields (Django copies them into each form it makes), and lets
    Django copy them with QuickCopiedFields."""
    if form_class.__dict__.get("widgets_made_plain"):
        return
    form_class.base_fields = QuickCopiedFields(form_class.base_fields)
    for field in form_class.base_fields.values():
        if isinstance(field, WijkField):
            continue
        if isinstance(field, forms.BooleanField):
            field.widget = PlainCheckbox(attrs={"class": "form-check-input", **field.widget.attrs})
        elif isinstance(field, forms.ChoiceField):
            field.widget = PlainSelect(attrs={"class": "form-select"}, choices=field.widget.choices)
        else:
            field.widget.attrs.setdefault("class", "form-control")
    form_class.widgets_made_plain = True


class FilterForm(WijkFormMixin, CrispyMixin, forms.Form):
    """A form of the citizens' pages that chooses what they see: read from the query string, every field optional.

    A wrong or outdated value counts as not filled in: it is left out of the form's data, so the page shows that
    field empty, with no error message and no aria-invalid (an unknown wijk in an old bookmark is no mistake of
    the person reading the page).
    """

    mark = None  # every field may stay empty; the search form's fieldset says so once, in its legend
    include_media = False  # the citizens' pages need no JavaScript

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        if not self.is_valid():  # fills cleaned_data with the valid fields only
            self.data = {name: value for name, value in self.data.items() if name not in self.errors}
            self.full_clean()  # what is left is valid: every field is optional


class Disclosure(Div):
    """Fields behind a <details> with this summary: closed on a phone, always open on a wide screen (the CSS of
    .filters-disclosure in static/css/omzien.css), so the results come first on a small screen. No JavaScript."""

    template = "socialekaart/public/_disclosure.html"

    def __init__(self, summary, *fields, **kwargs):
        super().__init__(*fields, **kwargs)
        self.summary = summary


# The search words' input: large, and as wide as the row leaves beside the button.
WORDS_INPUT_CLASS = "form-control form-control-lg flex-grow-1 w-auto"
WORDS_TEMPLATE = "socialekaart/public/_search_words.html"


class SearchForm(FilterForm):
    q = forms.CharField(
        label=_("Wat zoekt u?"),
        required=False,
        strip=True,
        help_text=_("Bijvoorbeeld: wandelen, koffie, maatje of rouw"),
        widget=PlainSearchInput(attrs={"autocomplete": "off"}),
    )
    wijk = WijkField(label=_("Wijk of kern"), required=False)
    voor = ChoiceField(label=_("Voor wie"), required=False, choices=TARGET_GROUP_CHOICES)
    soort = ChoiceField(
        label=_("Soort activiteit"), required=False, choices=_any(_("alle soorten")) + ActivityType.choices
    )
    thema = ChoiceField(label=_("Onderwerp"), required=False, choices=_any(_("alle onderwerpen")) + Theme.choices)
    dag = TypedChoiceField(
        label=_("Dag"), required=False, coerce=int, empty_value=None, choices=_any(_("alle dagen")) + Weekday.choices
    )
    gratis = forms.BooleanField(label=_("Alleen gratis"), required=False)
    rolstoel = forms.BooleanField(label=_("Toegankelijk met rolstoel"), required=False)
    ringleiding = forms.BooleanField(label=_("Met ringleiding"), required=False)
    vervoer = forms.BooleanField(label=_("Vervoer mogelijk"), required=False)
    online = forms.BooleanField(label=_("Online of via de telefoon"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get("q", "") != self.query:  # the words as searched: without spaces around, cut to length
            self.data = {**self.data, "q": self.query}

    def get_layout(self) -> Layout:
        """The words with their button; then the other filters in a fieldset behind "Filters" (on a phone): the
        choices in a row that wraps on a narrow screen, the yes/no filters together, and the button again."""
        chosen = len(self.active_filters())
        summary = _("Filters (%(count)d gekozen)") % {"count": chosen} if chosen else _("Filters")
        return Layout(
            Field("q", template=WORDS_TEMPLATE, css_class=WORDS_INPUT_CLASS, wrapper_class="mb-3"),
            Disclosure(
                summary,
                Fieldset(
                    _("Zoek gerichter (niet verplicht)"),
                    Div(*(Field(name, wrapper_class="col-sm-6 col-lg-4") for name in CHOICES), css_class="row gx-3"),
                    Div(*FLAGS, css_class="d-flex flex-wrap column-gap-3"),
                    HTML(format_lazy('<button type="submit" class="btn btn-primary">{}</button>', _("Zoeken"))),
                    css_class="filters",
                    legend_class="h5",
                ),
                css_class="filters-disclosure",
            ),
        )

    def clean_q(self):
        return self.cleaned_data["q"][:MAX_QUERY_LENGTH]

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q") or ""

    @property
    def filters(self) -> Filters:
        """The valid filters; a field with an unknown value counts as not filled in."""
        data = self.cleaned_data
        values = {attribute: data.get(name) or None for name, attribute in CHOICES.items()}
        values |= {attribute: bool(data.get(name)) for name, attribute in FLAGS.items()}
        return Filters(**values)  # type: ignore[arg-type]  # one dict of two kinds of value: checked by Filters

    @property
    def has_criteria(self) -> bool:
        return bool(terms_of(self.query) or self.filters.as_dict())

    def active_filters(self) -> list[dict]:
        """The filters in use, each with its label, for "search without this filter" links."""
        active = []
        for name in [*CHOICES, *FLAGS]:
            value = self.cleaned_data.get(name)
            if not value:
                continue
            field = self.fields[name]
            if isinstance(field, forms.BooleanField):
                text = field.label
            else:
                text = f"{field.label}: {self._choice_label(field, value)}"
            active.append({"name": name, "label": text})
        return active

    @staticmethod
    def _choice_label(field, value) -> str:
        for key, label in field.choices:
            if isinstance(label, (list, tuple)):  # an optgroup
                for sub_key, sub_label in label:
                    if str(sub_key) == str(value):
                        return str(sub_label)
            elif str(key) == str(value):
                return str(label)
        return str(value)

    def params(self, without: str | None = None) -> dict:
        """The valid parameters as a query-string dict, optionally without one of them."""
        result = {}
        if self.query and without != "q":
            result["q"] = self.query
        for name in [*CHOICES, *FLAGS]:
            value = self.cleaned_data.get(name)
            if value and name != without:
                result[name] = "1" if value is True else value
        return result


class HomeSearchForm(SearchForm):
    """The home page's search: only the words, in the front door's largest type. The other filters are the
    search page's."""

    large = True

    def get_layout(self) -> Layout:
        return Layout(Field("q", template=WORDS_TEMPLATE, css_class=WORDS_INPUT_CLASS))


class BookletForm(FilterForm):
    wijk = WijkField(label=_("Wijk of kern"), required=False)
    voor = ChoiceField(label=_("Voor wie"), required=False, choices=TARGET_GROUP_CHOICES)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()

    @property
    def filters(self) -> Filters:
        return Filters(wijk=self.cleaned_data.get("wijk"), target_group=self.cleaned_data.get("voor") or None)


# How far ahead the agenda goes: a year, so that an old link or a typed date never asks for a decade.
AGENDA_DAYS_AHEAD = 366


def _agenda_date(value):
    today = timezone.localdate()
    if not today <= value <= today + timedelta(days=AGENDA_DAYS_AHEAD):
        raise forms.ValidationError(_("Kies een datum tussen vandaag en over een jaar."))
    return value


class AgendaForm(FilterForm):
    """The agenda's choices: a wijk, and the first day of the week shown (`van`, default today). `dag` (one
    day, all of its sessions) comes from the agenda's "all on this day" links and stays, hidden, when the reader
    then chooses another wijk; a chosen `van` goes back to a week."""

    wijk = WijkField(label=_("Wijk of kern"), required=False)
    van = forms.DateField(
        label=_("Vanaf datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        validators=[_agenda_date],
    )
    dag = forms.DateField(required=False, widget=forms.HiddenInput, validators=[_agenda_date])

    def get_layout(self):
        return Layout("wijk", "van", "dag")

    @property
    def selected_wijk(self) -> int | None:
        return self.cleaned_data.get("wijk")

    @property
    def period(self) -> tuple[date, date, bool]:
        """(first day, last day, one day only): a chosen day, or the week from `van` (today unless chosen)."""
        day, start = self.cleaned_data.get("dag"), self.cleaned_data.get("van")
        if day and not start:
            return day, day, True
        start = start or timezone.localdate()
        return start, start + timedelta(days=6), False
