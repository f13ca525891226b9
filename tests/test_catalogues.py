"""Every Vietnamese catalogue is fully translated, nothing fuzzy, and exact: extracting its
sources again (makemessages, into a temporary copy) finds no message the catalogue lacks and none
it holds in excess. Each app keeps its own messages; the root catalogue only those of no app.

Django merges every catalogue into one per language (the root catalogue first, then the apps in
INSTALLED_APPS order), so a message two catalogues translate differently shows one app's word on
the other app's pages: a word with two meanings takes a message context (pgettext) instead."""

from __future__ import annotations

import ast
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

PACKAGE = Path(__file__).resolve().parents[1] / "congvu"
CATALOGUES = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))
ROOT = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# Packages without user-facing text (no Django, no gettext): out of every catalogue. The packages
# with a catalogue of their own are left out of the root one by `_other_roots`, as the Makefile's
# `catalogues` target does.
SEPARATE = ("analytics", "interchange")
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
    assert ROOT in CATALOGUES


def test_no_two_catalogues_translate_a_message_differently() -> None:
    translations: dict[tuple[str, str], dict[tuple[str, ...], list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for catalogue in CATALOGUES:
        for entry in parse_po(catalogue):
            if entry.msgid:
                translations[entry.key][entry.translations].append(_catalogue_id(catalogue))

    conflicts = [
        f"{msgid!r}"
        + (f" (context {context!r})" if context else "")
        + ": "
        + "; ".join(
            f"{' | '.join(words)!r} in {', '.join(where)}" for words, where in sorted(seen.items())
        )
        for (context, msgid), seen in sorted(translations.items())
        if len(seen) > 1
    ]

    assert not conflicts, (
        "the same message is translated differently; give both the same words, or give each "
        "meaning its own context (pgettext):\n" + "\n".join(conflicts)
    )


def test_the_root_catalogue_holds_only_text_that_belongs_to_no_app() -> None:
    app_dirs = [Path(config.path) for config in apps.get_app_configs()]
    references = [
        reference.rsplit(":", 1)[0]
        for line in ROOT.read_text(encoding="utf-8").splitlines()
        if line.startswith("#:")
        for reference in line[2:].split()
    ]

    in_apps = sorted(
        reference
        for reference in references
        if any(directory in (PACKAGE / reference).parents for directory in app_dirs)
    )

    assert references, "the root catalogue has no source references: is it a makemessages file?"
    assert not in_apps, (
        "these sources belong to an app: give the app its own locale/ (docs/i18n.md):\n"
        + "\n".join(in_apps)
    )


@pytest.mark.parametrize(
    ("message", "vietnamese"),
    [
        (lambda: pgettext("dossier", "Refuse"), "Từ chối giải quyết"),
        (lambda: pgettext("extension", "Refuse"), "Không đồng ý"),
        (lambda: pgettext("dossier", "Refused"), "Từ chối giải quyết"),
        (lambda: pgettext("extension", "Refused"), "Không đồng ý"),
        (lambda: pgettext("dossier", "In progress"), "Đang giải quyết"),
        (lambda: gettext("In progress"), "Đang thực hiện"),
        (lambda: pgettext("role", "Official"), "Chuyên viên"),
        (lambda: gettext("Official"), "Cán bộ"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_word_with_two_meanings_keeps_each_meaning(message, vietnamese: str) -> None:
    with translation.override("vi"):
        assert message() == vietnamese


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
    committed = parse_po(catalogue)
    missing = _described(extracted, {entry.key for entry in committed})
    excess = _described(committed, {entry.key for entry in extracted})
    assert not missing, (
        f"{_catalogue_id(catalogue)} lacks these messages; refresh it (docs/i18n.md):\n"
        + "\n".join(missing)
    )
    assert not excess, (
        f"{_catalogue_id(catalogue)} holds messages its sources do not use (another catalogue's, "
        "or gone); refresh it (docs/i18n.md):\n" + "\n".join(excess)
    )


def _described(entries: list[Entry], known: set[tuple[str, str]]) -> list[str]:
    """The messages of `entries` not in `known`, as the failure lists them."""
    return sorted(
        f"{entry.msgid!r}" + (f" (context {entry.context!r})" if entry.context else "")
        for entry in entries
        if entry.msgid and entry.key not in known
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
