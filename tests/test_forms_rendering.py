"""Every form is rendered by django-crispy-forms, through our own copies of a few bootstrap5 templates
(templates/bootstrap5/, coalition/crispy.py). These tests hold that rendering to the accessibility contract of the
hand-written field partials it replaced:

- an error summary above a form with errors: announced, focusable, with a link to every field that has an error;
- every error and help text tied to its input with aria-describedby (ids that exist), aria-invalid on the input;
- radio buttons and checkbox lists in a fieldset with a legend;
- "(verplicht)" on required fields of staff and partner forms, "(mag leeg blijven)" on the public form;
- every field of a form on the page (nothing silently left out of a layout), one CSRF token per <form>.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coalition.models import Role
from meldpunt.choices import Status
from tests.factories import (
    ActiviteitFactory,
    GebeurtenisFactory,
    GemeenteFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    UserFactory,
    VerwijzingFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FIELD_TAGS = {"input", "select", "textarea"}
NOT_FIELDS = {"hidden", "submit", "button", "reset"}


# --- A small DOM ---------------------------------------------------------------------------------------------------


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.text = [], []

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def closest(self, tag):
        return next((node for node in self.ancestors() if node.tag == tag), None)

    def all_text(self) -> str:
        return " ".join(["".join(self.text), *(child.all_text() for child in self.children)]).strip()

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()


class Page(HTMLParser):
    """The page as a tree of Elements; `elements` in document order, `by_id` for lookups."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {}, None)
        self.current = self.root
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text.append(data)

    @property
    def by_id(self) -> dict:
        return {element.attrs["id"]: element for element in self.elements if element.attrs.get("id")}

    def fields(self):
        """The inputs a person fills in."""
        return [
            element
            for element in self.elements
            if element.tag in FIELD_TAGS and element.attrs.get("type", "") not in NOT_FIELDS
        ]


def described_by(element) -> list[str]:
    return (element.attrs.get("aria-describedby") or "").split()


def assert_accessible_forms(html: str) -> Page:
    """The markup contract of every form on the page; returns the parsed page for further checks."""
    page = Page(html)
    ids = page.by_id
    all_ids = [e.attrs["id"] for e in page.elements if e.attrs.get("id")]
    duplicates = sorted({i for i in all_ids if all_ids.count(i) > 1})
    assert not duplicates, f"ids used twice: {duplicates}"

    for element in page.elements:
        for reference in described_by(element):
            assert reference in ids, f"aria-describedby points to a missing id {reference!r}"

    labels = {element.attrs.get("for") for element in page.elements if element.tag == "label"}
    invalid = []
    for field in page.fields():
        assert field.attrs.get("id") in labels or field.attrs.get("aria-label"), f"no label: {field.attrs}"
        if field.attrs.get("type") in ("radio", "checkbox") and field.closest("form") is not None:
            fieldset = field.closest("fieldset")
            single = field.attrs.get("type") == "checkbox" and fieldset is None
            legend = fieldset is not None and any(child.tag == "legend" for child in fieldset.children)
            assert single or legend, f"no legend: {field.attrs}"
        if field.attrs.get("aria-invalid") == "true":
            invalid.append(field)
            group = field.closest("fieldset") if field.attrs.get("type") in ("radio", "checkbox") else None
            references = described_by(field) + (described_by(group) if group is not None else [])
            errors = [ids[reference] for reference in references if reference.endswith("_error")]
            assert errors and all(error.all_text() for error in errors), f"error not tied to {field.attrs}"

    if invalid:
        summaries = [e for e in page.elements if e.attrs.get("role") == "alert" and e.attrs.get("tabindex") == "-1"]
        assert summaries, "a form with errors has an error summary"
        links = [link for summary in summaries for link in summary.descendants() if link.tag == "a"]
        assert links, "the summary links to the fields"
        for link in links:
            assert link.attrs["href"].startswith("#") and link.attrs["href"][1:] in ids, link.attrs
        for field in invalid:  # every field with an error is reached from the summary (a group by its first choice)
            names = {ids[link.attrs["href"][1:]].attrs.get("name") for link in links}
            assert field.attrs.get("name") in names, f"not in the summary: {field.attrs.get('name')}"

    for form in (element for element in page.elements if element.tag == "form"):
        tokens = [e for e in form.descendants() if e.attrs.get("name") == "csrfmiddlewaretoken"]
        assert len(tokens) <= 1, "one CSRF token per form"
    return page


def label_of(page: Page, field_id: str) -> str:
    label = next(e for e in page.elements if e.tag == "label" and e.attrs.get("for") == field_id)
    return re.sub(r"\s+", " ", label.all_text())


def legend_of(page: Page, first_choice_id: str) -> str:
    fieldset = page.by_id[first_choice_id].closest("fieldset")
    legend = next(child for child in fieldset.children if child.tag == "legend")
    return re.sub(r"\s+", " ", legend.all_text())


def assert_all_fields_rendered(form, *, except_=()):
    rendered = getattr(form, "rendered_fields", set())
    missing = set(form.fields) - set(rendered) - set(except_)
    assert not missing, f"left out of the layout: {sorted(missing)}"


# --- Accounts --------------------------------------------------------------------------------------------------


def test_the_login_form_with_errors_has_a_summary_and_errors_tied_to_the_inputs(client):
    response = client.post(reverse("coalition:login"), {})

    page = assert_accessible_forms(response.content.decode())
    summary = page.by_id["id_fouten"]
    assert summary.attrs["role"] == "alert" and summary.attrs["tabindex"] == "-1"
    assert "Niet alles is goed ingevuld" in summary.all_text()
    assert [a.attrs["href"] for a in summary.descendants() if a.tag == "a"] == ["#id_username", "#id_password"]
    username = page.by_id["id_username"]
    assert username.attrs["aria-invalid"] == "true"
    assert described_by(username) == ["id_username_error"]
    assert page.by_id["id_username_error"].all_text() == "Vul uw e-mailadres in."
    assert label_of(page, "id_username") == "E-mailadres"  # every field is needed: no "(verplicht)" here
    assert_all_fields_rendered(response.context["form"])


def test_a_wrong_password_is_in_the_summary_as_text(client, partner):
    response = client.post(reverse("coalition:login"), {"username": partner.email, "password": "fout"})

    page = assert_accessible_forms(response.content.decode())
    assert "Het e-mailadres of het wachtwoord klopt niet." in page.by_id["id_fouten"].all_text()
    assert "Wat u typte is bewaard" not in response.content.decode()  # the password is never shown again


def test_the_password_rules_are_help_text_tied_to_the_new_password(client, partner):
    uid, token = urlsafe_base64_encode(force_bytes(partner.pk)), default_token_generator.make_token(partner)
    link = reverse("coalition:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    response = client.get(link, follow=True)

    page = assert_accessible_forms(response.content.decode())
    field = page.by_id["id_new_password1"]
    assert "id_new_password1_helptext" in described_by(field)
    assert page.by_id["id_new_password1_helptext"].tag == "div"
    assert any(e.tag == "li" for e in page.by_id["id_new_password1_helptext"].descendants())  # the rules, as a list


# --- The public web form -----------------------------------------------------------------------------------------


@pytest.fixture
def meldpunt_twenterand(db):
    return MeldpuntFactory(gemeente=GemeenteFactory(name="Twenterand"), name="Meldpunt Twenterand")


def test_the_public_form_marks_what_may_stay_empty_and_groups_the_choices(client, meldpunt_twenterand):
    client.defaults["REMOTE_ADDR"] = "10.99.1.1"
    response = client.get("/melden/")

    page = assert_accessible_forms(response.content.decode())
    assert label_of(page, "id_person_name") == "Naam van de persoon (mag leeg blijven)"
    assert label_of(page, "id_description") == "Wat maakt u zorgen?"  # needed, and not marked "verplicht"
    assert legend_of(page, "id_about_0") == "Over wie gaat het?"
    assert "form-control-lg" in page.by_id["id_description"].attrs["class"]
    assert "verplicht" not in response.content.decode()
    assert_all_fields_rendered(response.context["form"])


def test_the_public_form_with_errors_links_the_summary_to_the_first_choice_and_the_fields(client, meldpunt_twenterand):
    client.defaults["REMOTE_ADDR"] = "10.99.1.2"
    response = client.post("/melden/", {"about": "", "description": "", "person_postcode": "7671", "website": ""})

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    summary = next(e for e in page.elements if e.attrs.get("role") == "alert" and e.attrs.get("tabindex") == "-1")
    assert "Er ging iets mis" in summary.all_text() and "Wat u typte is bewaard." in summary.all_text()
    # In the order of the page, not of the form class.
    assert [a.attrs["href"] for a in summary.descendants() if a.tag == "a"] == [
        "#id_about_0",
        "#id_description",
        "#id_person_postcode",
    ]
    about = page.by_id["id_about_0"].closest("fieldset")
    assert described_by(about) == ["id_about_error"]
    assert page.by_id["id_about_0"].attrs["aria-invalid"] == "true"
    assert described_by(page.by_id["id_person_postcode"]) == ["id_person_postcode_helptext", "id_person_postcode_error"]


# --- Staff: intake, case page, measurements ------------------------------------------------------------------------


@pytest.fixture
def meldpunt(medewerker):
    return MeldpuntFactory(gemeente=GemeenteFactory(name="Twenterand"), staff=[medewerker])


@pytest.fixture
def staff(login, medewerker, meldpunt):
    return login(medewerker)


def test_the_intake_marks_required_fields_and_puts_choices_in_fieldsets(staff):
    response = staff.post("/meldpunt/nieuw/", {"channel": "telefoon", "urgency": "normaal", "owner": "mij"})

    page = assert_accessible_forms(response.content.decode())
    assert label_of(page, "id_reporter_relation") == "Relatie van de melder tot de persoon (verplicht)"
    assert label_of(page, "id_person_name") == "Naam van de persoon"
    assert legend_of(page, "id_channel_0") == "Hoe kwam het signaal binnen? (verplicht)"
    assert "form-check-inline" in page.by_id["id_channel_0"].parent.attrs["class"]
    assert legend_of(page, "id_life_events_0") == "Levensgebeurtenissen"
    select = page.by_id["id_reporter_relation"]
    assert select.attrs["aria-invalid"] == "true" and "is-invalid" in select.attrs["class"]
    # The groups of the page: the reporter, the person, urgency and follow-up.
    legends = [e.all_text() for e in page.elements if e.tag == "legend" and e.attrs.get("class") == "h4"]
    assert legends == ["De melder", "Over wie gaat het?", "Urgentie en opvolging"]
    # `koppeling` is asked by the page itself when there is a possible duplicate; never a second input.
    assert_all_fields_rendered(response.context["form"], except_=["koppeling"])
    assert 'name="koppeling"' not in response.content.decode()


@pytest.fixture
def melding(meldpunt):
    return MeldingFactory(meldpunt=meldpunt, person_name="Mevrouw Jansen", status=Status.IN_BEHANDELING)


def case_url(melding, name="case"):
    return reverse(f"meldpunt:{name}", args=[melding.number])


def test_every_form_of_the_case_page_is_accessible_and_complete(staff, melding):
    response = staff.get(case_url(melding))

    page = assert_accessible_forms(response.content.decode())
    assert legend_of(page, "stap-answer_0") == "Antwoord (verplicht)"
    assert label_of(page, "stap-step") == "Stap (verplicht)"
    assert label_of(page, "persoon-person_name") == "Naam"  # the model's "naam", with a capital
    for name in ("entry_form", "assign_form", "status_form", "follow_up_form", "step_form", "profile_form"):
        assert_all_fields_rendered(response.context[name])
    for name in ("person_form", "close_form", "merge_form"):
        assert_all_fields_rendered(response.context[name])
    assert 'name="version"' in response.content.decode()


def test_the_correction_of_a_timeline_line_is_a_crispy_form_too(staff, melding):
    line = GebeurtenisFactory(melding=melding, text="Verkeerd adres genoteerd.")

    page = assert_accessible_forms(staff.get(case_url(melding), {"corrigeer": line.pk}).content.decode())
    assert label_of(page, "correctie-text") == "Wat klopt er niet, en wat is juist? (verplicht)"
    entry = next(e for e in page.elements if e.attrs.get("name") == "entry")
    assert entry.attrs["type"] == "hidden" and entry.attrs["value"] == str(line.pk)

    response = staff.post(case_url(melding, "case_correct"), {"entry": line.pk, "text": " "})
    page = assert_accessible_forms(response.content.decode())
    assert page.by_id["correctie-fouten"].closest("form").attrs["action"] == case_url(melding, "case_correct")
    assert described_by(page.by_id["correctie-text"]) == ["correctie-text_error"]
    assert_all_fields_rendered(response.context["correction_form"])


def test_closing_without_a_reason_shows_the_summary_in_that_form(staff, melding):
    response = staff.post(case_url(melding, "case_close"), {"reason": "", "text": "Klaar."})

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    summary = page.by_id["afsluiten-fouten"]
    assert summary.closest("form").attrs["action"] == case_url(melding, "case_close")
    assert [a.attrs["href"] for a in summary.descendants() if a.tag == "a"] == ["#afsluiten-reason_0"]
    assert "afsluiten-reason_error" in described_by(page.by_id["afsluiten-reason_0"].closest("fieldset"))
    assert "Klaar." in response.content.decode()


def test_a_conflict_shows_what_is_saved_now_beside_the_changed_field(staff, login, meldpunt, melding):
    fields = {
        "version": melding.version,
        "person_name": "Mevrouw Jansen",
        "person_address": "",
        "person_postcode": "",
        "person_birth_year": "",
        "person_phone": "0546 999 000",
        "person_language": "",
        "lives_alone": "unknown",
        "urgency": melding.urgency,
    }
    assert staff.post(case_url(melding, "case_edit"), fields).status_code == 302
    response = staff.post(case_url(melding, "case_edit"), fields | {"person_phone": "06 12345678"})

    page = assert_accessible_forms(response.content.decode())
    wrapper = page.by_id["div_persoon-person_phone"]
    assert "Nu opgeslagen: 0546 999 000 (anders dan uw invoer)" in re.sub(r"\s+", " ", wrapper.all_text())
    assert "Nu opgeslagen" not in page.by_id["div_persoon-person_name"].all_text()


def test_the_summary_and_the_marks_are_in_english_for_an_english_browser(staff, melding, settings):
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff.post(case_url(melding, "case_close"), {"reason": ""})

    page = assert_accessible_forms(response.content.decode())
    summary = page.by_id["afsluiten-fouten"].all_text()
    assert "Not everything has been filled in correctly" in summary and "What you typed has been kept." in summary
    assert "(required)" in legend_of(page, "afsluiten-reason_0")


def test_a_missing_statement_of_the_djg_form_is_tied_to_its_fieldset(staff, melding):
    data = {"moment": "intake", "measured_on": timezone.localdate().isoformat()}
    data |= {f"item_{n}": "ja" for n in range(1, 11)}  # 11 is missing
    response = staff.post(reverse("meldpunt:djg_add", args=[melding.number]), data)

    page = assert_accessible_forms(response.content.decode())
    fieldset = page.by_id["id_item_11_0"].closest("fieldset")
    assert described_by(fieldset) == ["id_item_11_error"]
    assert "border-danger" in fieldset.attrs["class"]
    assert legend_of(page, "id_item_11_0").startswith("11. ")
    summary = page.by_id["id_fouten"]
    assert "Beantwoord alle 11 uitspraken" in summary.all_text()  # the rule, as text
    assert "#id_item_11_0" in [a.attrs["href"] for a in summary.descendants() if a.tag == "a"]
    region = page.by_id["uitspraken"].parent
    assert region.attrs.get("role") == "region" and region.attrs.get("aria-labelledby") == "uitspraken"


def test_a_positive_health_mark_out_of_range_is_tied_to_its_input(staff, melding):
    data = {"moment": "intake", "measured_on": timezone.localdate().isoformat(), "lichaamsfuncties": "11"}
    response = staff.post(reverse("meldpunt:pg_add", args=[melding.number]), data)

    page = assert_accessible_forms(response.content.decode())
    field = page.by_id["id_lichaamsfuncties"]
    assert described_by(field) == ["id_lichaamsfuncties_helptext", "id_lichaamsfuncties_error"]
    assert "is-invalid" in field.attrs["class"] and "w-auto" in field.attrs["class"]
    assert label_of(page, "id_lichaamsfuncties") == "Lichaamsfuncties"  # measurements: no marks
    assert_all_fields_rendered(response.context["form"])


# --- Partners: inbox and the sociale kaart ----------------------------------------------------------------------------


def test_a_decline_without_reason_has_its_error_in_the_small_form_not_twice_at_the_top(client, login):
    organisatie = OrganisatieFactory(name="Buurtkamer De Bron")
    partner = UserFactory(role=Role.PARTNER, organisaties=[organisatie])
    melding = MeldingFactory(status=Status.WACHT_OP_PARTNER, wijk=WijkFactory(name="Vroomshoop"))
    verwijzing = VerwijzingFactory(melding=melding, organisatie=organisatie)
    login(partner)

    response = client.post(reverse("meldpunt:inbox_decline", args=[verwijzing.pk]), {"reason": " "})

    page = assert_accessible_forms(response.content.decode())
    summary = page.by_id["afwijzen-fouten"]
    assert [a.attrs["href"] for a in summary.descendants() if a.tag == "a"] == ["#afwijzen-reason"]
    assert described_by(page.by_id["afwijzen-reason"]) == ["afwijzen-reason_helptext", "afwijzen-reason_error"]


def test_the_activity_form_groups_choices_and_marks_required_fields(login, partner):
    own = partner.organisaties.get()
    gemeente = GemeenteFactory(name="Enschede")
    WijkFactory(gemeente=gemeente, name="Centrum")
    client = login(partner)

    response = client.post(
        reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk}), {"title": "", "target_groups": ["zzz"]}
    )

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    assert label_of(page, "id_title") == "Titel (verplicht)"
    assert legend_of(page, "id_target_groups_0").startswith("Voor wie")
    # Wijken are grouped per gemeente: a fieldset with the gemeente as legend, inside the wijken's fieldset.
    centrum = next(e for e in page.elements if e.tag == "input" and e.attrs.get("name") == "wijken")
    group = centrum.closest("fieldset")
    assert next(child for child in group.children if child.tag == "legend").all_text() == "Enschede"
    assert group.closest("fieldset").attrs["id"] == "div_id_wijken"
    assert page.by_id["id_is_online"].closest("div").attrs["class"].startswith("form-check")
    headings = [e.all_text() for e in page.elements if e.tag == "h2" and e.closest("form") is not None]
    assert headings[-4:] == ["Wat is het?", "Waar?", "Kosten en meedoen", "Contact"]
    assert_all_fields_rendered(response.context["form"])


def test_the_locations_times_and_review_forms_are_accessible_with_errors(client, login, partner, coordinator):
    own = partner.organisaties.get()
    login(partner)
    response = client.post(reverse("socialekaart:locatie_create", kwargs={"pk": own.pk}), {})
    page = assert_accessible_forms(response.content.decode())
    assert "(verplicht)" in label_of(page, "id_name")
    assert page.by_id["id_wheelchair_accessible"].attrs["type"] == "checkbox"
    assert_all_fields_rendered(response.context["form"])

    activiteit = ActiviteitFactory(organisatie=own)
    response = client.post(
        reverse("socialekaart:activiteit_schedule", kwargs={"slug": activiteit.slug}),
        {"soort": "tijdslot", "tijdslot-weekday": "2", "tijdslot-starts_at": "12:00", "tijdslot-ends_at": "10:00"},
    )
    page = assert_accessible_forms(response.content.decode())  # two forms, no id twice
    assert "De eindtijd moet na de begintijd liggen." in page.by_id["id_tijdslot-ends_at_error"].all_text()
    assert_all_fields_rendered(response.context["tijdslot_form"])
    assert_all_fields_rendered(response.context["bijeenkomst_form"])

    waiting = ActiviteitFactory(organisatie=own, status="ter-beoordeling")
    login(coordinator)
    response = client.post(
        reverse("socialekaart:review_activiteit", kwargs={"slug": waiting.slug}), {"actie": "terugsturen"}
    )
    page = assert_accessible_forms(response.content.decode())
    assert label_of(page, "id_comment") == "Toelichting voor de partner (verplicht)"
    assert page.by_id["id_comment"].attrs["aria-invalid"] == "true"


# --- More staff pages ----------------------------------------------------------------------------------------------


def test_a_referral_without_consent_or_partner_is_refused_with_a_summary(staff, melding):
    response = staff.post(reverse("meldpunt:referral_create", args=[melding.number]), {"consent": ""})

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    links = [a.attrs["href"] for a in page.by_id["verwijzing-fouten"].descendants() if a.tag == "a"]
    assert links == ["#verwijzing-organisatie", "#verwijzing-consent_0"]
    sharing = page.by_id["delen"]
    assert sharing.tag == "fieldset" and described_by(sharing) == ["delen-uitleg"]
    assert [child.all_text() for child in sharing.children if child.tag == "legend"] == ["Wat mag de partner zien?"]
    assert_all_fields_rendered(response.context["form"])
    assert_all_fields_rendered(response.context["filters"], except_=["aantal"])


def test_erasing_needs_a_reason_and_says_so_beside_the_field(staff, melding):
    response = staff.post(reverse("meldpunt:case_erase", args=[melding.number]), {"reden": ""})

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    assert label_of(page, "id_reden") == "Waarom worden de gegevens gewist? (verplicht)"
    assert described_by(page.by_id["id_reden"]) == ["id_reden_helptext", "id_reden_error"]


def test_the_audit_log_filters_show_a_wrong_date_range_beside_the_field(login, functionaris):
    response = login(functionaris).get(reverse("meldpunt:auditlog"), {"van": "2026-03-10", "tot": "2026-03-01"})

    page = assert_accessible_forms(response.content.decode())
    assert page.by_id["id_tot"].attrs["aria-invalid"] == "true"
    assert page.by_id["div_id_gebruiker"].parent.attrs["class"] == "col-md-4 col-lg-3"
    assert_all_fields_rendered(response.context["form"])


def test_the_partners_signal_form_is_accessible_with_errors(login, partner, meldpunt):
    response = login(partner).post("/meldpunt/signaal-doorgeven/", {"urgency": "normaal"})

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    assert page.by_id["id_reporter_relation"].attrs["aria-invalid"] == "true"
    assert_all_fields_rendered(response.context["form"])


# --- The citizens' search forms and the filter of "Wat werkt" ---------------------------------------------------------


def search_form_element(page: Page):
    return next(e for e in page.elements if e.tag == "form" and e.attrs.get("role") == "search")


def test_the_search_form_has_its_words_a_fieldset_of_filters_and_no_marks(client):
    WijkFactory(gemeente=GemeenteFactory(name="Twenterand"), name="Vroomshoop")

    response = client.get(reverse("socialekaart:search"), {"q": "  koffie ", "voor": "ouderen", "gratis": "1"})

    html = response.content.decode()
    page = assert_accessible_forms(html)
    form = search_form_element(page)
    assert form.attrs["action"] == reverse("socialekaart:search")
    words = page.by_id["id_q"]
    assert words.attrs["type"] == "search" and words.attrs["value"] == "koffie"  # the words as searched
    assert "form-control-lg" in words.attrs["class"]
    assert label_of(page, "id_q") == "Wat zoekt u?"
    assert described_by(words) == ["id_q_helptext"]
    assert page.by_id["id_q_helptext"].all_text() == "Bijvoorbeeld: wandelen, koffie, maatje of rouw"
    assert any(e.tag == "button" for e in words.parent.children)  # the button beside the words
    # The other filters: one fieldset with a legend, the choices in a responsive row, the yes/no filters together.
    fieldset = page.by_id["id_wijk"].closest("fieldset")
    assert fieldset.closest("form") is form and fieldset.attrs["class"] == "filters"
    assert [c.all_text() for c in fieldset.children if c.tag == "legend"] == ["Zoek gerichter (niet verplicht)"]
    for name in ("wijk", "voor", "soort", "thema", "dag"):
        wrapper = page.by_id[f"div_id_{name}"]
        assert "col-sm-6" in wrapper.attrs["class"] and "row" in wrapper.parent.attrs["class"]
        assert page.by_id[f"id_{name}"].attrs["class"] == "form-select"  # the fast widgets, their own classes
    boxes = [page.by_id[f"id_{name}"] for name in ("gratis", "rolstoel", "ringleiding", "vervoer", "online")]
    assert len({box.parent.parent for box in boxes}) == 1 and all(box.closest("fieldset") is fieldset for box in boxes)
    assert "checked" in page.by_id["id_gratis"].attrs
    assert label_of(page, "id_gratis") == "Alleen gratis"
    assert "verplicht" not in label_of(page, "id_wijk") and "mag leeg blijven" not in html
    assert_all_fields_rendered(response.context["form"])


def test_a_wrong_value_in_a_link_shows_the_field_empty_without_an_error(client):
    response = client.get(reverse("socialekaart:search"), {"q": "koffie", "wijk": "999999", "dag": "8"})

    assert response.status_code == 200
    page = assert_accessible_forms(response.content.decode())
    assert not [e for e in page.elements if e.attrs.get("aria-invalid")]
    assert not [e for e in page.elements if e.attrs.get("role") == "alert"]
    assert page.by_id["id_q"].attrs["value"] == "koffie"
    chosen = [e.attrs["value"] for e in page.by_id["id_wijk"].descendants() if "selected" in e.attrs]
    assert chosen == [""]  # "alle wijken en kernen"
    assert not response.context["form"].errors
    # A NUL character no keyboard types is refused before the page (coalition.middleware), with the Dutch 400 page.
    assert client.get(reverse("socialekaart:search"), {"q": "koffie\x00"}).status_code == 400


def test_the_home_page_asks_only_for_words_in_large_type(client):
    response = client.get(reverse("socialekaart:home"))

    page = assert_accessible_forms(response.content.decode())
    form = search_form_element(page)
    assert form.attrs["action"] == reverse("socialekaart:search")
    assert [e.attrs["name"] for e in page.fields() if e.closest("form") is form] == ["q"]
    assert label_of(page, "id_q") == "Wat zoekt u?"
    assert "fs-3" in next(e for e in page.elements if e.tag == "label" and e.attrs.get("for") == "id_q").attrs["class"]
    assert described_by(page.by_id["id_q"]) == ["id_q_helptext"]
    filters = ["wijk", "voor", "soort", "thema", "dag", "gratis", "rolstoel", "ringleiding", "vervoer", "online"]
    assert_all_fields_rendered(response.context["form"], except_=filters)  # the search page's


def test_the_agenda_and_the_booklet_choose_with_labelled_selects(client):
    WijkFactory(gemeente=GemeenteFactory(name="Twenterand"), name="Vroomshoop")

    response = client.get(reverse("socialekaart:agenda"), {"wijk": "onzin"})
    page = assert_accessible_forms(response.content.decode())
    assert label_of(page, "id_wijk") == "Wijk of kern"
    assert "aria-invalid" not in page.by_id["id_wijk"].attrs
    assert_all_fields_rendered(response.context["form"])

    response = client.get(reverse("socialekaart:booklet"))
    page = assert_accessible_forms(response.content.decode())
    assert [label_of(page, "id_wijk"), label_of(page, "id_voor")] == ["Wijk of kern", "Voor wie"]
    assert page.by_id["id_voor"].closest("form").attrs["action"] == reverse("socialekaart:booklet")
    assert_all_fields_rendered(response.context["form"])


def test_the_filter_of_wat_werkt_shows_a_wrong_date_beside_the_field(staff, meldpunt):
    response = staff.get(reverse("meldpunt:trackrecord"), {"per": "soort", "sinds": "31-02-2026"})

    page = assert_accessible_forms(response.content.decode())
    sinds = page.by_id["id_sinds"]
    assert sinds.attrs["aria-invalid"] == "true"
    assert described_by(sinds) == ["id_sinds_helptext", "id_sinds_error"]
    assert page.by_id["id_sinds_error"].all_text() == "Vul een bestaande datum in, bijvoorbeeld 1-1-2026."
    assert [a.attrs["href"] for a in page.by_id["id_fouten"].descendants() if a.tag == "a"] == ["#id_sinds"]
    assert [label_of(page, "id_gemeente"), label_of(page, "id_sinds")] == ["Gemeente", "Verstuurd vanaf"]
    # One row: the page's hidden choices, the fields as its columns, and its button.
    form = sinds.closest("form")
    assert page.by_id["id_gemeente"].closest("form") is form and "row" in form.attrs["class"]
    assert page.by_id["div_id_sinds"].parent is form and "col-auto" in page.by_id["div_id_sinds"].attrs["class"]
    hidden = {e.attrs["name"]: e.attrs["value"] for e in form.descendants() if e.attrs.get("type") == "hidden"}
    assert hidden == {"per": "soort", "sorteer": "aantal"}
    assert any(e.tag == "button" and e.attrs.get("type") == "submit" for e in form.descendants())
    assert_all_fields_rendered(response.context["form"])


def test_the_field_template_writes_help_text_and_errors_as_the_shared_template(settings):
    """field.html writes layout/help_text_and_errors.html's markup itself (an include per field is slow): alike."""
    folder = settings.BASE_DIR / "templates" / "bootstrap5"
    shared = (folder / "layout" / "help_text_and_errors.html").read_text().split("{% endcomment %}")[1]
    lines = [line.strip() for line in shared.strip().splitlines()]
    field = [line.strip() for line in (folder / "field.html").read_text().splitlines()]
    assert len(lines) == 2 and all(field.count(line) == 3 for line in lines)
    assert "help_text_and_errors" not in "".join(line for line in field if "{%" in line)


# --- The checker itself ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html, problem",
    [
        ('<form><label for="a">A</label><input id="a" aria-invalid="true"></form>', "error not tied"),
        ('<form><label for="a">A</label><input id="a" aria-describedby="a_error"></form>', "missing id"),
        ('<form><input type="radio" id="a"><label for="a">A</label></form>', "no legend"),
        ('<form><input type="text" id="a"></form>', "no label"),
        (
            '<form><label for="a">A</label><input id="a" aria-invalid="true" aria-describedby="a_error">'
            '<ul id="a_error"><li>Fout</li></ul></form>',
            "error summary",
        ),
    ],
)
def test_the_checker_finds_what_the_partials_used_to_get_wrong(html, problem):
    with pytest.raises(AssertionError, match=problem):
        assert_accessible_forms(html)
