"""Vietnamese personal names for the demo province: family names, middle names and given names.

Family names are weighted roughly by their share of the population (Nguyễn about 38 %), so that a
list of officials looks like a real one.
"""

from __future__ import annotations

import random

from congvu.org.text import fold

FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Vũ", 39),
    ("Phan", 30),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 8),
    ("Đào", 7),
    ("Lương", 6),
    ("Mai", 5),
    ("Trịnh", 6),
    ("Lưu", 4),
    ("Cao", 5),
    ("Tạ", 3),
    ("Hà", 6),
    ("Đoàn", 5),
    ("Tô", 3),
    ("Phùng", 3),
    ("Vương", 2),
    ("Nông", 2),
    ("Triệu", 2),
    ("Chu", 2),
)

MIDDLE_MALE = (
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Ngọc", "Công", "Mạnh",
    "Tiến", "Anh", "Việt", "Trung", "Đình", "Hoàng", "Duy", "Thế", "Bá", "Trọng", "Hồng",
)  # fmt: skip
MIDDLE_FEMALE = (
    "Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Phương", "Thùy", "Bích", "Kim",
    "Mai", "Khánh", "Hải", "Diệu", "Lan", "Thúy", "Hoài", "Quỳnh",
)  # fmt: skip
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
    "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Hiếu", "Hoàng",
    "Kiên", "Lâm", "Nghĩa", "Phúc", "Quang", "Tâm", "Thịnh", "Toàn", "Trọng", "Tùng", "Dương",
    "Đạt", "Hưng", "Khoa", "Lộc", "Tài", "Chiến", "Công", "Duy", "Giang", "Hậu", "Lực", "Ninh",
    "Sang", "Thái", "Thuận", "Vũ",
)  # fmt: skip
GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương", "Huyền", "Lan",
    "Linh", "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy",
    "Trang", "Tuyết", "Uyên", "Vân", "Yến", "Hồng", "Thu", "Liên", "Nhàn", "Thoa", "Hậu", "Duyên",
    "Ly", "My", "Ngân", "Tâm", "Trâm",
)  # fmt: skip


def random_name(rng: random.Random) -> tuple[str, bool]:
    """A full name (họ, đệm, tên) and whether it is a woman's name."""
    names, weights = zip(*FAMILY_NAMES, strict=True)
    family = rng.choices(names, weights)[0]
    female = rng.random() < 0.48
    if female:
        middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    else:
        middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
    if rng.random() < 0.12:
        # Some names have two middle names ("Nguyễn Thị Thu Hằng").
        extra = rng.choice(MIDDLE_FEMALE[3:] if female else MIDDLE_MALE[3:])
        if extra != middle:
            middle = f"{middle} {extra}"
    return f"{family} {middle} {given}", female


def username_for(full_name: str) -> str:
    """The e-mail style login of the province: given name then initials ("Nguyễn Văn An" → annv)."""
    parts = fold(full_name).split()
    return parts[-1] + "".join(part[0] for part in parts[:-1])
