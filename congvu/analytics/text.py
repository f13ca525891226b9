"""Text as other systems write it, made one (no Django: the import path, `congvu analyze`, the API
and the forms all call these two functions).

Vietnamese exports arrive in two Unicode forms: composed (NFC, "ở" one code point) and decomposed
(NFD, "o" + horn + hook, as some older software and Windows input methods write it), with stray,
doubled or non-breaking spaces and sometimes in capitals. To a computer "Sở Tài chính" in NFC and
in NFD are two different strings; to an official they are one unit.

- :func:`clean_text` is what is stored and shown: NFC, trimmed, every run of white space one space.
  The source's letters are kept (capitals, diacritics).
- :func:`name_key` is what names are matched on: the clean text case-folded, so "SỞ TÀI CHÍNH",
  "Sở Tài chính" and "sở tài  chính" are one key. Diacritics are kept in the key ("Sở Tư pháp" is
  not "Sở Tư Phap"); searching without diacritics is ``congvu.org.text.fold``'s job.
"""

from __future__ import annotations

import unicodedata


def clean_text(text: str) -> str:
    """``text`` in NFC with white space trimmed and collapsed to single spaces."""
    # str.split() splits on every Unicode white space (tabs, NBSP, line breaks) and drops the ends.
    return " ".join(unicodedata.normalize("NFC", text).split())


def name_key(text: str) -> str:
    """The key a unit's or an official's name is matched on: NFC, case-folded, spaces collapsed."""
    # Case folding may produce decomposable letters again (rarely): normalise once more after it.
    return unicodedata.normalize("NFC", clean_text(text).casefold())
