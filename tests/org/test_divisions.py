"""The real administrative map after 1 July 2025, from the maintained package."""

from __future__ import annotations

import unicodedata

from congvu.org.divisions import QUANG_NINH, find_ward, province_name, wards_of


def test_quang_ninh_has_its_54_wards_communes_and_special_zones():
    wards = wards_of(QUANG_NINH)

    assert province_name(QUANG_NINH) == "Quảng Ninh"
    assert len(wards) == 54
    assert {ward.kind for ward in wards} == {"phường", "xã", "đặc khu"}
    assert [w.name for w in wards if w.kind == "đặc khu"] == ["Đặc khu Vân Đồn", "Đặc khu Cô Tô"]
    assert all(len(ward.code) == 5 and ward.code.isdigit() for ward in wards)
    assert len({ward.unit_code for ward in wards}) == 54


def test_a_ward_is_found_by_code_or_by_name_in_any_spelling():
    (ha_long,) = find_ward("06688")

    assert ha_long.name == "Phường Hạ Long"
    assert find_ward("6688") == [ha_long]
    assert find_ward(unicodedata.normalize("NFD", "  PHƯỜNG  Hạ Long ")) == [ha_long]
    assert find_ward("Hạ Long", province_code=QUANG_NINH) == [ha_long]
    assert find_ward("Phường Không Có") == []
    assert find_ward("99999") == []
