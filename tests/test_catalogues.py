"""Every Vietnamese catalogue is fully translated, nothing fuzzy, and complete: extracting its
sources again (makemessages, into a temporary copy) finds no message the catalogue lacks."""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parents[1] / "congvu"
CATALOGUES = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))
# Packages that keep their own catalogue, or hold no user-facing text, and so stay out of the root
# catalogue congvu/locale; the same list as the command in docs/i18n.md.
SEPARATE = (
    "web",
    "api",
    "demo",
    "findings",
    "analytics",
    "interchange",
    "dossiers",
    "investment",
    "people",
)
SOURCES = ("*.py", "*.html", "*.txt")


@dataclass(frozen=True)
class Entry:
    """One message of a .po file; `key` is (context, msgid), the identity gettext looks up."""

    context: str
    msgid: str
    plural: str
    translations: tuple[str, ...]
    fuzzy: bool
    line: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header included (msgid ""); obsolete (#~) entries left out."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current = ""
    start = 0

    def flush() -> None:
        if "msgid" in fields:
            translations = tuple(
                value for name, value in sorted(fields.items()) if name.startswith("msgstr")
            )
            entries.append(
                Entry(
                    context=fields.get("msgctxt", ""),
                    msgid=fields["msgid"],
                    plural=fields.get("msgid_plural", ""),
                    translations=translations,
                    fuzzy="fuzzy" in flags,
                    line=start,
                )
            )
        fields.clear()
        flags.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            if "msgid" in fields:
                flush()
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            name, _space, value = line.partition(" ")
            if name in ("msgctxt", "msgid") and "msgid" in fields and name not in fields:
                flush()
            if not fields:
                start = number
            current = name
            fields[name] = ast.literal_eval(value)
    flush()
    return entries


def _catalogue_id(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def _root(catalogue: Path) -> Path:
    return catalogue.parents[3]  # <root>/locale/vi/LC_MESSAGES/django.po


def test_there_is_a_root_catalogue() -> None:
    assert PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_catalogue_id)
def test_every_message_is_translated_and_none_is_fuzzy(catalogue: Path) -> None:
    entries = parse_po(catalogue)

    untranslated = [
        f"line {e.line}: {e.msgid!r}" for e in entries if e.msgid and not all(e.translations)
    ]
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if e.fuzzy]

    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy (check the translation, then drop the flag):\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_catalogue_id)
def test_the_catalogue_has_every_message_of_its_sources(
    catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _root(catalogue)
    copy = tmp_path / "src"
    _copy_sources(root, copy, skip=_other_roots(root))
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)

    # LOCALE_PATHS would send the extracted messages to the real congvu/locale: point nowhere.
    with override_settings(LOCALE_PATHS=[]):
        call_command("makemessages", locale=["vi"], verbosity=0, no_obsolete=True)

    extracted = parse_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    assert len(extracted) > 1, "makemessages extracted nothing: is gettext installed?"
    committed = {entry.key for entry in parse_po(catalogue)}
    missing = sorted(
        f"{entry.msgid!r}" + (f" (context {entry.context!r})" if entry.context else "")
        for entry in extracted
        if entry.msgid and entry.key not in committed
    )
    assert not missing, (
        f"{_catalogue_id(catalogue)} lacks these messages; refresh it (docs/i18n.md):\n"
        + "\n".join(missing)
    )


def _other_roots(root: Path) -> set[Path]:
    """Directories under `root` whose messages belong to another catalogue."""
    nested = {_root(c) for c in CATALOGUES if _root(c) != root and root in _root(c).parents}
    if root == PACKAGE:
        nested |= {PACKAGE / name for name in SEPARATE}
    return nested


def _copy_sources(root: Path, target: Path, *, skip: set[Path]) -> None:
    for pattern in SOURCES:
        for source in root.rglob(pattern):
            if any(parent in skip for parent in source.parents) or "locale" in source.parts:
                continue
            destination = target / source.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
