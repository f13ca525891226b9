import csv
import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from congvu.investment.actions import assign_plan, complete_stage, record_disbursement, start_stage
from congvu.investment.models import Project, StageKind
from congvu.investment.oc4ids import export
from tests.investment.conftest import TODAY, make_project

SCHEMAS = Path(__file__).resolve().parents[2] / ".." / "shared" / "schemas" / "oc4ids-0.9.4"
BILLION = 1_000_000_000


def _schema_dir() -> Path:
    if not (SCHEMAS / "project-package-schema.json").exists():
        pytest.skip(f"OC4IDS 0.9.4 schema not found at {SCHEMAS.resolve()} (shared/ beside repo)")
    return SCHEMAS


def _validator() -> Draft4Validator:
    """The package schema with every schema file registered under its own `id`, so that the
    package's $ref to the project schema URL resolves to the local file (no network)."""
    folder = _schema_dir()
    resources = []
    for path in folder.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (contents["id"], Resource.from_contents(contents, default_specification=DRAFT4))
        )
    registry = Registry().with_resources(resources)
    # Without optional packages jsonschema skips "date-time" and "uri"; check them strictly.
    formats = FormatChecker()
    formats.checks("date-time")(lambda value: _is_datetime(value))
    formats.checks("uri")(lambda value: bool(urlparse(value).scheme))
    package = json.loads((folder / "project-package-schema.json").read_text(encoding="utf-8"))
    return Draft4Validator(package, registry=registry, format_checker=formats)


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    parsed = dt.datetime.fromisoformat(value)
    return parsed.tzinfo is not None


def _codes(name: str) -> set[str]:
    with open(_schema_dir() / "codelists" / name, encoding="utf-8") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def _world(investment):
    project = make_project(investment)
    make_project(investment, code="DA-002", name="Kè chống sạt lở bờ sông Diễn Vọng")
    assign_plan(project, by=investment.province.chair, year=2026, amount_vnd=40 * BILLION,
                on=dt.date(2026, 1, 5), document="15/QĐ-UBND")  # fmt: skip
    record_disbursement(project, by=investment.engineer, year=2026, on=dt.date(2026, 3, 2),
                        amount_vnd=12_345_678_900)  # fmt: skip
    for kind in (StageKind.POLICY, StageKind.APPROVAL):
        stage = project.stages.get(kind=kind)
        start_stage(stage, by=investment.director, on=dt.date(2025, 2, 1))
        complete_stage(stage, by=investment.director, on=dt.date(2025, 8, 1))
    start_stage(project.stages.get(kind=StageKind.SITE_CLEARANCE), by=investment.director,
                on=dt.date(2025, 9, 1))  # fmt: skip
    return project


def _package():
    return export(
        Project.objects.all(),
        as_of=TODAY,
        published=dt.datetime(2026, 9, 15, 10, 0, tzinfo=dt.UTC),
    )


def test_export_validates_against_the_oc4ids_0_9_4_schema(investment):
    validator = _validator()
    _world(investment)

    package = _package()

    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []
    assert len(package["projects"]) == 2


def test_the_validator_does_reject_a_broken_package(investment):
    validator = _validator()
    _world(investment)
    package = _package()

    package["projects"][0]["status"] = "stalled"
    package["projects"][0]["milestones"][0]["dueDate"] = "30/06/2026"

    assert len(list(validator.iter_errors(package))) == 2


def test_export_maps_stages_parties_plans_and_disbursements(investment):
    _world(investment)

    project = _package()["projects"][0]

    assert project["id"] == "oc4ids-cvxxxx-DA-001"
    assert project["status"] == "implementation"
    approval = next(m for m in project["milestones"] if m["id"] == "approval")
    assert (approval["type"], approval["code"], approval["status"]) == (
        "approval", "projectApproval", "met",
    )  # fmt: skip
    clearance = next(m for m in project["milestones"] if m["id"] == "site_clearance")
    assert clearance["status"] == "notMet"  # planned for 31/03/2026
    assert clearance["description"] == "Ủy ban nhân dân phường Hạ Long"
    roles = {p["name"]: p["roles"] for p in project["parties"]}
    assert roles["Ban Quản lý dự án đầu tư xây dựng tỉnh"] == ["buyer", "payer", "publicAuthority"]
    assert roles["Ủy ban nhân dân tỉnh Quảng Ninh"] == ["funder"]
    assert roles["Ủy ban nhân dân phường Hạ Long"] == ["administrativeEntity"]
    assert project["budget"]["amount"] == {"amount": 250_000_000_000, "currency": "VND"}
    plan = project["budget"]["budgetBreakdowns"][0]["budgetBreakdown"][0]
    assert plan["amount"]["amount"] == 40 * BILLION
    assert plan["period"]["endDate"] == "2027-01-31T00:00:00+07:00"
    assert [t["value"]["amount"] for t in project["transactions"]] == [12_345_678_900]


def test_export_uses_only_codes_from_the_codelists(investment):
    _world(investment)
    types, codes = _codes("milestoneType.csv"), _codes("milestoneCode.csv")
    roles, sectors = _codes("partyRole.csv"), _codes("projectSector.csv")

    for project in _package()["projects"]:
        assert {m["type"] for m in project["milestones"]} <= types
        assert {m["code"] for m in project["milestones"] if "code" in m} <= codes
        assert {r for p in project["parties"] for r in p["roles"]} <= roles
        assert set(project["sector"]) <= sectors


def test_export_command_writes_a_valid_file(investment, tmp_path):
    validator = _validator()
    _world(investment)
    out = tmp_path / "oc4ids.json"

    call_command("export_oc4ids", "--out", str(out), "--as-of", "2026-09-15")

    package = json.loads(out.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(package)) == []
    assert [p["id"] for p in package["projects"]] == [
        "oc4ids-cvxxxx-DA-001", "oc4ids-cvxxxx-DA-002",
    ]  # fmt: skip


def test_export_reads_a_fixed_number_of_queries(investment, django_assert_max_num_queries):
    _world(investment)
    for n in range(3, 9):
        make_project(investment, code=f"DA-00{n}")

    with django_assert_max_num_queries(7):
        _package()
