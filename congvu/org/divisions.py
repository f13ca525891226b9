"""The real administrative map (bản đồ đơn vị hành chính) after 1 July 2025.

Read from the maintained `vietnam-provinces` package (data of the General Statistics Office: the 34
provinces and centrally-run cities and their 3,321 wards, communes and special zones, with their
official codes); nothing here is typed by hand. The unit import picks a ward by its code or its
name (`find_ward`), and the demo province lists every ward of Quảng Ninh (`wards_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vietnam_provinces import Province, ProvinceCode, Ward

from congvu.analytics.text import name_key

QUANG_NINH = 22
# The words the package starts a ward's name with, and the prefix of a demo unit code.
KIND_PREFIX = {"phường": "P", "xã": "X", "đặc khu": "DK"}


@dataclass(frozen=True)
class Division:
    """A ward, commune or special zone (đơn vị hành chính cấp xã) of the map."""

    code: str  # the official code, five digits ("06688")
    name: str  # as the map writes it: "Phường Hạ Long"
    kind: str  # "phường", "xã" or "đặc khu"
    place: str  # the name without its kind: "Hạ Long"
    province_code: int
    codename: str  # "phuong_ha_long"

    @property
    def unit_code(self) -> str:
        """A readable unit code for the ward's People's Committee: "P-HALONG", "DK-COTO"."""
        bare = self.codename.split("_", 2 if self.kind == "đặc khu" else 1)[-1]
        return f"{KIND_PREFIX[self.kind]}-{bare.replace('_', '').upper()}"


def _division(ward: Ward) -> Division:
    kind = str(ward.division_type.value)
    name = str(ward.name)
    place = name[len(kind) :].strip() if name.lower().startswith(kind) else name
    return Division(
        code=f"{int(ward.code):05d}",
        name=name,
        kind=kind,
        place=place,
        province_code=int(ward.province_code),
        codename=str(ward.codename),
    )


def province_name(code: int) -> str:
    """The province's name as the map writes it ("Quảng Ninh", "Thành phố Hà Nội")."""
    return str(Province.from_code(ProvinceCode(code)).name)


@cache
def wards_of(province_code: int) -> tuple[Division, ...]:
    """Every ward, commune and special zone of a province, by official code."""
    wards = Ward.iter_by_province(ProvinceCode(province_code))
    return tuple(sorted((_division(ward) for ward in wards), key=lambda d: d.code))


@cache
def _all_wards() -> tuple[Division, ...]:
    return tuple(sorted((_division(ward) for ward in Ward.iter_all()), key=lambda d: d.code))


def find_ward(text: str, *, province_code: int | None = None) -> list[Division]:
    """The wards ``text`` names: an official code ("6688" or "06688"), or a name with or without
    its kind ("Phường Hạ Long", "phuong"-less "Hạ Long", any Unicode form, case or spacing).
    Several when a bare name is shared (a province limits the search); none when unknown."""
    wards = wards_of(province_code) if province_code is not None else _all_wards()
    written = text.strip()
    if written.isdigit():
        code = f"{int(written):05d}"
        return [ward for ward in wards if ward.code == code]
    key = name_key(written)
    full = [ward for ward in wards if name_key(ward.name) == key]
    return full or [ward for ward in wards if name_key(ward.place) == key]
