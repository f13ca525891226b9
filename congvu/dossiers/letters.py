"""The apology letter as a PDF (phiếu xin lỗi và hẹn lại ngày trả kết quả), in Vietnamese.

Laid out as an administrative document under Decree 30/2020/NĐ-CP (Appendix I): the governing
body and the issuing unit over its number on the left, the national motto on the right with the
place and date below it, the title, "Kính gửi", the body, then "Nơi nhận" on the left and the
signature block of the unit's head on the right. The letter is the unit at fault's (Thông tư
01/2018/TT-VPCP, Mẫu 06): its head signs, or a deputy who issues it signs "KT." for the head.
It cites only the rule's own documents (`rules.json`, `document`), never research notes.

Rendered from an HTML template with WeasyPrint in Liberation Serif (metrically Times New Roman,
which the decree names) or DejaVu Serif, both installed with the system fonts and carrying every
Vietnamese diacritic, so no font is shipped or fetched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from congvu.dossiers.models import ApologyLetter
from congvu.dossiers.rules import rule
from congvu.org.models import Official, Post, Unit

PEOPLES_COMMITTEES = (Unit.Kind.PROVINCE_PC, Unit.Kind.COMMUNE_PC)
# "Ủy ban nhân dân tỉnh Quảng Ninh" → "Quảng Ninh": the words before the place's own name.
PLACE_PREFIXES = ("Ủy ban nhân dân ", "UBND ")
PLACE_KINDS = ("tỉnh ", "thành phố ", "phường ", "xã ", "đặc khu ")


@dataclass(frozen=True)
class Signature:
    """The signature block: "KT." line when a deputy signs for the head, the authority (position)
    and the name of who signs."""

    on_behalf_of: str  # the head's position when a deputy signs for them, else ""
    authority: str
    name: str


def place_of(unit: Unit) -> str:
    """The place name of the date line (địa danh): that of the nearest People's Committee at or
    above the unit ("Quảng Ninh" for a department of the province, "Hạ Long" for a ward)."""
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    committees = Unit.objects.filter(pk__in=ids, kind__in=PEOPLES_COMMITTEES)
    nearest = max(committees, key=lambda u: len(u.path), default=None)
    if nearest is None:
        return ""
    name = nearest.name
    for prefix in PLACE_PREFIXES:
        name = name.removeprefix(prefix)
    for kind in PLACE_KINDS:
        if name.lower().startswith(kind):
            return name[len(kind) :]
    return name


def signature_of(unit: Unit, issuer: Official, on: dt.date) -> Signature:
    """Who signs for the unit at fault on `on`: the issuer when they head it; a deputy (a
    management post of the unit) signs "KT." for the head; anyone else prepared the letter, and
    the head signs it."""
    posts = Post.objects.in_force(on).filter(unit=unit).select_related("official", "position")
    heads = list(
        posts.filter(role__in=(Post.Role.HEAD, Post.Role.LEADER)).order_by("-is_primary", "pk")
    )
    head = heads[0] if heads else None
    mine = next((p for p in heads if p.official_id == issuer.pk), None)
    if mine is not None:
        return Signature("", mine.position.name.upper(), issuer.full_name)
    deputy = (
        posts.filter(official=issuer)
        .filter(Q(position__is_manager=True) | ~Q(role=Post.Role.MEMBER))
        .first()
    )
    if deputy is not None and head is not None:
        return Signature(head.position.name.upper(), deputy.position.name.upper(), issuer.full_name)
    if head is not None:
        return Signature("", head.position.name.upper(), head.official.full_name)
    return Signature("", unit.name.upper(), "")


def letter_html(letter: ApologyLetter) -> str:
    """The letter as HTML, always in Vietnamese (it goes to the applicant)."""
    dossier = letter.dossier
    with translation.override("vi"):
        return render_to_string(
            "dossiers/apology_letter.html",
            {
                "letter": letter,
                "dossier": dossier,
                "procedure": dossier.procedure,
                "centre": dossier.centre,
                "issued": timezone.localtime(letter.issued_at),
                "rule": rule("apology", letter.issued_on),
                "agency": letter.unit_at_fault,
                "governing": letter.unit_at_fault.parent,
                "place": place_of(letter.unit_at_fault),
                "signature": signature_of(letter.unit_at_fault, letter.issued_by, letter.issued_on),
            },
        )


def letter_pdf(letter: ApologyLetter) -> bytes:
    """The letter as PDF bytes."""
    # Imported late: loading WeasyPrint costs a second. It ships no type information.
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=letter_html(letter)).write_pdf())
