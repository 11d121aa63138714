"""How the forms of Omzien are rendered: django-crispy-forms with the bootstrap5 template pack.

A form class gets `CrispyMixin` and, where order or grouping matter, a `get_layout()`. Its page renders it with
`{% crispy form %}` inside the page's own <form> element: the page keeps the CSRF token, its own hidden inputs and
its buttons. What accessibility needs lives in our own copies of a few bootstrap5 templates (templates/bootstrap5/):

- errors.html: a summary above the form when something is wrong, focusable, with a link to each field;
- field.html: a label with "(verplicht)" (or, on the public form, "(mag leeg blijven)"); help text and errors with
  the ids that Django's aria-describedby points to (`<id>_helptext`, `<id>_error`); aria-invalid from Django;
  radio buttons and checkbox lists in a fieldset with a legend;
- layout/fieldset.html: a fieldset whose legend has its own look, with an optional line of explanation.
"""

from functools import cached_property
from typing import TYPE_CHECKING

from crispy_forms import layout
from crispy_forms.helper import FormHelper
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.widgets import ChoiceWidget
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# What a label says about filling the field in (CrispyMixin.mark).
REQUIRED = "verplicht"  # required fields say "(verplicht)"
OPTIONAL = "optioneel"  # optional fields say "(mag leeg blijven)": forms where most fields are optional


if TYPE_CHECKING:  # a mixin for forms: the type checker may see it as one
    FormBase = forms.BaseForm
else:
    FormBase = object


class CrispyMixin(FormBase):
    """Renders the form through crispy-forms inside a <form> element that the page writes itself."""

    #: REQUIRED, OPTIONAL, or None for no mark (forms where every field is needed, such as logging in).
    mark: str | None = REQUIRED
    #: Large type, for the citizens' pages.
    large = False
    #: The heading and the first line of the error summary.
    error_title = _("Niet alles is goed ingevuld")
    error_intro = _("Wat u typte is bewaard. Kijk bij:")
    #: Names of fields whose errors the page shows itself; NON_FIELD_ERRORS for the errors of no field.
    errors_shown_elsewhere: tuple[str, ...] = ()
    #: The page shows the error summary itself, right under its h1 (`{{ form.error_summary_html }}`), and the summary
    #: takes the focus when the page loads: the citizens' forms, where the form starts below other text.
    summary_at_top = False
    #: crispy writes the widgets' media (<script>, <link>) into the form. No widget of Omzien has any; the forms
    #: of the busiest pages skip collecting them.
    include_media = True

    def get_layout(self) -> layout.Layout:
        """The fields in the form's order (hidden ones too). Override where order or grouping matter."""
        return layout.Layout(*self.fields)

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False  # the page has the <form>, its CSRF token and its buttons
        helper.disable_csrf = True
        helper.include_media = self.include_media
        helper.layout = self.get_layout()
        helper.form_error_title = str(self.error_title)
        # Read by our bootstrap5 templates (crispy hands a helper's attributes to them).
        helper.error_intro = self.error_intro
        helper.label_mark = self.mark or ""
        helper.large_type = self.large
        helper.summary_id = self.summary_id
        helper.summary_at_top = self.summary_at_top
        return helper

    def error_summary_html(self) -> str:
        """The error summary for a page that shows it above the form (summary_at_top): it has the focus when the
        page loads (autofocus; static/js/omzien.js for browsers that only focus form fields). Empty without errors."""
        if not self.errors:
            return ""
        context = {
            "form": self,
            "summary_id": self.summary_id,
            "form_error_title": str(self.error_title),
            "error_intro": self.error_intro,
            "large_type": self.large,
            "standalone": True,
        }
        return render_to_string("bootstrap5/errors.html", context)

    @property
    def summary_id(self) -> str:
        """The error summary's id, distinct for every form (the case page holds many): like the fields' ids."""
        name = self.add_prefix("fouten")
        if isinstance(self.auto_id, str) and "%s" in self.auto_id:
            return self.auto_id % name
        return name

    def summary_anchor(self, bound) -> str:
        """The id the summary links to: the input, or the first choice of a radio group or checkbox list.
        Empty for a hidden field: its messages are listed without a link."""
        if bound.is_hidden:
            return ""
        if bound.field.widget.use_fieldset and isinstance(bound.field.widget, ChoiceWidget):
            subwidgets = bound.subwidgets
            if subwidgets:
                return subwidgets[0].id_for_label
        return bound.id_for_label

    def _in_layout_order(self):
        """The bound fields in the order the page shows them, then any the layout leaves out."""
        names = [pointer.name for pointer in self.helper.layout.get_field_names()]
        names += [name for name in self.fields if name not in names]
        return [self[name] for name in dict.fromkeys(names) if name in self.fields]

    def error_summary(self) -> list[dict]:
        """What the summary lists: the errors that belong to no field (or to a hidden one), then per field with
        an error its label, the id to link to and its first message."""
        if not self.errors:  # the usual case: no need to walk the layout
            return []
        elsewhere = self.errors_shown_elsewhere
        items = []
        if NON_FIELD_ERRORS not in elsewhere:
            items += [{"message": message} for message in self.non_field_errors()]
        fields = []
        for bound in self._in_layout_order():
            if not bound.errors or bound.name in elsewhere:
                continue
            anchor = self.summary_anchor(bound)
            if anchor:
                fields.append({"label": bound.label, "anchor": anchor, "message": bound.errors[0]})
            else:
                items += [{"message": message} for message in bound.errors]
        return items + fields


class Fieldset(layout.Fieldset):
    """A fieldset whose legend has its own classes, with an optional line of explanation under the legend.

    The explanation gets the id `<css_id>-uitleg` and the fieldset points to it with aria-describedby when the
    fieldset has a css_id.
    Rendered by our templates/bootstrap5/layout/fieldset.html.
    """

    def __init__(self, legend, *fields, legend_class="h4", intro="", intro_class="form-text mt-0", **kwargs):
        super().__init__(legend, *fields, **kwargs)
        self.legend_class = legend_class
        self.intro = intro
        self.intro_class = intro_class

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        """As crispy's, without compiling the legend as a template on every render: our template writes the
        legend itself, escaped (a lazy translation is translated then, in the language of the request)."""
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        context.update({"fieldset": self, "legend": self.legend, "fields": fields})
        return render_to_string(self.get_template_name(template_pack), context.flatten())


class SavedValueField(layout.Field):
    """A field of a form saved with optimistic locking. After a conflict the page's context holds `stale`: per
    field what is saved now; the field shows it under the input where it differs from what was typed."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, extra_context=None, **kwargs):
        stale = context.get("stale") or {}
        extra_context = {**(extra_context or {}), "saved_now": stale.get(self.fields[0])}
        return super().render(form, context, template_pack=template_pack, extra_context=extra_context, **kwargs)


def heading(text, css_class="h4", level=2) -> layout.HTML:
    """A heading between groups of fields (where a fieldset would hide the page's structure of headings)."""
    return layout.HTML(format_html('<h{0} class="{1}">{2}</h{0}>', level, css_class, text))
