"""`congvu write_import_templates DIR`: write the import templates (don_vi, can_bo; .xlsx, .csv).

The committed copies live in docs/templates/; a test checks they match the columns the import reads.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from congvu.core.exports import Sheet, write_csv, write_xlsx
from congvu.org.imports import OFFICIAL_COLUMNS, UNIT_COLUMNS

# The province PC and its office; a division listed before its department (the import sorts parents
# first); the transport department merged into construction on 1/7/2025 (vietnam-rules §12); a ward.
UNIT_ROWS = [
    ["UBT", "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh", "UBND tỉnh", "", "", "", "", "không"],
    [
        "VP",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Văn phòng UBND tỉnh",
        "Văn phòng",
        "UBT",
        "",
        "",
        "",
        "có",
    ],
    ["SXD-QH", "Phòng Quy hoạch - Kiến trúc", "", "Phòng", "SXD", "", "", "", "không"],
    ["SXD", "Sở Xây dựng", "", "Sở", "UBT", "01/07/2025", "", "", "không"],
    ["SGTVT", "Sở Giao thông vận tải", "", "Sở", "UBT", "01/01/2008", "30/06/2025", "SXD", "không"],
    ["STC", "Sở Tài chính", "", "Sở", "UBT", "", "", "", "không"],
    [
        "PHL",
        "Ủy ban nhân dân phường Hạ Long",
        "UBND phường Hạ Long",
        "UBND xã/phường",
        "UBT",
        "",
        "",
        "",
        "không",
        "06688",
    ],
]

# Every row as wide as the header (only the ward's row fills the last column).
UNIT_ROWS = [[*row, *[""] * (len(UNIT_COLUMNS) - len(row))] for row in UNIT_ROWS]

# The optional columns "Thanh tra (có/không)" and "Mật khẩu" are left out of the template.
OFFICIAL_HEADER = list(OFFICIAL_COLUMNS[:13])
OFFICIAL_ROWS = [
    [
        "CB0001",
        "Cao Tường Huy",
        "chutich",
        "",
        "cán bộ",
        "",
        "",
        "Tiến sĩ",
        "01/07/2025",
        "UBT",
        "Chủ tịch",
        "lãnh đạo",
        "",
    ],
    [
        "CB0002",
        "Trần Thị Bích",
        "bich.tt",
        "bich.tt@example.gov.vn",
        "công chức",
        "Chuyên viên",
        "",
        "Đại học",
        "15/03/2012",
        "VP",
        "Chuyên viên",
        "chuyên viên",
        "",
    ],
    [
        "CB0003",
        "Lê Minh Đức",
        "duc.lm",
        "",
        "công chức",
        "Chuyên viên cao cấp",
        "",
        "Thạc sĩ",
        "01/09/2005",
        "SXD",
        "Giám đốc",
        "trưởng đơn vị",
        "SXD-QH:Trưởng phòng:trưởng đơn vị",
    ],
    [
        "CB0004",
        "Phạm Quang Hải",
        "hai.pq",
        "",
        "viên chức",
        "Kỹ sư",
        "",
        "Đại học",
        "",
        "SXD-QH",
        "Chuyên viên",
        "chuyên viên",
        "",
    ],
]

GUIDE = {
    "don_vi": [
        ("Mã đơn vị", "bắt buộc; duy nhất"),
        ("Tên đơn vị", "bắt buộc"),
        ("Loại", "UBND tỉnh, Văn phòng, Sở, Phòng, Chi cục, UBND xã/phường, Trung tâm, "
                  "Đơn vị sự nghiệp, Thanh tra"),
        ("Mã đơn vị cấp trên", "mã trong tệp (có thể ở dòng sau) hoặc đã có trong hệ thống"),
        ("Hiệu lực từ, Hiệu lực đến", "dd/mm/yyyy; để trống: từ 01/07/2025, chưa kết thúc"),
        ("Mã đơn vị kế thừa", "bắt buộc khi có Hiệu lực đến (sáp nhập)"),
        ("Giao nhiệm vụ", "có/không: đơn vị giao và theo dõi nhiệm vụ (Văn phòng UBND)"),
        (
            "Mã đơn vị hành chính",
            "UBND xã/phường/đặc khu: mã hoặc tên đơn vị hành chính (sau 1/7/2025)",
        ),
    ],
    "can_bo": [
        ("Mã cán bộ, Họ và tên", "bắt buộc; mã duy nhất"),
        ("Tên đăng nhập", "để trống: dùng mã cán bộ"),
        ("Loại", "cán bộ, công chức, viên chức"),
        ("Lĩnh vực", "mã hoặc tên lĩnh vực đã có, cách nhau bởi dấu ;"),
        ("Ngày bắt đầu", "dd/mm/yyyy"),
        ("Mã đơn vị, Chức vụ", "bắt buộc; đơn vị phải đang hoạt động"),
        ("Vai trò", "chuyên viên (mặc định), trưởng đơn vị, lãnh đạo"),
        ("Kiêm nhiệm", "mã đơn vị:chức vụ:vai trò; mã đơn vị:chức vụ"),
        ("Mật khẩu (cột tùy chọn)", "không có: tài khoản chưa đăng nhập được đến khi quản trị đặt"),
    ],
}  # fmt: skip


class Command(BaseCommand):
    help = "Write the import templates for units and officials (.xlsx and .csv) into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        directory = options["directory"]
        assert isinstance(directory, Path)
        directory.mkdir(parents=True, exist_ok=True)
        tables = {
            "don_vi": [list(UNIT_COLUMNS), *UNIT_ROWS],
            "can_bo": [OFFICIAL_HEADER, *OFFICIAL_ROWS],
        }
        for name, rows in tables.items():
            # A BOM, so that Excel opens the UTF-8 file with its diacritics intact.
            with (directory / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as file:
                write_csv(file, rows[0], rows[1:])
            _write_xlsx(directory / f"{name}.xlsx", rows, GUIDE[name])
            self.stdout.write(f"{directory / name}.xlsx, .csv")


def _write_xlsx(path: Path, rows: list[list[str]], guide: list[tuple[str, str]]) -> None:
    widths = [
        min(max(max(len(str(row[index])) for row in rows), len(header)) + 2, 45)
        for index, header in enumerate(rows[0])
    ]
    data = Sheet("Dữ liệu", rows[0], rows[1:], widths=widths, freeze_header=True)
    # The import reads the first sheet only; the guide is a second sheet.
    notes = Sheet("Hướng dẫn", ["Cột", "Cách điền"], guide, widths=[30, 90])
    write_xlsx(path, [data, notes])
