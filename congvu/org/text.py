"""Text helpers for search that ignores Vietnamese diacritics."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case `text` without diacritics, so that "ha long" finds "Hạ Long".

    NFD splits a letter from its marks; đ/Đ has no decomposition and is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())
