"""The English catalogue is complete: every Dutch text of the interface has its translation, none is a guess, and the
compiled catalogue is the one of the .po file. (After changing texts: `manage.py makemessages -l en --no-obsolete`,
translate, then `msgfmt -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po`.)"""

import re
from gettext import GNUTranslations

import pytest
from django.conf import settings

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"


def entries() -> list[str]:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    return [
        entry for entry in text.split("\n\n") if re.search(r'^msgid "(?!")', entry, re.M) or "msgid_plural" in entry
    ]


def test_every_text_has_an_english_translation_that_is_no_guess():
    fuzzy = [entry for entry in entries() if re.search(r"^#, .*fuzzy", entry, re.M)]
    empty = [entry for entry in entries() if re.search(r'^msgstr(\[\d\])? ""$(?!\n")', entry, re.M)]
    assert not fuzzy, "\n\n".join(fuzzy)
    assert not empty, "\n\n".join(empty)


def test_the_compiled_catalogue_has_every_translation_of_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalogue = GNUTranslations(compiled)
    for entry in entries():
        msgid = re.search(r'^msgid "(.*)"$', entry, re.M)
        msgstr = re.search(r'^msgstr "(.*)"$', entry, re.M)
        if msgid and msgstr and msgid.group(1) and '\n"' not in entry and "msgctxt" not in entry:
            dutch = msgid.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            english = msgstr.group(1).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            assert catalogue.gettext(dutch) == english, dutch


# ---------------------------------------------------------------------------
# Dutch for the libraries: locale_overrides/ (django-import-export's admin pages, a few of Django's admin texts)
# ---------------------------------------------------------------------------
OVERRIDES = settings.BASE_DIR / "locale_overrides" / "nl" / "LC_MESSAGES"
# English texts of django-import-export's templates and forms, and of Django's admin, that once showed on the Dutch
# import and export pages. ("Import" and "Export" are Dutch words too: the pages' headings are checked below.)
KNOWN_ENGLISH = [
    "This exporter will export the following fields",
    "This importer will import the following fields",
    "Select all",
    "Submit",
    "Confirm import",
    "Below is a preview",
    "File to import",
    "Format",
    "Resource",
    "Preview",
    "Errors",
    "Line number",
    "Some rows failed to validate",
    "Please correct these errors",
    "Non field specific",
    "Row",
    "New",
    "Skipped",
    "Update",
    "Home",
    "Model name",
    "Add link",
    "Change or view list link",
    # The export's tick boxes once showed the attributes: "Title (titel)", "Cost Kind (kosten)".
    "Title",
    "Summary",
    "Cost Kind",
]


def test_the_compiled_overrides_are_those_of_the_po_file_and_complete():
    # Continuation lines joined: msgid ""\n"Below is …" is msgid "Below is …".
    text = (OVERRIDES / "django.po").read_text(encoding="utf-8").replace('"\n"', "")
    with open(OVERRIDES / "django.mo", "rb") as compiled:
        catalogue = GNUTranslations(compiled)
    singles = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, re.M)
    assert len(singles) > 30
    for english, dutch in singles:
        assert dutch, english
        unescaped = english.replace('\\"', '"'), dutch.replace('\\"', '"')
        assert catalogue.gettext(unescaped[0]) == unescaped[1], english
    assert "#, fuzzy" not in text


def visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style|svg)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def english_on(html: str) -> list[str]:
    text = visible_text(html)
    return [phrase for phrase in KNOWN_ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)]


@pytest.mark.django_db
def test_the_import_preview_and_export_pages_are_dutch(login, coordinator):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import OrganisatieFactory

    OrganisatieFactory(name="Stichting Welzijn Proef")
    client = login(coordinator)
    csv = (
        "titel;organisatie;samenvatting;soort\n"
        "Koffie-uur;Stichting Welzijn Proef;Koffie en een praatje.;ontmoeting\n"
        "Zangkoor;Stichting Onbekend;Samen zingen.;ontmoeting\n"
    )
    good = csv.rsplit("Zangkoor", 1)[0]
    pages = {
        "import": client.get(reverse("admin:socialekaart_activiteit_import")),
        "export": client.get(reverse("admin:socialekaart_activiteit_export")),
        "export of organisations": client.get(reverse("admin:coalition_organisatie_export")),
    }
    for name, content in (("preview", good), ("preview with errors", csv)):
        upload = SimpleUploadedFile("activiteiten.csv", content.encode())
        pages[name] = client.post(
            reverse("admin:socialekaart_activiteit_import"), {"resource": "0", "format": "0", "import_file": upload}
        )

    for name, response in pages.items():
        assert response.status_code == 200, name
        assert not english_on(response.content.decode()), name
    assert "<h1>Importeren</h1>" in pages["import"].content.decode()
    assert "<h1>Exporteren</h1>" in pages["export"].content.decode()
    assert "De export bevat deze kolommen" in pages["export"].content.decode()
    assert "Alles kiezen" in pages["export"].content.decode()
    assert "Import bevestigen" in pages["preview"].content.decode()
    assert "Sommige regels bevatten een fout" in pages["preview with errors"].content.decode()
