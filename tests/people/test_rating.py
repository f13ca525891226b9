"""`congvu rating`: hand-computed cases, the arithmetic written out (Decree 335/2025 from 2026,
Decrees 90/2020 + 48/2023 for 2025). Figures are compared as printed (two decimals, half-up)."""

from __future__ import annotations

from pathlib import Path

from tests.people.files import item, person, rate

FIGURES = ("a", "b", "c", "d", "task_points", "general_points", "total")


def figures(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[name] for name in FIGURES)


def outcome(row: dict[str, str]) -> tuple[str, str]:
    return (row["level"], row["reasons"])


def fillers(count: int, *, period: str = "2026-03", **cells: object) -> tuple[list, list]:
    """`count` officials at 80.00 (HTT): general 10 + one item done on time, task 70."""
    people = [person(f"HTT{n}", period=period, general=10, **cells) for n in range(count)]
    items = [item(f"HTT{n}", period=period) for n in range(count)]
    return people, items


def test_staff_figures_from_weighted_items(tmp_path: Path) -> None:
    people = [person("S", general=20)]
    items = [
        item("S", 2),
        item("S", "1.5", failures=1, delays=1),
        item("S", "0.5", completed="no"),
    ]

    row = rate(tmp_path, people, items)[("2026-03", "S")]

    # A = 2 + 1.5 + 0.5 = 4; completed 3.5 → a = 87.5
    # b = (2 + 1.5·(1 − 0.25)) / 4 = 3.125 / 4 = 78.125 → 78.13; c the same (one delay)
    # task = (87.5 + 78.125 + 78.125) / 3 · 0.7 = 81.25 · 0.7 = 56.875 → 56.88
    # total = 20 + 56.875 = 76.875 → 76.88 → HTT (≥ 70)
    assert figures(row) == ("87.50", "78.13", "78.13", "", "56.88", "20.00", "76.88")
    assert outcome(row) == ("HTT", "")


def test_deductions_stop_at_zero_per_item(tmp_path: Path) -> None:
    people = [person("S", general=5)]
    items = [item("S", failures=5), item("S", delays=4)]

    row = rate(tmp_path, people, items)[("2026-03", "S")]

    # A = 2, both completed: a = 100
    # b = (1·max(0, 1 − 1.25) + 1·1) / 2 = 50; c = (1 + 1·max(0, 1 − 1.00)) / 2 = 50
    # task = (100 + 50 + 50) / 3 · 0.7 = 46.666… → 46.67; total = 51.666… → 51.67 → HTNV
    assert figures(row) == ("100.00", "50.00", "50.00", "", "46.67", "5.00", "51.67")
    assert outcome(row) == ("HTNV", "")


def test_unfinished_items_count_only_in_the_denominator(tmp_path: Path) -> None:
    people = [person("S", general=30)]
    items = [item("S", 3, completed="no", failures=2, delays=3), item("S", 1)]

    row = rate(tmp_path, people, items)[("2026-03", "S")]

    # A = 4, only the item of 1 completed: a = b = c = 25 (the unfinished item's failures and
    # delays do not matter); task = 25 · 0.7 = 17.5; total = 30 + 17.5 = 47.5 → KHTNV by points
    assert figures(row) == ("25.00", "25.00", "25.00", "", "17.50", "30.00", "47.50")
    assert outcome(row) == ("KHTNV", "")


def test_levels_at_their_thresholds(tmp_path: Path) -> None:
    people, items = fillers(5)
    people += [
        person("T90", general=20),
        person("T70", general=0),
        person("T50", general=15),
        person("T4999", general="14.99"),
    ]
    items += [item("T90"), item("T70")]
    for name in ("T50", "T4999"):
        items += [item(name), item(name, completed="no")]

    rows = rate(tmp_path, people, items)

    # T90: 20 + 70 = 90.00 → HTXS, kept: HTT are the five fillers and T70 (6), 5·1 ≤ 6
    # T70: 0 + 70 = 70.00 → HTT
    # T50: a = b = c = 50 → task 35; 15 + 35 = 50.00 → HTNV
    # T4999: 14.99 + 35 = 49.99 → KHTNV
    assert rows[("2026-03", "T90")]["total"] == "90.00"
    assert outcome(rows[("2026-03", "T90")]) == ("HTXS", "")
    assert (rows[("2026-03", "T70")]["total"], rows[("2026-03", "T70")]["level"]) == (
        "70.00",
        "HTT",
    )
    assert (rows[("2026-03", "T50")]["total"], rows[("2026-03", "T50")]["level"]) == (
        "50.00",
        "HTNV",
    )
    assert (rows[("2026-03", "T4999")]["total"], rows[("2026-03", "T4999")]["level"]) == (
        "49.99",
        "KHTNV",
    )


def test_rounding_is_half_up_once_and_the_level_reads_the_printed_total(tmp_path: Path) -> None:
    people = [person("R", general="14.995"), person("Q", general="3.33")]
    items = [item("R"), item("R", completed="no")]
    items += [item("Q"), item("Q"), item("Q", completed="no")]

    rows = rate(tmp_path, people, items)

    # R: task 35 (a = b = c = 50); total = 14.995 + 35 = 49.995 → half-up 50.00 → HTNV
    assert figures(rows[("2026-03", "R")])[-1] == "50.00"
    assert outcome(rows[("2026-03", "R")]) == ("HTNV", "")
    # Q: a = b = c = 66.666…; task = 66.666… · 0.7 = 46.666…; total = 49.99666… → 50.00 → HTNV
    # (rounding a, b, c first would give task 46.67 and the same total; nothing is rounded
    # before the end)
    assert figures(rows[("2026-03", "Q")]) == (
        "66.67",
        "66.67",
        "66.67",
        "",
        "46.67",
        "3.33",
        "50.00",
    )
    assert outcome(rows[("2026-03", "Q")]) == ("HTNV", "")


def test_quota_keeps_the_highest_htxs_when_four_are_at_htt(tmp_path: Path) -> None:
    people, items = fillers(4)
    people += [person("X1", general=25), person("X2", general=22)]
    items += [item("X1"), item("X2")]

    rows = rate(tmp_path, people, items)

    # X1 95.00 and X2 92.00 are HTXS by points; HTT = 4. Keep k with 5·k ≤ 4 + (2 − k):
    # k = ⌊(4 + 2) / 6⌋ = 1 → X1 keeps HTXS; X2 becomes HTT (now 5 at HTT: 5·1 ≤ 5)
    assert outcome(rows[("2026-03", "X1")]) == ("HTXS", "")
    assert rows[("2026-03", "X2")]["total"] == "92.00"
    assert outcome(rows[("2026-03", "X2")]) == ("HTT", "quota")


def test_quota_leaves_no_htxs_when_fewer_than_five_would_be_at_htt(tmp_path: Path) -> None:
    people, items = fillers(3)
    people += [person("X1", general=25), person("X2", general=22)]
    items += [item("X1"), item("X2")]

    rows = rate(tmp_path, people, items)

    # HTT = 3, HTXS = 2: k = ⌊(3 + 2) / 6⌋ = 0 → both HTT (5 at HTT, 0 at HTXS)
    assert outcome(rows[("2026-03", "X1")]) == ("HTT", "quota")
    assert outcome(rows[("2026-03", "X2")]) == ("HTT", "quota")


def test_quota_moves_everyone_tied_at_the_cut(tmp_path: Path) -> None:
    people, items = fillers(5)
    people += [person("X1", general=25), person("X2", general=25)]
    items += [item("X1"), item("X2")]

    rows = rate(tmp_path, people, items)

    # HTT = 5, HTXS = 2 (both 95.00): k = ⌊7 / 6⌋ = 1, but the two are tied at the cut, so the
    # command cannot choose: both become HTT (the head chooses in the app)
    assert outcome(rows[("2026-03", "X1")]) == ("HTT", "quota")
    assert outcome(rows[("2026-03", "X2")]) == ("HTT", "quota")


def test_quota_is_counted_per_unit_and_per_group(tmp_path: Path) -> None:
    people, items = fillers(5, group="Nhóm A")
    people += [
        person("X1", general=25, group="Nhóm A"),
        person("X2", general=25, group="Nhóm B"),
        person("X3", general=25, group="Nhóm A", unit="Sở Tài chính"),
    ]
    items += [item("X1"), item("X2"), item("X3")]

    rows = rate(tmp_path, people, items)

    # Sở Xây dựng / Nhóm A: HTT 5, HTXS 1 → k = 1, X1 keeps HTXS
    # Sở Xây dựng / Nhóm B and Sở Tài chính / Nhóm A: no HTT → k = ⌊1 / 6⌋ = 0
    assert outcome(rows[("2026-03", "X1")]) == ("HTXS", "")
    assert outcome(rows[("2026-03", "X2")]) == ("HTT", "quota")
    assert outcome(rows[("2026-03", "X3")]) == ("HTT", "quota")


def two_level(tmp_path: Path, *, s2_general: int) -> dict[tuple[str, str], dict[str, str]]:
    """H (head) ← D (deputy, a leader) ← S1, S2 (staff), all in one period."""
    people = [
        person("H", role="leader", general=18, group="Lãnh đạo"),
        person("D", role="leader", manager="H", general=15, group="Lãnh đạo"),
        person("S1", manager="D", general=10),
        person("S2", manager="D", general=s2_general),
    ]
    items = [item("H"), item("D"), item("S1"), item("S2"), item("S2", completed="no")]
    return rate(tmp_path, people, items)


def test_leaders_d_is_100_when_everyone_below_reaches_50(tmp_path: Path) -> None:
    rows = two_level(tmp_path, s2_general=20)

    # S1: 10 + 70 = 80 (HTT); S2: a = b = c = 50 → task 35; 20 + 35 = 55 (HTNV, ≥ 50)
    # D: d = 100; task = (100 + 100 + 100 + 100 + 100 + 100) / 6 · 0.7 = 70; 15 + 70 = 85 → HTT
    # H: everyone below (D, S1, S2) ≥ 50 → d = 100; 18 + 70 = 88 → HTT
    assert rows[("2026-03", "S2")]["total"] == "55.00"
    assert figures(rows[("2026-03", "D")]) == (
        "100.00",
        "100.00",
        "100.00",
        "100.00",
        "70.00",
        "15.00",
        "85.00",
    )
    assert figures(rows[("2026-03", "H")])[3:] == ("100.00", "70.00", "18.00", "88.00")
    assert outcome(rows[("2026-03", "H")]) == ("HTT", "")


def test_leaders_d_is_50_up_the_whole_chain_when_one_scores_under_50(tmp_path: Path) -> None:
    rows = two_level(tmp_path, s2_general=10)

    # S2: 10 + 35 = 45 → KHTNV
    # D: d = 50; task = (100·3 + 50 + 100 + 100) / 6 · 0.7 = 550/6 · 0.7 = 64.1666… → 64.17
    #    total = 15 + 64.1666… = 79.1666… → 79.17 → HTT
    # H: S2's chain of managers (D, then H) reaches H → d = 50; task 64.17; 18 + 64.1666… = 82.17
    assert outcome(rows[("2026-03", "S2")]) == ("KHTNV", "")
    assert figures(rows[("2026-03", "D")])[3:] == ("50.00", "64.17", "15.00", "79.17")
    assert figures(rows[("2026-03", "H")])[3:] == ("50.00", "64.17", "18.00", "82.17")


def test_leaders_d_reads_points_before_overrides_and_skips_those_without_items(
    tmp_path: Path,
) -> None:
    people = [
        person("L", role="leader", general=10, group="Lãnh đạo"),
        person("S1", manager="L", general=10, discipline="canh_cao", related="yes"),
        person("S2", manager="L", general=0),
        person("S3", manager="L", general=20),
    ]
    items = [item("L"), item("S1"), item("S3"), item("S3", completed="no")]

    rows = rate(tmp_path, people, items)

    # S1: 80 points, KHTNV by the discipline override — still ≥ 50 for the leader's d
    # S2: no items → not counted (no level, no_items); S3: 20 + 35 = 55
    # L: d = 100; task = 70; total = 10 + 70 = 80 → HTT
    assert outcome(rows[("2026-03", "S1")]) == ("KHTNV", "discipline")
    assert outcome(rows[("2026-03", "S2")]) == ("", "no_items")
    assert figures(rows[("2026-03", "L")])[3:] == ("100.00", "70.00", "10.00", "80.00")


def test_leaders_organise_and_unite_steps_of_50(tmp_path: Path) -> None:
    people = [person("L", role="leader", general=20, organise=50, unite=50)]
    items = [item("L")]

    row = rate(tmp_path, people, items)[("2026-03", "L")]

    # nobody below: d = 100; task = (100 + 100 + 100 + 100 + 50 + 50) / 6 · 0.7 = 58.333… → 58.33
    # total = 20 + 58.333… = 78.33 → HTT
    assert figures(row) == ("100.00", "100.00", "100.00", "100.00", "58.33", "20.00", "78.33")
    assert outcome(row) == ("HTT", "")


def test_discipline_related_to_duties_forces_khtnv(tmp_path: Path) -> None:
    people = [person("S", general=10, discipline="khien_trach", related="yes")]

    row = rate(tmp_path, people, [item("S")])[("2026-03", "S")]

    # 10 + 70 = 80 by points, but khiển trách related to duties in the year → KHTNV
    assert row["total"] == "80.00"
    assert outcome(row) == ("KHTNV", "discipline")


def test_discipline_unrelated_to_duties_has_no_effect(tmp_path: Path) -> None:
    people = [person("S", general=10, discipline="buoc_thoi_viec", related="no")]

    row = rate(tmp_path, people, [item("S")])[("2026-03", "S")]

    # Law 80/2025 Art. 38(4): discipline not related to duties does not count → 80 → HTT
    assert (row["total"], *outcome(row)) == ("80.00", "HTT", "")


def test_suspension_forces_khtnv_and_both_reasons_are_listed(tmp_path: Path) -> None:
    people = [
        person("S1", general=10, suspended="yes"),
        person("S2", general=10, discipline="cach_chuc", related="yes", suspended="yes"),
    ]

    rows = rate(tmp_path, people, [item("S1"), item("S2")])

    assert outcome(rows[("2026-03", "S1")]) == ("KHTNV", "suspended")
    assert outcome(rows[("2026-03", "S2")]) == ("KHTNV", "discipline;suspended")


def test_a_period_without_items_has_no_level(tmp_path: Path) -> None:
    people = [person("S", general=25), person("S", general=25, period="2026-04")]

    rows = rate(tmp_path, people, [item("S")])

    # April: A = 0 → insufficient data, never 100 %: no figures but the general points
    assert figures(rows[("2026-04", "S")]) == ("", "", "", "", "", "25.00", "")
    assert outcome(rows[("2026-04", "S")]) == ("", "no_items")
    assert outcome(rows[("2026-03", "S")]) == ("HTT", "quota")


def test_year_row_is_the_mean_of_the_periods_with_items(tmp_path: Path) -> None:
    people = [
        person("S", period="2026-01", general=10),
        person("S", period="2026-02", general=20),
        person("S", period="2026-03", general=30),
    ]
    items = [
        item("S", period="2026-01"),
        item("S", period="2026-02"),
        item("S", period="2026-02", completed="no"),
    ]

    rows = rate(tmp_path, people, items, year=2026)

    # January 10 + 70 = 80; February 20 + 35 = 55; March has no items and is left out
    # year: total = (80 + 55) / 2 = 67.5 → HTNV; a = b = c = (100 + 50) / 2 = 75;
    # task = (70 + 35) / 2 = 52.5; general = (10 + 20) / 2 = 15
    assert figures(rows[("2026", "S")]) == (
        "75.00",
        "75.00",
        "75.00",
        "",
        "52.50",
        "15.00",
        "67.50",
    )
    assert outcome(rows[("2026", "S")]) == ("HTNV", "")
    assert outcome(rows[("2026-03", "S")]) == ("", "no_items")


def test_year_row_is_khtnv_when_any_period_was_suspended(tmp_path: Path) -> None:
    people = [
        person("S", period="2026-01", general=10),
        person("S", period="2026-02", general=10, suspended="yes"),
    ]

    rows = rate(tmp_path, people, [item("S", period="2026-01")], year=2026)

    # February has no items (suspended), January 80; the year: 80.00, KHTNV by the suspension
    assert outcome(rows[("2026-02", "S")]) == ("", "no_items;suspended")
    assert rows[("2026", "S")]["total"] == "80.00"
    assert outcome(rows[("2026", "S")]) == ("KHTNV", "suspended")


def test_year_rows_get_the_quota_again(tmp_path: Path) -> None:
    people, items = [], []
    for month in ("2026-01", "2026-02"):
        more_people, more_items = fillers(4, period=month)
        people += more_people
        items += more_items
        people.append(person("X1", period=month, general=25))
        items.append(item("X1", period=month))
    people += [
        person("X2", period="2026-01", general=25),
        person("X2", period="2026-02", general=21),
    ]
    items += [item("X2", period="2026-01"), item("X2", period="2026-02")]

    rows = rate(tmp_path, people, items, year=2026)

    # January: X1 95, X2 95, HTT 4 → k = ⌊6/6⌋ = 1 but tied → both HTT (quota)
    # February: X1 95, X2 91 → k = 1 → X1 HTXS, X2 HTT (quota)
    # Year: X1 (95 + 95)/2 = 95, X2 (95 + 91)/2 = 93, HTT 4 → k = 1 → X1 HTXS, X2 HTT (quota)
    assert outcome(rows[("2026-01", "X1")]) == ("HTT", "quota")
    assert outcome(rows[("2026-02", "X1")]) == ("HTXS", "")
    assert (rows[("2026", "X1")]["total"], *outcome(rows[("2026", "X1")])) == ("95.00", "HTXS", "")
    assert (rows[("2026", "X2")]["total"], *outcome(rows[("2026", "X2")])) == (
        "93.00",
        "HTT",
        "quota",
    )


def test_year_row_of_a_transferred_official_is_counted_in_the_new_unit(tmp_path: Path) -> None:
    people, items = fillers(5, period="2026-02", unit="UBND phường Hạ Long")
    people += [
        person("T", period="2026-01", general=25, unit="Sở Xây dựng"),
        person("T", period="2026-02", general=25, unit="UBND phường Hạ Long"),
    ]
    items += [item("T", period="2026-01"), item("T", period="2026-02")]

    rows = rate(tmp_path, people, items, year=2026)

    # January in Sở Xây dựng alone: 95 → HTT (quota); February in the ward with 5 at HTT: HTXS
    # Year: 95, counted in the new unit (Art. 19: the new unit rates) with its 5 HTT → HTXS
    assert outcome(rows[("2026-01", "T")]) == ("HTT", "quota")
    assert outcome(rows[("2026", "T")]) == ("HTXS", "")


def test_quarterly_periods_are_rated_the_same_way(tmp_path: Path) -> None:
    people = [person("S", period="2026-Q1", general=12)]
    items = [item("S", 2, period="2026-Q1"), item("S", 2, period="2026-Q1", delays=2)]

    row = rate(tmp_path, people, items)[("2026-Q1", "S")]

    # A = 4; a = b = 100; c = (2 + 2·0.5) / 4 = 75; task = 275/3 · 0.7 = 64.1666… → 64.17
    # total = 12 + 64.1666… = 76.17 → HTT
    assert figures(row) == ("100.00", "100.00", "75.00", "", "64.17", "12.00", "76.17")
    assert outcome(row) == ("HTT", "")


def test_vietnamese_words_are_accepted(tmp_path: Path) -> None:
    people = [
        person("L", role="Lãnh đạo", general=10, organise="100%", unite="50%"),
        person("S", manager="L", general=10, discipline="Khiển trách", related="có"),
    ]

    rows = rate(tmp_path, people, [item("L"), item("S")])

    # L: d = 100, đ = 100, e = 50: task = 550/6 · 0.7 = 64.17; total 74.17 → HTT
    assert figures(rows[("2026-03", "L")])[3:] == ("100.00", "64.17", "10.00", "74.17")
    assert outcome(rows[("2026-03", "S")]) == ("KHTNV", "discipline")


def test_2025_is_rated_by_the_criteria_of_decrees_90_and_48(tmp_path: Path) -> None:
    period = "2025-12"
    people = [person(name, period=period) for name in ("C1", "C2", "C3")]
    people.append(person("C4", period=period, discipline="khien_trach", related="no"))
    items = []
    for name, late in (("C1", 0), ("C2", 1), ("C3", 2), ("C4", 0)):
        items += [item(name, period=period, delays=1 if n < late else 0) for n in range(5)]

    rows = rate(tmp_path, people, items)

    # No points under Decree 90: the share of items (by coefficient) not done on time and well
    # C1: 0 % → HTT; C2: 1 of 5 = 20 % → HTNV (≤ 20 %); C3: 2 of 5 = 40 % → KHTNV
    # c of C2 = (4 + 0.75) / 5 = 95; C4: any discipline in the year → KHTNV (Decree 48/2023)
    assert outcome(rows[(period, "C1")]) == ("HTT", "")
    assert figures(rows[(period, "C2")]) == ("100.00", "100.00", "95.00", "", "", "25.00", "")
    assert outcome(rows[(period, "C2")]) == ("HTNV", "")
    assert outcome(rows[(period, "C3")]) == ("KHTNV", "")
    assert outcome(rows[(period, "C4")]) == ("KHTNV", "discipline")


def test_2025_year_row_rates_the_summed_items_and_the_leader_by_those_below(
    tmp_path: Path,
) -> None:
    people, items = [], []
    for month in ("2025-11", "2025-12"):
        people += [
            person("L", period=month, role="leader", group="Lãnh đạo"),
            person("S1", period=month, manager="L"),
            person("S2", period=month, manager="L"),
        ]
        items += [item("L", period=month), item("S1", period=month)]
    # S2: November 1 item done late, December 3 on time → year 1 of 4 = 25 % → KHTNV
    items += [item("S2", period="2025-11", delays=1)]
    items += [item("S2", period="2025-12") for _ in range(3)]

    rows = rate(tmp_path, people, items, year=2025)

    # November: S2 100 % late → KHTNV; L has 1 of 2 below at HTNV or better = 50 % < 70 → KHTNV
    # December: S2 0 % → HTT; L 100 % → HTT (its own items all sound)
    # Year: S1 HTT; S2 25 % → KHTNV; L: 1 of 2 = 50 % → KHTNV, d = 50
    assert outcome(rows[("2025-11", "L")]) == ("KHTNV", "")
    assert outcome(rows[("2025-12", "L")]) == ("HTT", "")
    assert outcome(rows[("2025", "S2")]) == ("KHTNV", "")
    assert rows[("2025", "L")]["d"] == "50.00"
    assert outcome(rows[("2025", "L")]) == ("KHTNV", "")
