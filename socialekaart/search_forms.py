"""The public search form: Dutch query parameters in, `socialekaart.search.Filters` out.

Citizens' links end up in booklets, on posters and in bookmarks, so a wrong or outdated value
(`?wijk=999`, `?voor=iets`) must never give an error page: an invalid field is simply dropped.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.models import Wijk
from coalition.widgets import PlainSelect

from .models import ActivityType, TargetGroup, Theme, Weekday
from .search import MAX_QUERY_LENGTH, Filters, terms_of

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


def wijk_choices() -> list:
    """Wijken and kernen grouped by gemeente (one query), for a <select> with <optgroup>s."""
    groups: dict[str, list] = {}
    rows = Wijk.objects.order_by("gemeente__name", "name").values_list("pk", "name", "gemeente__name")
    for pk, name, gemeente in rows:  # plain tuples: a region has hundreds of wijken, on every search page
        groups.setdefault(gemeente, []).append((pk, name))
    return list(groups.items())


def _any(label):
    return [("", label)]


class WijkFormMixin:
    """Fills the wijk choices when the form is made (new wijken appear without a restart) and Bootstrap classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "wijk" in self.fields:
            self.fields["wijk"].choices = _any(_("alle wijken en kernen")) + wijk_choices()
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(field, forms.ChoiceField):
                field.widget = PlainSelect(attrs={"class": "form-select"}, choices=field.choices)
            else:
                field.widget.attrs.setdefault("class", "form-control")


class SearchForm(WijkFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Wat zoekt u?"),
        required=False,
        strip=True,
        help_text=_("Bijvoorbeeld: wandelen, koffie, maatje of rouw"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    wijk = forms.TypedChoiceField(label=_("Wijk of kern"), required=False, coerce=int, empty_value=None)
    voor = forms.ChoiceField(label=_("Voor wie"), required=False, choices=_any(_("iedereen")) + TargetGroup.choices)
    soort = forms.ChoiceField(
        label=_("Soort activiteit"), required=False, choices=_any(_("alle soorten")) + ActivityType.choices
    )
    thema = forms.ChoiceField(label=_("Onderwerp"), required=False, choices=_any(_("alle onderwerpen")) + Theme.choices)
    dag = forms.TypedChoiceField(
        label=_("Dag"), required=False, coerce=int, empty_value=None, choices=_any(_("alle dagen")) + Weekday.choices
    )
    gratis = forms.BooleanField(label=_("Alleen gratis"), required=False)
    rolstoel = forms.BooleanField(label=_("Toegankelijk met rolstoel"), required=False)
    ringleiding = forms.BooleanField(label=_("Met ringleiding"), required=False)
    vervoer = forms.BooleanField(label=_("Vervoer mogelijk"), required=False)
    online = forms.BooleanField(label=_("Online of via de telefoon"), required=False)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()  # fills cleaned_data with the valid fields only; the invalid ones are dropped

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
        return Filters(**values)

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


class BookletForm(WijkFormMixin, forms.Form):
    wijk = forms.TypedChoiceField(label=_("Wijk of kern"), required=False, coerce=int, empty_value=None)
    voor = forms.ChoiceField(
        label=_("Voor wie"), required=False, choices=_any(_("alle doelgroepen")) + TargetGroup.choices
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()

    @property
    def filters(self) -> Filters:
        return Filters(wijk=self.cleaned_data.get("wijk"), target_group=self.cleaned_data.get("voor") or None)


class AgendaForm(WijkFormMixin, forms.Form):
    wijk = forms.TypedChoiceField(label=_("Wijk of kern"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else {}, *args, **kwargs)
        self.is_valid()

    @property
    def selected_wijk(self) -> int | None:
        return self.cleaned_data.get("wijk")
