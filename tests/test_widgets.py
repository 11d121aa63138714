from html.parser import HTMLParser

import pytest
from django import forms

from coalition.widgets import PlainSelect
from socialekaart.search_forms import PlainSearchInput


def test_plain_select_renders_groups_the_selected_option_and_escapes():
    widget = PlainSelect(
        attrs={"class": "form-select", "id": "id_wijk"},
        choices=[("", "alle wijken"), ("Enschede", [(1, "Centrum"), (2, "<Noord>")])],
    )

    html = widget.render("wijk", 2)

    assert html.startswith('<select name="wijk" class="form-select" id="id_wijk">')
    assert '<option value="">alle wijken</option>' in html
    assert '<optgroup label="Enschede"><option value="1">Centrum</option>' in html
    assert '<option value="2" selected>&lt;Noord&gt;</option></optgroup></select>' in html


def parsed(html: str) -> list:
    """The tags and their attributes (their order aside: flatatt sorts them, Django's template does not)."""
    tags = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Parser().feed(html)
    return tags


@pytest.mark.parametrize("value", [None, "", "koffie", 'a "quote" & <tag>', 42])
def test_the_plain_search_input_renders_as_djangos(value):
    attrs = {"autocomplete": "off", "class": "form-control", "id": "id_q", "aria-describedby": "id_q_helptext"}

    plain = PlainSearchInput(attrs=attrs).render("q", value)

    assert parsed(plain) == parsed(forms.SearchInput(attrs=attrs).render("q", value))
    assert "<tag>" not in plain
