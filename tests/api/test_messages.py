"""The API's Vietnamese catalogue translates every message."""

from pathlib import Path

import congvu.api

CATALOGUE = Path(congvu.api.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = CATALOGUE.read_text(encoding="utf-8").split("\n\n")[1:]

    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""')]
    fuzzy = [e for e in entries if "#, fuzzy" in e]

    assert entries
    assert untranslated == []
    assert fuzzy == []
