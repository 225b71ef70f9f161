"""The French catalogue is complete, and the compiled .mo matches the .po."""

import gettext
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"


def test_every_french_message_is_translated():
    po = polib.pofile(str(LOCALE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "django.po"))
    with (LOCALE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    for entry in po.translated_entries():
        if entry.msgctxt and entry.msgid_plural:
            translated = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
            assert translated == entry.msgstr_plural[1], entry.msgid
        elif entry.msgctxt:  # the same words, translated otherwise in this context
            assert mo.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        elif entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[1], entry.msgid
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, entry.msgid
