"""Neutral words: a signal states facts; the legal terms for avoiding responsibility appear only
on the definitions page, as what a pattern may indicate (issue 10, item 6).

Every finding's sentence and facts, every kind label, every catalogue entry outside the
definitions page's message context, the analytics core's texts and the pages that show signals
are checked for the four terms after Unicode NFC normalisation and casefolding, so a decomposed
(NFD) or capitalised spelling is caught as well. The definitions page must name all four.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation

from congvu.analytics import messages_vi
from congvu.analytics.kinds import (
    KIND_DEFINITIONS,
    KIND_NAMES,
    NUMBER,
    REGISTRY,
    TEXT,
    Kind,
    validate_detail,
)
from congvu.findings.actions import apply_detection, fingerprint
from congvu.findings.definitions import CONTEXT, definitions
from congvu.findings.jobs import compute_findings
from congvu.findings.models import Finding
from congvu.findings.wording import names_for, sentence, shown_detail
from congvu.tasks.models import Task
from tests.factories import Province, make_task
from tests.findings.world import NOW, build_world

# The legal terms (Luật 80/2025 Art. 14(1), ND 170/2025 Art. 56(1)(c), the directives): what a
# person may conclude after the explanation, never what a signal says.
TERMS = ("đùn đẩy", "né tránh", "sợ trách nhiệm", "cầm chừng")
# Their English renderings in the old message ids.
ENGLISH = ("buck-passing", "evasion", "avoidance")
ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "congvu").glob("**/locale/*/LC_MESSAGES/django.po"))
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def terms_in(text: str, terms: tuple[str, ...] = TERMS) -> list[str]:
    """The terms ``text`` uses, whatever its normal form and case."""
    seen = folded(text)
    return [term for term in terms if folded(term) in seen]


def test_the_check_catches_decomposed_and_capitalised_spellings():
    assert terms_in(unicodedata.normalize("NFD", "Có dấu hiệu ĐÙN ĐẨY")) == ["đùn đẩy"]
    assert terms_in(unicodedata.normalize("NFKD", "Né Tránh, Cầm chừng")) == [
        "né tránh",
        "cầm chừng",
    ]
    assert terms_in("chuyển trở lại nơi đã giữ 3 lần trong 12 ngày làm việc") == []


# --- the catalogues ----------------------------------------------------------------------------


def entries(path: Path) -> Iterator[dict[str, str]]:
    """The entries of a .po file: ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` (the
    plural forms joined), unescaped enough to search; obsolete entries (#~) are left out."""
    entry: dict[str, str] = {}
    key = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if entry and not line:
                yield entry
                entry, key = {}, ""
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if match:
            key = "msgstr" if match.group(1).startswith("msgstr") else match.group(1)
            text = match.group(2)
            entry[key] = entry.get(key, "") + (" " if key in entry else "") + text
        elif line.startswith('"') and key:
            entry[key] += line[1:-1]
    if entry:
        yield entry


def _unescaped(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_language_has_a_catalogue_to_check():
    assert CATALOGUES
    languages = {path.parts[-3] for path in CATALOGUES}
    assert languages <= set(LANGUAGES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_catalogue_entry_outside_the_definitions_uses_the_legal_terms(path):
    offending = []
    for entry in entries(path):
        if _unescaped(entry.get("msgctxt", "")) == CONTEXT:
            continue
        for field in ("msgid", "msgid_plural", "msgstr"):
            text = _unescaped(entry.get(field, ""))
            found = terms_in(text) + terms_in(text, ENGLISH)
            if found:
                offending.append((entry.get("msgid", ""), found))
    assert offending == []


def test_the_definitions_context_holds_all_four_terms_in_vietnamese():
    text = " ".join(
        _unescaped(entry.get("msgstr", ""))
        for path in CATALOGUES
        for entry in entries(path)
        if _unescaped(entry.get("msgctxt", "")) == CONTEXT
    )
    assert terms_in(text) == list(TERMS)


# --- the analytics core's words ----------------------------------------------------------------


def test_the_kind_labels_and_short_definitions_are_neutral():
    for code in KIND_NAMES:
        assert terms_in(KIND_NAMES[code]) == [], code
        assert terms_in(KIND_DEFINITIONS[code]) == [], code


def test_the_analysis_reports_texts_are_neutral():
    texts = {
        name: value
        for name, value in vars(messages_vi).items()
        if name.isupper() and isinstance(value, str)
    }
    assert texts
    assert {name: terms_in(value) for name, value in texts.items() if terms_in(value)} == {}


# --- every kind's sentence, with sample evidence -----------------------------------------------

# Text fields whose value chooses the wording: every value is tried.
VARIANTS: dict[str, list[Any]] = {
    "level": ["unit", "official"],
    "activity": ["return", "decline", "request_supplement"],
    "reason": ["not_in_mandate", "missing_information", None],
    "pattern": ["after_reminder", "last_tenth"],
}


def samples(kind: Kind, province: Province) -> list[dict[str, Any]]:
    """Details of ``kind`` built from its schema: one with the first value of every field, then
    one per other value of each field that has several (each flag both ways)."""
    units = [province.construction, province.finance, province.ward]
    choices: dict[str, list[Any]] = {}
    for name, types in kind.detail.items():
        if name in VARIANTS:
            choices[name] = VARIANTS[name]
        elif name in ("from", "back_to"):
            choices[name] = [str(units[0].pk if name == "back_to" else units[1].pk)]
        elif name == "decision_kind":
            choices[name] = ["land_allocation_small"]
        elif types == NUMBER:
            choices[name] = [3, 12, 1]
        elif bool in types:
            choices[name] = [True, False]
        elif list in types:
            choices[name] = [[str(unit.pk) for unit in units]]
        elif types == TEXT or str in types:
            choices[name] = ["1"]
        else:
            choices[name] = [None]
    base = {name: values[0] for name, values in choices.items()}
    result = [base]
    for name, values in choices.items():
        result += [{**base, name: value} for value in values[1:]]
    return [validate_detail(kind.code, detail) for detail in result]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sentence_or_fact_of_any_kind_uses_the_legal_terms(province, language):
    said = []
    with translation.override(language):
        for kind in REGISTRY:
            for detail in samples(kind, province):
                for case_type in kind.case_types:
                    finding = Finding(
                        kind=kind.code,
                        case_type=case_type,
                        unit=province.construction,
                        official=province.official,
                        detail=detail,
                    )
                    names = names_for([finding])
                    shown = shown_detail(finding, names)
                    texts = [
                        sentence(finding, names),
                        str(finding.get_kind_display()),
                        *(str(label) for label, _value in shown.get("facts", [])),
                        *(str(value) for _label, value in shown.get("facts", [])),
                    ]
                    said += texts
                    for text in texts:
                        assert terms_in(text) == [], (kind.code, detail, text)
    # Every kind said something, so the check read real sentences.
    assert len(said) > 3 * len(REGISTRY)


def test_the_stall_and_coordination_sentences_count_working_days(province):
    with translation.override("vi"):
        for kind, detail in [
            ("stall", {"silence_days": 9, "allotted_days": 14, "is_open": True}),
            ("slow_coordination", {"answered": False, "days_late": 12}),
            ("last_minute", {"pattern": "last_tenth"}),
        ]:
            finding = Finding(kind=kind, unit=province.construction, detail=detail)
            assert "ngày làm việc" in sentence(finding, names_for([finding])), kind


# --- the pages, with findings computed from the test world's logs -----------------------------


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def every_kind(province: Province, frozen_clock: None) -> list[Finding]:
    """The findings the detectors raise on the test world's task logs, and one stored finding
    (with sample evidence) for each kind the world does not raise."""
    build_world(province)
    compute_findings()
    raised = {kind for kind in Finding.objects.values_list("kind", flat=True)}
    task: Task = make_task(province, title="Nhiệm vụ mẫu cho mọi loại dấu hiệu")
    first = task.events.order_by("seq").first()
    assert first is not None
    for kind in REGISTRY:
        if kind.code in raised:
            continue
        for number, detail in enumerate(samples(kind, province)):
            row = {
                "kind": kind.code,
                "case_id": str(task.pk),
                "unit": str(province.construction.pk),
                "actor": str(province.official.pk),
                "severity": "medium",
                "ts": first.ts + dt.timedelta(minutes=number),
                "evidence": str(first.pk),
                "detail": detail,
            }
            apply_detection([row], examined=set(), as_of=NOW)
            Finding.objects.get(fingerprint=fingerprint(row))
    found = list(Finding.objects.all())
    assert {finding.kind for finding in found} == {kind.code for kind in REGISTRY}
    assert raised, "the world's logs raised no finding"
    return found


def page_text(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return str(response.content.decode())


def test_the_signal_pages_never_use_the_legal_terms(client, province, every_kind):
    client.force_login(province.inspector.user)
    pages = [
        reverse("findings:list") + "?include_cleared=on",
        reverse("findings:network"),
        reverse("findings:scorecards"),
        reverse("findings:scorecards") + "?level=official",
        reverse("overview"),
    ]
    pages += [reverse("findings:detail", args=[finding.pk]) for finding in every_kind]
    for path in pages:
        assert terms_in(page_text(client, path)) == [], path


def test_the_monthly_report_names_the_signals_neutrally(client, province, every_kind):
    client.force_login(province.chair.user)
    month = (NOW.date().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    response = client.get(
        reverse("reports:preview"), {"month": month, "unit": province.province_pc.pk}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "DẤU HIỆU CẦN XEM XÉT" in html
    # The open signals by kind list the kinds by their labels.
    assert any(kind.name in html for kind in REGISTRY)
    assert terms_in(html) == []


def test_each_signal_links_to_its_kind_on_the_definitions_page(client, province, every_kind):
    client.force_login(province.inspector.user)
    page = reverse("findings:definitions")
    for finding in every_kind[:3]:
        text = page_text(client, reverse("findings:detail", args=[finding.pk]))
        assert f'href="{page}#{finding.kind}"' in text


# --- the definitions page -----------------------------------------------------------------------


def test_the_definitions_page_explains_every_kind_with_the_legal_terms(client, province):
    client.force_login(province.official.user)
    text = page_text(client, reverse("findings:definitions"))

    assert terms_in(text) == list(TERMS)
    for item in definitions():
        assert f'id="{item.code}"' in text
        assert item.name in text
        assert item.measured and item.may_indicate and item.source and item.not_proof, item.code
    assert "ngày làm việc" in text
    # The thresholds are the detectors' own.
    assert "từ 3 lần trở lên" in text
    assert "50 %" in text


def test_every_kind_of_the_registry_is_explained(province):
    with translation.override("vi"):
        explained = {item.code: item for item in definitions()}
    assert list(explained) == [kind.code for kind in REGISTRY]
    for code, item in explained.items():
        assert item.may_indicate and item.not_proof, code
        assert "%(" not in item.measured, code


def test_the_definitions_page_needs_a_login_and_an_official(client, province):
    page = reverse("findings:definitions")

    anonymous = client.get(page)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(resolve_url(settings.LOGIN_URL))

    bare = get_user_model().objects.create_user("no_official", password="x")
    client.force_login(bare)
    assert client.get(page).status_code == 403
