from html import escape

from django import forms
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
