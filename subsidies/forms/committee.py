"""The committee member's forms: the declaration of a conflict of interest, and the review (points per criterion,
an overall advice). The services (services/committee.py) hold the same rules and put their messages beside these
fields: `has_conflict`, `explanation`, `score_<criterion id>`, `advice`."""

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin, Fieldset

from ..choices import Advies
from ..models import MAX_POINTS, Criterium

REQUIRED = _("Dit veld is verplicht.")
INVALID_CHOICE = _("Kies een van de mogelijkheden.")
TOO_LONG = _("Dit is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")
TEXT_MAX_LENGTH = 5000


class PageForm(CrispyMixin, forms.Form):
    """A form on a page that holds several: each has its own id prefix, so no two inputs share an id."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def text(label, *, required=False, max_length=TEXT_MAX_LENGTH, rows=3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": REQUIRED, "max_length": TOO_LONG},
    )


class DeclarationForm(PageForm):
    id_prefix = "verklaring"

    has_conflict = forms.TypedChoiceField(
        label=_("Heeft u een belang bij deze aanvraag?"),
        help_text=_(
            "Bijvoorbeeld: u werkt voor de aanvrager of een partner, u bent er vrijwilliger of bestuurslid, of "
            "iemand uit uw familie is erbij betrokken. Twijfelt u? Kies dan ‘ja’."
        ),
        choices=[
            ("nee", _("Nee, ik heb geen belang: ik beoordeel deze aanvraag")),
            ("ja", _("Ja, ik heb een belang: ik beoordeel deze aanvraag niet")),
        ],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies ‘ja’ of ‘nee’."), "invalid_choice": INVALID_CHOICE},
    )
    explanation = text(_("Toelichting"), max_length=500, rows=2, help_text=_("Alleen de coördinator leest dit."))


def _score_field(criterium: Criterium) -> forms.TypedChoiceField:
    scale = list(criterium.scale or [])
    return forms.TypedChoiceField(
        label=_("Punten"),
        choices=[
            (points, f"{points} – {scale[points] if points < len(scale) else ''}") for points in range(MAX_POINTS + 1)
        ],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies 0 tot en met 5 punten.")},
    )


class ReviewForm(PageForm):
    """Points (0–5, each point explained in the criterion's own words) and a comment per criterion of the call,
    then an overall advice and its comment. `submit` (the "indienen" button) needs every criterion and the advice;
    a draft ("bewaren") may be incomplete."""

    id_prefix = "beoordeling"

    advice = forms.ChoiceField(
        label=_("Uw advies"),
        choices=Advies.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    comment = text(_("Toelichting bij uw advies"), rows=4)

    def __init__(self, *args, criteria: list[Criterium], submit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.submit = submit
        for criterium in criteria:
            self.fields[f"score_{criterium.pk}"] = _score_field(criterium)
            self.fields[f"comment_{criterium.pk}"] = text(_("Toelichting"), rows=2)

    def get_layout(self) -> Layout:
        parts = [
            Fieldset(
                _("%(title)s (weegt %(weight)d×)") % {"title": criterium.title, "weight": criterium.weight},
                f"score_{criterium.pk}",
                f"comment_{criterium.pk}",
                intro=criterium.description,
                css_id=f"criterium-{criterium.pk}",
                css_class="border rounded p-3 mb-3",
            )
            for criterium in self.criteria
        ]
        parts.append(
            Fieldset(_("Uw advies aan de coördinator"), "advice", "comment", css_class="border rounded p-3 mb-3")
        )
        return Layout(*parts)

    def clean(self):
        cleaned = super().clean()
        if self.submit:
            for criterium in self.criteria:
                name = f"score_{criterium.pk}"
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Geef punten voor dit criterium."))
            if not cleaned.get("advice") and "advice" not in self.errors:
                self.add_error("advice", _("Kies uw advies."))
        return cleaned

    def scores(self) -> dict[int, int | None]:
        return {criterium.pk: self.cleaned_data.get(f"score_{criterium.pk}") for criterium in self.criteria}

    def score_comments(self) -> dict[int, str]:
        return {criterium.pk: self.cleaned_data.get(f"comment_{criterium.pk}") or "" for criterium in self.criteria}


def review_initial(snapshot: dict) -> dict:
    """The form as last saved, from the review's latest history line (it holds everything typed, also the
    comment of a criterion without points in a draft)."""
    initial = {"advice": snapshot.get("advice", ""), "comment": snapshot.get("comment", "")}
    for pk, score in (snapshot.get("scores") or {}).items():
        initial[f"score_{pk}"] = score.get("points")
        initial[f"comment_{pk}"] = score.get("comment", "")
    return initial
