from coalition.widgets import PlainSelect


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
