"""The filter of "Wat werkt" (meldpunt/views/trackrecord.py): which referrals count, in a GET form."""

from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin
from coalition.models import Gemeente


class TrackRecordFilterForm(CrispyMixin, forms.Form):
    """Which referrals count: of one gemeente's meldpunt, and sent since a date. Both may stay empty.

    The page's <form> is a row with its hidden inputs and its button; the fields are columns of that row.
    """

    mark = None  # a filter: every field may stay empty

    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Gemeente.objects.filter(meldpunt__isnull=False).order_by("name"),
        required=False,
        empty_label=_("Alle gemeenten"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sinds = forms.DateField(
        label=_("Verstuurd vanaf"),
        required=False,
        help_text=_("Bijvoorbeeld 1-1-2026. Leeg: alle verwijzingen."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"invalid": _("Vul een bestaande datum in, bijvoorbeeld 1-1-2026.")},
    )

    def get_layout(self) -> Layout:
        """Side by side, each a column of the page's row (the button is the page's last column)."""
        return Layout(*(Field(name, wrapper_class="col-auto") for name in self.fields))

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out, and its message shown beside the field)."""
        data = self.cleaned_data if self.is_bound else {}
        return {"gemeente": data.get("gemeente"), "since": data.get("sinds")}
