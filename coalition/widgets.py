from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A <select> rendered in Python rather than one template per <option>.

    Django's widget templates cost a template include per option; a list of every wijk and kern of a
    region has hundreds, which made the public search page several times slower.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', name, flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                selected = mark_safe(" selected") if option["selected"] else ""
                parts.append(
                    format_html('<option value="{}"{}>{}</option>', option["value"], selected, option["label"])
                )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))
