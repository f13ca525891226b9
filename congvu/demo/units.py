"""The organisation of the demo province: a Quảng Ninh-like tree of units, their people and duties.

The shape follows the two-level local government in force from 1/7/2025 (Resolution
202/2025/QH15, Decree 150/2025/NĐ-CP): UBND tỉnh with its office (Văn phòng UBND tỉnh, which assigns
and follows up tasks, and the Trung tâm Phục vụ hành chính công under it), specialised departments
(sở) with their divisions, the provincial inspectorate, a project management board, and ward /
commune / special-zone People's Committees, each with its office (Văn phòng HĐND và UBND), economic
division (Phòng Kinh tế, or Kinh tế, Hạ tầng và Đô thị in a ward), culture-society division and
administrative service centre.

Two mergers keep history honest: the old wards Bạch Đằng, Trần Hưng Đạo and Hồng Gai became phường
Hồng Gai on 1/7/2025, and the two provincial project management boards (civil works; transport) are
merged into one board in the middle of the demo period, after holding tasks of their own.

Only the new structure is modelled, so the task history starts on `IN_FORCE_SINCE` at the earliest:
no task is sent to a ward before the ward, its leaders' posts and their delegations take effect.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from congvu.demo.names import random_name, username_for
from congvu.org.actions import create_official, create_unit, give_post, merge_units
from congvu.org.divisions import QUANG_NINH, Division, wards_of
from congvu.org.models import (
    DecisionKind,
    Delegation,
    Field,
    Mandate,
    Official,
    Position,
    Post,
    Unit,
)

DEMO_PASSWORD = "congvu@2025"
EMAIL_DOMAIN = "quangninh.gov.vn"
# Units of the new structure exist from the day it took effect; departments were reorganised on
# 1/3/2025 (Decree 45/2025) and the wards and communes on 1/7/2025 (Resolution 1679/NQ-UBTVQH15).
PROVINCE_SINCE = dt.date(2008, 1, 1)
DEPARTMENTS_SINCE = dt.date(2025, 3, 1)
COMMUNES_SINCE = dt.date(2025, 7, 1)
OLD_WARDS_SINCE = dt.date(2011, 1, 1)
# The day every unit, post and delegation built here is in force: the demo's task history starts
# no earlier, since the wards and communes it sends tasks to did not exist before (the district
# level and the old communes they replaced are not modelled; only Hồng Gai's old wards, as history
# of the tree without tasks).
IN_FORCE_SINCE = COMMUNES_SINCE

FIELDS: tuple[tuple[str, str], ...] = (
    ("DD", "Đất đai"),
    ("MT", "Tài nguyên và môi trường"),
    ("NN", "Nông nghiệp, thủy lợi và phòng chống thiên tai"),
    ("XD", "Xây dựng, quy hoạch và đô thị"),
    ("GT", "Giao thông vận tải"),
    ("DT", "Đầu tư công"),
    ("TC", "Tài chính, ngân sách"),
    ("CT", "Công nghiệp, thương mại"),
    ("YT", "Y tế"),
    ("GD", "Giáo dục và đào tạo"),
    ("VH", "Văn hóa, thể thao"),
    ("DL", "Du lịch"),
    ("KH", "Khoa học, công nghệ và chuyển đổi số"),
    ("NV", "Tổ chức bộ máy, công chức, công vụ"),
    ("XH", "Lao động, việc làm và an sinh xã hội"),
    ("TP", "Tư pháp"),
    ("DG", "Dân tộc, tôn giáo"),
    ("TT", "Thanh tra, tiếp công dân, khiếu nại, tố cáo"),
    ("HC", "Cải cách hành chính, thủ tục hành chính"),
)

# Department code, name, short name, fields of its mandate, divisions (code suffix, name, kind,
# fields), number of staff posted in the department itself.
DivisionSpec = tuple[str, str, str, tuple[str, ...]]
DIV = Unit.Kind.DIVISION
DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...], tuple[DivisionSpec, ...], int], ...] = (
    (
        "SXD",
        "Sở Xây dựng",
        "Sở Xây dựng",
        ("XD", "GT"),
        (
            ("QHKT", "Phòng Quy hoạch - Kiến trúc", DIV, ("XD",)),
            ("QLXD", "Phòng Quản lý hoạt động xây dựng", DIV, ("XD",)),
            ("QLGT", "Phòng Quản lý giao thông", DIV, ("GT",)),
            ("PTDT", "Phòng Phát triển đô thị và Hạ tầng kỹ thuật", DIV, ("XD",)),
        ),
        14,
    ),
    (
        "STC",
        "Sở Tài chính",
        "Sở Tài chính",
        ("TC", "DT"),
        (
            ("QLNS", "Phòng Quản lý ngân sách", DIV, ("TC",)),
            ("QLDT", "Phòng Quản lý đầu tư", DIV, ("DT",)),
            ("GCS", "Phòng Quản lý giá và công sản", DIV, ("TC",)),
            ("DKKD", "Phòng Đăng ký kinh doanh", DIV, ("CT",)),
        ),
        14,
    ),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "Sở NN&MT",
        ("DD", "MT", "NN"),
        (
            ("QLDD", "Phòng Quản lý đất đai", DIV, ("DD",)),
            ("CCTL", "Chi cục Thủy lợi", DIV, ("NN",)),
            ("CCMT", "Chi cục Bảo vệ môi trường", DIV, ("MT",)),
            ("CCKL", "Chi cục Kiểm lâm", DIV, ("NN",)),
        ),
        14,
    ),
    (
        "SNV",
        "Sở Nội vụ",
        "Sở Nội vụ",
        ("NV", "XH", "HC"),
        (
            ("TCBC", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ", DIV, ("NV",)),
            ("CCVC", "Phòng Công chức, viên chức", DIV, ("NV",)),
            ("LDVL", "Phòng Lao động - Việc làm", DIV, ("XH",)),
        ),
        10,
    ),
    (
        "STP",
        "Sở Tư pháp",
        "Sở Tư pháp",
        ("TP",),
        (
            ("XDKT", "Phòng Xây dựng, kiểm tra và theo dõi thi hành pháp luật", DIV, ("TP",)),
            ("HCTP", "Phòng Hành chính tư pháp", DIV, ("TP",)),
        ),
        8,
    ),
    (
        "SCT",
        "Sở Công Thương",
        "Sở Công Thương",
        ("CT",),
        (
            ("QLTM", "Phòng Quản lý thương mại", DIV, ("CT",)),
            ("QLCN", "Phòng Quản lý công nghiệp", DIV, ("CT",)),
            ("QLNL", "Phòng Quản lý năng lượng", DIV, ("CT",)),
        ),
        10,
    ),
    (
        "SYT",
        "Sở Y tế",
        "Sở Y tế",
        ("YT", "XH"),
        (
            ("NVY", "Phòng Nghiệp vụ y", DIV, ("YT",)),
            ("NVD", "Phòng Nghiệp vụ dược", DIV, ("YT",)),
            ("BTXH", "Phòng Bảo trợ xã hội", DIV, ("XH",)),
        ),
        10,
    ),
    (
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        "Sở GD&ĐT",
        ("GD",),
        (
            ("GDPT", "Phòng Giáo dục phổ thông", DIV, ("GD",)),
            ("GDMN", "Phòng Giáo dục mầm non", DIV, ("GD",)),
            ("QLCL", "Phòng Quản lý chất lượng", DIV, ("GD",)),
        ),
        10,
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở VHTTDL",
        ("VH", "DL"),
        (
            ("QLVH", "Phòng Quản lý văn hóa", DIV, ("VH",)),
            ("TDTT", "Phòng Quản lý thể dục thể thao", DIV, ("VH",)),
            ("QLDL", "Phòng Quản lý du lịch", DIV, ("DL",)),
        ),
        10,
    ),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "Sở KH&CN",
        ("KH",),
        (
            ("QLKH", "Phòng Quản lý khoa học", DIV, ("KH",)),
            ("CDS", "Phòng Chuyển đổi số", DIV, ("KH",)),
            ("BCVT", "Phòng Bưu chính, viễn thông", DIV, ("KH",)),
        ),
        8,
    ),
    (
        "SDTTG",
        "Sở Dân tộc và Tôn giáo",
        "Sở DT&TG",
        ("DG",),
        (
            ("CSDT", "Phòng Chính sách dân tộc", DIV, ("DG",)),
            ("QLTG", "Phòng Quản lý tôn giáo", DIV, ("DG",)),
        ),
        6,
    ),
)
INSPECTORATE_DIVISIONS = (
    "Phòng Thanh tra kinh tế - xã hội",
    "Phòng Tiếp công dân và xử lý đơn thư",
    "Phòng Phòng, chống tham nhũng",
)

# The wards, communes and special zones of Quảng Ninh whose People's Committees work in the demo
# (with their offices, divisions and staff), by their unit codes (`Division.unit_code`); names and
# official codes come from the administrative map (`congvu.org.divisions`), as do the other wards
# of the 54, which the demo lists with their codes but without staff.
ACTIVE_COMMUNES = (
    "P-HALONG",
    "P-HONGGAI",
    "P-BAICHAY",
    "P-CAOXANH",
    "P-HATU",
    "P-HALAM",
    "P-TUANCHAU",
    "P-VIETHUNG",
    "P-HOANHBO",
    "P-CAMPHA",
    "P-UONGBI",
    "P-DONGTRIEU",
    "X-QUANGLA",
    "X-THONGNHAT",
    "X-TIENYEN",
    "DK-VANDON",
    "DK-COTO",
)


def province_wards() -> dict[str, Division]:
    """Every ward, commune and special zone of the demo province, by unit code, in code order."""
    return {ward.unit_code: ward for ward in wards_of(QUANG_NINH)}


OLD_WARDS = (("P-BACHDANG-CU", "Bạch Đằng"), ("P-TRANHUNGDAO-CU", "Trần Hưng Đạo"))
COMMUNE_PC_FIELDS = ("DD", "MT", "NN", "XD", "GT", "DT", "CT", "YT", "GD", "VH", "XH", "HC", "DL")
ECONOMY_FIELDS = ("DD", "MT", "NN", "XD", "GT", "DT", "CT")
CULTURE_FIELDS = ("VH", "GD", "YT", "XH", "DL", "DG")

# Decision kinds delegated to a position (phân cấp, ủy quyền); the limit is in đồng.
# The kinds of decision the province delegates, by code (the code is what delegations, opinion
# requests and events store) and with the name an official reads.
# The fields whose tasks the provincial chairman supervises himself.
CHAIRS_OWN_FIELDS = ("NV", "TT")
DECISION_KINDS = (
    (
        "procurement_under_limit",
        "Phê duyệt kế hoạch lựa chọn nhà thầu gói thầu dưới hạn mức",
    ),
    ("approve_plan_under_limit", "Phê duyệt dự toán, phương án dưới hạn mức"),
    ("land_allocation_small", "Giao đất, cho thuê đất diện tích nhỏ lẻ"),
    ("construction_permit", "Cấp giấy phép xây dựng"),
    # tasks.access.TRANSFER_DECISION: a head lets a deputy hand tasks out of the unit.
    ("task_transfer", "Chuyển, trả lại nhiệm vụ ra ngoài đơn vị"),
)
DELEGATIONS: tuple[tuple[str, str, str, int | None, str], ...] = (
    ("STC", "Giám đốc Sở", "procurement_under_limit", 5_000_000_000, "Quyết định 1432/QĐ-UBND"),
    ("STC", "Giám đốc Sở", "approve_plan_under_limit", 15_000_000_000, "Quyết định 1432/QĐ-UBND"),
    ("SXD", "Giám đốc Sở", "approve_plan_under_limit", 15_000_000_000, "Quyết định 1433/QĐ-UBND"),
    ("SXD", "Giám đốc Sở", "construction_permit", None, "Quyết định 1433/QĐ-UBND"),
    ("SNNMT", "Giám đốc Sở", "land_allocation_small", None, "Quyết định 1434/QĐ-UBND"),
    ("SNNMT", "Giám đốc Sở", "procurement_under_limit", 3_000_000_000, "Quyết định 1434/QĐ-UBND"),
    ("SYT", "Giám đốc Sở", "procurement_under_limit", 3_000_000_000, "Quyết định 1435/QĐ-UBND"),
    ("BQLDA", "Giám đốc Ban", "procurement_under_limit", 10_000_000_000, "Quyết định 2110/QĐ-UBND"),
)
COMMUNE_DELEGATIONS = (
    ("Chủ tịch UBND cấp xã", "land_allocation_small", None),
    ("Chủ tịch UBND cấp xã", "approve_plan_under_limit", 3_000_000_000),
)

RANKS_CIVIL = ("Chuyên viên", "Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Cán sự")
RANKS_PUBLIC = ("Kỹ sư", "Kỹ sư chính", "Viên chức hạng III", "Viên chức hạng II")
QUALIFICATIONS = (
    "Cử nhân Luật",
    "Cử nhân Kinh tế",
    "Kỹ sư Xây dựng",
    "Thạc sĩ Quản lý công",
    "Cử nhân Quản lý đất đai",
    "Thạc sĩ Kinh tế",
    "Kỹ sư Môi trường",
    "Cử nhân Hành chính",
    "Cử nhân Tài chính - Ngân hàng",
    "Thạc sĩ Quản lý kinh tế",
    "Bác sĩ đa khoa",
    "Cử nhân Sư phạm",
    "Kỹ sư Công nghệ thông tin",
)


@dataclass
class Staff:
    """Who acts for a unit on tasks: the head who accepts and hands them out, and the officials
    with a post in the unit who can hold them."""

    unit: Unit
    head: Official
    members: list[Official] = field(default_factory=list)
    deputies: list[Official] = field(default_factory=list)


@dataclass
class Merger:
    """Units closed on `on` and taken over by `into` (codes)."""

    old: tuple[str, ...]
    into: str
    on: dt.date


@dataclass
class Org:
    """The demo organisation, by unit code, as the task generator needs it."""

    units: dict[str, Unit]
    staff: dict[str, Staff]
    fields: dict[str, Field]
    mandates: dict[str, frozenset[str]]
    province_pc: Unit
    province_office: Unit
    chair: Official
    vice_chairs: dict[str, Official]  # field code → the vice-chair (or the chair) in charge of it
    clerks: dict[str, list[Official]]  # office code → officials who assign tasks
    departments: list[str]
    divisions: list[str]
    communes: list[str]
    commune_children: dict[str, dict[str, str]]  # commune code → role → unit code
    pending_mergers: list[Merger]
    officials: list[Official]
    logins: dict[str, Official]


class _Builder:
    """Creates units and officials through `congvu.org.actions`, with unique logins and codes."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today
        self.positions: dict[str, Position] = {}
        self.usernames: set[str] = set()
        self.officials: list[Official] = []
        self.serial = 0

    def position(self, name: str, manager: bool) -> Position:
        if name not in self.positions:
            self.positions[name] = Position.objects.create(name=name, is_manager=manager)
        return self.positions[name]

    def unit(
        self,
        code: str,
        name: str,
        kind: str,
        parent: Unit | None,
        *,
        short: str = "",
        assigns: bool = False,
        since: dt.date = DEPARTMENTS_SINCE,
        admin_code: str = "",
    ) -> Unit:
        return create_unit(
            admin_code=admin_code,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            short_name=short,
            assigns_tasks=assigns,
            valid_from=since,
        )

    def official(
        self,
        unit: Unit,
        position: str,
        *,
        role: str = Post.Role.MEMBER,
        category: str = Official.Category.CIVIL_SERVANT,
        rank: str = "",
        fields: tuple[Field, ...] = (),
        username: str = "",
        since: dt.date = COMMUNES_SINCE,
        inspector: bool = False,
    ) -> Official:
        full_name, _female = random_name(self.rng)
        login = username or self._login(full_name)
        self.serial += 1
        start_year = self.rng.randint(1995, 2023)
        official = create_official(
            code=f"QN{self.serial:05d}",
            full_name=full_name,
            username=login,
            password=None,  # one shared hash is set in bulk at the end: PBKDF2 per user is slow
            category=category,
            rank=rank or self.rng.choice(RANKS_CIVIL),
            fields=fields,
            qualifications=self.rng.choice(QUALIFICATIONS),
            start_date=dt.date(start_year, self.rng.randint(1, 12), 1),
            is_inspector=inspector,
            email=f"{login}@{EMAIL_DOMAIN}",
        )
        manager = role != Post.Role.MEMBER or position.startswith(("Phó", "Chủ", "Chánh"))
        give_post(
            official,
            unit=unit,
            position=self.position(position, manager),
            role=role,
            start=min(since, self.today),
        )
        self.officials.append(official)
        return official

    def _login(self, full_name: str) -> str:
        base = username_for(full_name)
        login, n = base, 1
        while login in self.usernames or login in RESERVED_LOGINS:
            n += 1
            login = f"{base}{n}"
        self.usernames.add(login)
        return login


# The demo's logins given to officials the organisation build creates anyway: renaming them keeps
# the random sequence, and with it the whole demo, unchanged.
RECEPTION_LOGIN = "tiepnhan"
INVESTMENT_LOGIN = "dautu"


def _rename(official: Official, login: str) -> Official:
    """Give an official built with a generated login one of the demo's named logins."""
    official.user.username = login
    official.user.save(update_fields=["username"])
    return official


RESERVED_LOGINS = {
    "admin",
    RECEPTION_LOGIN,
    INVESTMENT_LOGIN,
    "chutich",
    "vanphong",
    "giamdoc.xd",
    "chuyenvien.xd",
    "thanhtra",
    "chutich.halong",
    "noivu",
}


def build_org(rng: random.Random, *, today: dt.date, board_merge_on: dt.date) -> Org:
    """Create the whole organisation; the board merger waits for the task replay.

    Positions, fields, mandates and delegations are reference data without actions of their own, so
    they are created directly; units, officials and posts go through `congvu.org.actions`.
    """
    b = _Builder(rng, today)
    fields = {code: Field.objects.create(code=code, name=name) for code, name in FIELDS}
    DecisionKind.objects.bulk_create(
        DecisionKind(code=code, name=name) for code, name in DECISION_KINDS
    )
    units: dict[str, Unit] = {}
    staff: dict[str, Staff] = {}
    mandates: dict[str, frozenset[str]] = {}
    logins: dict[str, Official] = {}

    def fieldset(codes: tuple[str, ...]) -> tuple[Field, ...]:
        return tuple(fields[c] for c in codes)

    def add_mandates(code: str, codes: tuple[str, ...], basis: str) -> None:
        mandates[code] = frozenset(codes)
        Mandate.objects.bulk_create(
            Mandate(
                unit=units[code],
                field=fields[c],
                description=f"Tham mưu, quản lý nhà nước về {fields[c].name.lower()}",
                legal_basis=basis,
            )
            for c in codes
        )

    def team(
        code: str,
        head_position: str,
        members: int,
        *,
        deputy_position: str = "",
        deputies: int = 0,
        member_position: str = "Chuyên viên",
        category: str = Official.Category.CIVIL_SERVANT,
        codes: tuple[str, ...] = (),
        head_login: str = "",
        role: str = Post.Role.HEAD,
        deputy_role: str = Post.Role.MEMBER,
        since: dt.date = COMMUNES_SINCE,
        inspector: bool = False,
    ) -> Staff:
        unit = units[code]
        head = b.official(
            unit,
            head_position,
            role=role,
            rank="Chuyên viên chính",
            fields=fieldset(codes),
            username=head_login,
            since=since,
            inspector=inspector,
            category=category,
        )
        crew = Staff(unit=unit, head=head)
        for _ in range(deputies):
            crew.deputies.append(
                b.official(
                    unit,
                    deputy_position,
                    role=deputy_role,
                    rank="Chuyên viên chính",
                    fields=fieldset(codes),
                    since=since,
                    inspector=inspector,
                    category=category,
                )
            )
        public = category == Official.Category.PUBLIC_EMPLOYEE
        for _ in range(members):
            crew.members.append(
                b.official(
                    unit,
                    member_position,
                    fields=fieldset(codes),
                    since=since,
                    inspector=inspector,
                    category=category,
                    rank=rng.choice(RANKS_PUBLIC) if public else "",
                )
            )
        staff[code] = crew
        return crew

    # UBND tỉnh, its leaders and its office.
    pc = b.unit(
        "UBND-TINH",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        Unit.Kind.PROVINCE_PC,
        None,
        short="UBND tỉnh",
        since=PROVINCE_SINCE,
    )
    units[pc.code] = pc
    cadre = Official.Category.CADRE
    chair = b.official(
        pc,
        "Chủ tịch UBND tỉnh",
        role=Post.Role.LEADER,
        category=cadre,
        rank="Chuyên viên cao cấp",
        username="chutich",
        since=DEPARTMENTS_SINCE,
    )
    logins["chutich"] = chair
    portfolios = (
        ("DD", "MT", "NN", "DG"),
        ("XD", "GT", "DT"),
        ("TC", "CT", "KH", "DL"),
        ("YT", "GD", "VH", "XH"),
        ("NV", "TP", "TT", "HC"),
    )
    vice_chairs: dict[str, Official] = {}
    vices: list[Official] = []
    for portfolio in portfolios:
        vice = b.official(
            pc,
            "Phó Chủ tịch UBND tỉnh",
            role=Post.Role.LEADER,
            category=cadre,
            rank="Chuyên viên cao cấp",
            fields=fieldset(portfolio),
            since=DEPARTMENTS_SINCE,
        )
        vices.append(vice)
        for code in portfolio:
            # The chairman directs home affairs and inspection himself, so his own "Việc của
            # tôi" holds directives of his (the other fields go to a vice-chair).
            vice_chairs[code] = chair if code in CHAIRS_OWN_FIELDS else vice
    staff[pc.code] = Staff(unit=pc, head=chair, deputies=vices)

    office = b.unit(
        "VP-UBND",
        "Văn phòng Ủy ban nhân dân tỉnh",
        Unit.Kind.OFFICE,
        pc,
        short="Văn phòng UBND tỉnh",
        assigns=True,
    )
    units[office.code] = office
    office_staff = team(
        office.code,
        "Chánh Văn phòng",
        12,
        deputy_position="Phó Chánh Văn phòng",
        deputies=3,
        codes=("HC",),
        since=DEPARTMENTS_SINCE,
    )
    # The first clerk is the demo's "office" login; rename it rather than reserve a random name.
    clerk = office_staff.members[0]
    clerk.user.username = "vanphong"
    clerk.user.save(update_fields=["username"])
    logins["vanphong"] = clerk
    add_mandates(office.code, ("HC",), "Nghị định 150/2025/NĐ-CP")
    centre = b.unit(
        "TTPVHCC",
        "Trung tâm Phục vụ hành chính công tỉnh",
        Unit.Kind.CENTRE,
        office,
        short="TT PVHCC tỉnh",
    )
    units[centre.code] = centre
    centre_staff = team(
        centre.code,
        "Giám đốc Trung tâm",
        6,
        deputy_position="Phó Giám đốc Trung tâm",
        deputies=1,
        member_position="Viên chức",
        category=Official.Category.PUBLIC_EMPLOYEE,
        codes=("HC",),
        since=DEPARTMENTS_SINCE,
    )
    add_mandates(centre.code, ("HC",), "Nghị định 118/2025/NĐ-CP")
    # The first officer at the centre's counter is the demo's reception login.
    logins[RECEPTION_LOGIN] = _rename(centre_staff.members[0], RECEPTION_LOGIN)

    departments: list[str] = []
    divisions: list[str] = []
    for code, name, short, dept_fields, divs, size in DEPARTMENTS:
        unit = b.unit(code, name, Unit.Kind.DEPARTMENT, pc, short=short)
        units[code] = unit
        departments.append(code)
        crew = team(
            code,
            "Giám đốc Sở",
            size,
            deputy_position="Phó Giám đốc Sở",
            deputies=rng.randint(2, 3),
            codes=dept_fields,
            head_login="giamdoc.xd" if code == "SXD" else "",
            since=DEPARTMENTS_SINCE,
        )
        add_mandates(code, dept_fields, f"Quyết định quy định chức năng, nhiệm vụ của {name}")
        for index, (suffix, div_name, kind, div_fields) in enumerate(divs):
            div_code = f"{code}-{suffix}"
            units[div_code] = b.unit(div_code, div_name, kind, unit)
            divisions.append(div_code)
            chief = "Chi cục trưởng" if div_name.startswith("Chi cục") else "Trưởng phòng"
            team(
                div_code,
                chief,
                rng.randint(3, 5),
                deputy_position=f"Phó {chief[0].lower()}{chief[1:]}",
                deputies=1,
                codes=div_fields,
                since=DEPARTMENTS_SINCE,
            )
            add_mandates(div_code, div_fields, f"Quyết định của Giám đốc {name}")
            if index == 0 and crew.deputies:
                # Kiêm nhiệm: a deputy director also heads the first division.
                give_post(
                    crew.deputies[0],
                    unit=units[div_code],
                    position=b.position("Phó Giám đốc Sở kiêm Trưởng phòng", True),
                    role=Post.Role.MEMBER,
                    is_primary=False,
                    start=min(DEPARTMENTS_SINCE, today),
                )
        if code == "SXD":
            member = crew.members[0]
            member.user.username = "chuyenvien.xd"
            member.user.save(update_fields=["username"])
            logins["chuyenvien.xd"] = member
            logins["giamdoc.xd"] = crew.head

    inspectorate = b.unit(
        "TTRA", "Thanh tra tỉnh", Unit.Kind.INSPECTORATE, pc, short="Thanh tra tỉnh"
    )
    units[inspectorate.code] = inspectorate
    inspectors = team(
        inspectorate.code,
        "Chánh Thanh tra tỉnh",
        8,
        deputy_position="Phó Chánh Thanh tra tỉnh",
        deputies=2,
        member_position="Thanh tra viên",
        codes=("TT",),
        since=DEPARTMENTS_SINCE,
        inspector=True,
    )
    inspectors.members[0].user.username = "thanhtra"
    inspectors.members[0].user.save(update_fields=["username"])
    logins["thanhtra"] = inspectors.members[0]
    add_mandates(inspectorate.code, ("TT",), "Luật Thanh tra 2025")
    for index, div_name in enumerate(INSPECTORATE_DIVISIONS, 1):
        div_code = f"TTRA-P{index}"
        units[div_code] = b.unit(div_code, div_name, Unit.Kind.DIVISION, inspectorate)
        team(
            div_code,
            "Trưởng phòng",
            2,
            member_position="Thanh tra viên",
            codes=("TT",),
            since=DEPARTMENTS_SINCE,
            inspector=True,
        )

    # The project management boards: two old ones that hold tasks until they are merged.
    board_fields = ("DT", "XD", "GT")
    old_boards = (
        (
            "BQLDA-DD",
            "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh",
        ),
        ("BQLDA-GT", "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"),
    )
    board_start = min(DEPARTMENTS_SINCE, today)
    for code, name in old_boards:
        units[code] = b.unit(code, name, Unit.Kind.PUBLIC_SERVICE, pc, since=board_start)
        team(
            code,
            "Giám đốc Ban",
            6,
            deputy_position="Phó Giám đốc Ban",
            deputies=1,
            member_position="Viên chức",
            category=Official.Category.PUBLIC_EMPLOYEE,
            codes=board_fields,
            since=board_start,
        )
        add_mandates(code, board_fields, "Quyết định thành lập Ban")
    units["BQLDA"] = b.unit(
        "BQLDA",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh Quảng Ninh",
        Unit.Kind.PUBLIC_SERVICE,
        pc,
        short="Ban QLDA tỉnh",
        since=board_merge_on,
    )
    board = team(
        "BQLDA",
        "Giám đốc Ban",
        4,
        member_position="Viên chức",
        category=Official.Category.PUBLIC_EMPLOYEE,
        codes=board_fields,
        since=min(board_merge_on, today),
    )
    add_mandates("BQLDA", board_fields, "Quyết định hợp nhất các Ban Quản lý dự án")
    # A member of the board, the investor of the province's projects, is the investment login.
    logins[INVESTMENT_LOGIN] = _rename(board.members[0], INVESTMENT_LOGIN)

    # Wards, communes and special zones, each with its office and three units.
    communes: list[str] = []
    children: dict[str, dict[str, str]] = {}
    wards = province_wards()
    for code in ACTIVE_COMMUNES:
        ward = wards[code]
        kind_word, place = ward.kind, ward.place
        commune = b.unit(
            code,
            f"Ủy ban nhân dân {kind_word} {place}",
            Unit.Kind.COMMUNE_PC,
            pc,
            short=f"UBND {kind_word} {place}",
            since=COMMUNES_SINCE,
            admin_code=ward.code,
        )
        units[code] = commune
        communes.append(code)
        add_mandates(code, COMMUNE_PC_FIELDS, "Nghị định 150/2025/NĐ-CP")
        leaders = team(
            code,
            "Chủ tịch UBND cấp xã",
            0,
            deputy_position="Phó Chủ tịch UBND cấp xã",
            deputies=2,
            category=cadre,
            role=Post.Role.LEADER,
            # The vice-chairs are leaders too: they supervise and hold the tasks the province sends.
            deputy_role=Post.Role.LEADER,
            head_login="chutich.halong" if code == "P-HALONG" else "",
        )
        leaders.members = list(leaders.deputies)
        if code == "P-HALONG":
            logins["chutich.halong"] = leaders.head
        economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if kind_word == "phường" else "Phòng Kinh tế"
        parts = (
            ("office", "VP", "Văn phòng HĐND và UBND", Unit.Kind.OFFICE, ("HC", "NV"), 3),
            ("economy", "KT", economy, Unit.Kind.DIVISION, ECONOMY_FIELDS, rng.randint(4, 6)),
            ("culture", "VHXH", "Phòng Văn hóa - Xã hội", Unit.Kind.DIVISION, CULTURE_FIELDS, 4),
            ("centre", "TT", "Trung tâm Phục vụ hành chính công", Unit.Kind.CENTRE, ("HC",), 2),
        )
        children[code] = {}
        for role_key, suffix, part_name, kind, part_fields, size in parts:
            part_code = f"{code}-{suffix}"
            units[part_code] = b.unit(
                part_code,
                part_name,
                kind,
                commune,
                short=f"{part_name} {kind_word} {place}",
                assigns=role_key == "office",
                since=COMMUNES_SINCE,
            )
            children[code][role_key] = part_code
            head_title = {
                "office": "Chánh Văn phòng",
                "centre": "Giám đốc Trung tâm",
            }.get(role_key, "Trưởng phòng")
            team(
                part_code,
                head_title,
                size,
                deputy_position="Phó Trưởng phòng" if role_key in ("economy", "culture") else "",
                deputies=1 if role_key in ("economy", "culture") else 0,
                codes=part_fields,
            )
            add_mandates(part_code, part_fields, "Nghị định 150/2025/NĐ-CP")
        for position_name, kind_name, limit in COMMUNE_DELEGATIONS:
            Delegation.objects.create(
                unit=commune,
                position=b.position(position_name, True),
                decision_kind=kind_name,
                limit_vnd=limit,
                legal_basis="Nghị định 151/2025/NĐ-CP",
                valid_from=COMMUNES_SINCE,
            )

    # The old wards of Hồng Gai, merged on 1/7/2025 before the demo year: history of the tree only.
    old_ward_units = [
        b.unit(
            code,
            f"Ủy ban nhân dân phường {place} (cũ)",
            Unit.Kind.COMMUNE_PC,
            pc,
            short=f"UBND phường {place} (cũ)",
            since=OLD_WARDS_SINCE,
        )
        for code, place in OLD_WARDS
    ]
    for unit in old_ward_units:
        units[unit.code] = unit
    merge_units(old_ward_units, into=units["P-HONGGAI"], on=COMMUNES_SINCE)

    for unit_code, position_name, kind_name, limit, basis in DELEGATIONS:
        Delegation.objects.create(
            unit=units[unit_code],
            position=b.position(position_name, True),
            decision_kind=kind_name,
            limit_vnd=limit,
            legal_basis=basis,
            # Not before the unit exists: the merged board's director is delegated from its start.
            valid_from=units[unit_code].valid_from,
        )

    # The other People's Committees of the province's 54 wards, communes and special zones: listed
    # with their codes, without staff (created last, so that the units above keep their ids).
    for code, ward in wards.items():
        if code not in units:
            units[code] = b.unit(
                code,
                f"Ủy ban nhân dân {ward.kind} {ward.place}",
                Unit.Kind.COMMUNE_PC,
                pc,
                short=f"UBND {ward.kind} {ward.place}",
                since=COMMUNES_SINCE,
                admin_code=ward.code,
            )

    # One password hash for every demo login: hashing hundreds of passwords would take minutes.
    hashed = make_password(DEMO_PASSWORD)
    get_user_model().objects.filter(official__in=b.officials).update(password=hashed)
    admin = get_user_model().objects.create_superuser(
        "admin", email=f"admin@{EMAIL_DOMAIN}", password=None
    )
    admin.password = hashed
    admin.save(update_fields=["password"])

    clerks = {office.code: office_staff.members[:8]}
    for code in communes:
        clerks[children[code]["office"]] = staff[children[code]["office"]].members
    return Org(
        units=units,
        staff=staff,
        fields=fields,
        mandates=mandates,
        province_pc=pc,
        province_office=office,
        chair=chair,
        vice_chairs=vice_chairs,
        clerks=clerks,
        departments=departments,
        divisions=divisions,
        communes=communes,
        commune_children=children,
        pending_mergers=[
            Merger(old=tuple(code for code, _name in old_boards), into="BQLDA", on=board_merge_on)
        ],
        officials=b.officials,
        logins=logins,
    )


def apply_merger(org: Org, merger: Merger, rng: random.Random) -> None:
    """Merge the old units into their successor and give their officials posts there.

    The old units hold no open task by then (the replay gives them only tasks whose whole life
    fits before the merger, as events name units that must exist on their day). Their old posts
    stay: the task actions check an official's posts as of the day they run, not the event's day,
    so ending them would refuse the replay of the old units' earlier events.
    """
    into = org.units[merger.into]
    old_units = [org.units[code] for code in merger.old]
    merge_units(old_units, into=into, on=merger.on)
    crew = org.staff[merger.into]
    for code in merger.old:
        for official in [org.staff[code].head, *org.staff[code].deputies, *org.staff[code].members]:
            position = Position.objects.get_or_create(name="Viên chức")[0]
            give_post(official, unit=into, position=position, start=merger.on)
            crew.members.append(official)
    for unit in old_units:
        unit.refresh_from_db()
