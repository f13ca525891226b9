"""The one rules engine: versions in force by day, one file shape for every domain."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from congvu.core.rules import FIELDS, RuleBook
from congvu.dossiers.rules import RULES as DOSSIER_RULES
from congvu.investment.rules import RULES as INVESTMENT_RULES


def rule(key: str, version: int, valid_from: str, valid_to: str | None, value: object) -> dict:
    return {
        "key": key,
        "version": version,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "document": "Nghị định 118/2025/NĐ-CP",
        "article": "Điều 19",
        "verified": "S",
        "note": "",
        "summary": "Phiếu xin lỗi.",
        "value": value,
    }


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "rules.json"
    rules = [
        rule("apology", 1, "2018-08-21", "2025-06-30", {"days_before": 1}),
        rule("apology", 2, "2025-07-01", None, {"days_before": 2}),
    ]
    path.write_text(json.dumps({"about": "", "rules": rules}), encoding="utf-8")
    return RuleBook(path)


def test_the_version_in_force_on_a_day_is_found(book):
    assert book.find("apology", dt.date(2025, 6, 30)).version == 1
    assert book.find("apology", dt.date(2025, 7, 1)).value == {"days_before": 2}
    assert book.require("apology", dt.date(2030, 1, 1)).version == 2


def test_no_version_before_the_first_is_none_or_a_lookup_error(book):
    assert book.find("apology", dt.date(2018, 8, 20)) is None
    assert book.find("unknown", dt.date(2025, 7, 1)) is None
    with pytest.raises(LookupError):
        book.require("apology", dt.date(2018, 8, 20))


@pytest.mark.parametrize("change", [{"verified": "X"}, {"params": 1}, {"summary": None}])
def test_a_rule_of_another_shape_or_with_an_unknown_mark_fails_loudly(tmp_path, change):
    item = {**rule("apology", 1, "2018-08-21", None, 1), **change}
    item = {key: value for key, value in item.items() if value is not None}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"rules": [item]}), encoding="utf-8")

    with pytest.raises(ValueError):
        _ = RuleBook(path).rules


def test_both_domains_keep_their_rules_in_the_one_shape():
    for book in (DOSSIER_RULES, INVESTMENT_RULES):
        assert book.rules
        data = json.loads(book.path.read_text(encoding="utf-8"))
        assert all(tuple(item) == FIELDS for item in data["rules"])


def test_what_pages_and_letters_cite_holds_no_research_notes_or_other_provinces():
    # `document` and `article` are shown to officials and cited to applicants; what research found
    # about a source (other provinces restating it, an article not checked) belongs in `note`.
    for book in (DOSSIER_RULES, INVESTMENT_RULES):
        for item in book.rules:
            cited = f"{item.document} {item.article} {item.summary}"
            for word in ("verified", "not ", "found", "Lai Châu", "Đồng Tháp", "chưa đối chiếu"):
                assert word not in cited, (item.key, word)
