"""The English catalogue is complete: every Dutch text of the interface has its translation, none is a guess, and the
compiled catalogue is the one of the .po file. (After changing texts: `manage.py makemessages -l en --no-obsolete`,
translate, then `msgfmt -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po`.)"""

import re
from gettext import GNUTranslations

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
