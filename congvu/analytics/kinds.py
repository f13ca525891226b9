"""The one registry of finding kinds (loại dấu hiệu): what each detector is called, which case types
it runs on, what it means, and the typed detail its findings carry.

The analytics core reads it to know which detectors apply to a log of tasks, dossiers or projects;
the report prints its Vietnamese names and definitions; the app stores each finding's detail
checked against the kind's schema (`validate_detail`) and renders it with the template of the
kind's evidence shape. Nothing else lists the kinds. No Django here: the words are plain
Vietnamese constants, as in ``messages_vi``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

CaseType = Literal["task", "dossier", "project"]
# The logs every detector can read: tasks (nhiệm vụ), citizens' dossiers (hồ sơ thủ tục hành
# chính) and the stages of public investment projects (giai đoạn dự án đầu tư công).
CASE_TYPES: tuple[CaseType, ...] = ("task", "dossier", "project")
DEFAULT_CASE_TYPE: CaseType = "task"

# The share of the allotted time a holder's silence must exceed to be a stall, per case type. A
# project stage records only its start, hand-overs and completion, so its silence is the stage's
# whole length: it stalls when it runs half again as long as planned, not at half of the plan.
STALL_SHARE: dict[str, float] = {"task": 0.5, "dossier": 0.5, "project": 1.5}

# How a finding's evidence is shown: a chain of hand-overs, a silence between two events, a
# deadline missed, or a list of events of one activity.
Shape = Literal["handovers", "silence", "deadline", "events"]

# The JSON types a detail field may hold (None: the field may be null).
FieldType = type[str] | type[int] | type[bool] | type[list[Any]] | None


@dataclass(frozen=True)
class Kind:
    """One kind of finding, as every layer sees it."""

    code: str
    case_types: tuple[CaseType, ...]
    shape: Shape
    # The detail's fields and their JSON types (a tuple: any of them).
    detail: Mapping[str, tuple[FieldType, ...]]
    name: str  # Vietnamese, shown on pages and in the report
    definition: str  # Vietnamese: what the pattern is, in neutral words


ALL: tuple[CaseType, ...] = CASE_TYPES
TEXT = (str,)
NUMBER = (int,)
FLAG = (bool,)

REGISTRY: tuple[Kind, ...] = (
    Kind(
        "ping_pong",
        ALL,
        "handovers",
        {"level": TEXT, "from": TEXT, "back_to": TEXT, "cycle": NUMBER},
        "Chuyển trở lại nơi đã giữ",
        "Nhiệm vụ, hồ sơ hoặc giai đoạn dự án được chuyển trở lại đơn vị (hoặc cán bộ) đã từng giữ "
        "nó: A → B → A, hoặc vòng dài hơn A → B → C → A.",
    ),
    Kind(
        "transfer_chain",
        ("task",),
        "handovers",
        {"path": (list,), "handovers": NUMBER, "days_lost": NUMBER},
        "Chuyển qua nhiều đơn vị",
        "Nhiệm vụ được chuyển hoặc trả lại từ ba lần trở lên trước khi có đơn vị nhận xử lý.",
    ),
    Kind(
        "refusal",
        ("task",),
        "events",
        {"activity": TEXT, "reason": (str, None), "unjustified": FLAG},
        "Trả lại, từ chối",
        "Đơn vị trả lại nhiệm vụ hoặc từ chối phần phối hợp; lý do “không thuộc chức năng” được "
        "đặt câu hỏi khi lĩnh vực của nhiệm vụ thuộc chức năng, nhiệm vụ của đơn vị.",
    ),
    Kind(
        "escalation",
        ("task",),
        "events",
        {"decision_kind": TEXT},
        "Xin ý kiến việc đã được phân cấp",
        "Cán bộ xin ý kiến cấp trên về loại việc đã được phân cấp, ủy quyền cho chính mình "
        "quyết định.",
    ),
    Kind(
        "stall",
        ALL,
        "silence",
        {"silence_days": NUMBER, "allotted_days": NUMBER, "is_open": FLAG},
        "Lâu không có hoạt động",
        "Đơn vị đang giữ nhiệm vụ, hồ sơ không ghi nhận hoạt động nào trong hơn một nửa thời gian "
        "được giao (tính bằng ngày làm việc); giai đoạn dự án kéo dài quá một lần rưỡi thời gian "
        "kế hoạch mà không ghi nhận bước nào.",
    ),
    Kind(
        "last_minute",
        ("task",),
        "events",
        {"pattern": TEXT},
        "Tiến độ ghi nhận sát hạn hoặc sau nhắc việc",
        "Mọi tiến độ ghi nhận nằm trong một phần mười cuối của thời gian được giao (tính bằng ngày "
        "làm việc), hoặc hoạt động đầu tiên của đơn vị ghi nhận sau khi có nhắc việc.",
    ),
    Kind(
        "extension_chain",
        ("task",),
        "events",
        {"extensions": NUMBER, "days_added": NUMBER},
        "Gia hạn nhiều lần",
        "Thời hạn được gia hạn từ hai lần trở lên; số ngày gia hạn tính theo ngày làm việc.",
    ),
    Kind(
        "late_extension",
        ("task",),
        "deadline",
        {
            "lapsed_due": TEXT,
            "new_due": TEXT,
            "after_completion": FLAG,
            "days_after": NUMBER,
        },
        "Gia hạn sau thời hạn",
        "Việc gia hạn được chấp thuận khi thời hạn đang có hiệu lực đã qua, hoặc khi nhiệm vụ đã "
        "hoàn thành. Việc gia hạn này không làm thay đổi kết quả đúng hạn hay quá hạn: nhiệm vụ "
        "vẫn được tính theo thời hạn đã qua.",
    ),
    Kind(
        "slow_coordination",
        ("task",),
        "deadline",
        {"answered": FLAG, "days_late": NUMBER},
        "Trả lời phối hợp sau hạn",
        "Đơn vị phối hợp trả lời đề nghị cho ý kiến sau hạn trả lời (số ngày làm việc chậm), "
        "hoặc chưa có trả lời khi đã qua hạn.",
    ),
    Kind(
        "overdue",
        ("task",),
        "deadline",
        {"open": FLAG, "days_overdue": NUMBER},
        "Quá hạn",
        "Nhiệm vụ hoàn thành sau thời hạn đang có hiệu lực, hoặc đã quá hạn mà chưa hoàn thành; "
        "gia hạn chấp thuận sau khi thời hạn đã qua không xóa việc quá hạn. Số ngày quá hạn tính "
        "theo ngày làm việc.",
    ),
    Kind(
        "rework",
        ("task",),
        "events",
        {"round": NUMBER},
        "Phải làm lại",
        "Kết quả đã báo cáo bị người duyệt trả lại để làm lại.",
    ),
    Kind(
        "repeated_request",
        ("dossier",),
        "events",
        {"activity": TEXT, "requests": NUMBER},
        "Yêu cầu bổ sung nhiều lần",
        "Người nộp hồ sơ được yêu cầu bổ sung, hoàn thiện hồ sơ từ 2 lần trở lên; quy định chỉ "
        "cho yêu cầu một lần, nêu đầy đủ mọi nội dung cần bổ sung.",
    ),
)

BY_CODE: dict[str, Kind] = {kind.code: kind for kind in REGISTRY}
KINDS: tuple[str, ...] = tuple(BY_CODE)
KIND_NAMES: dict[str, str] = {kind.code: kind.name for kind in REGISTRY}
KIND_DEFINITIONS: dict[str, str] = {kind.code: kind.definition for kind in REGISTRY}


def kinds_for(case_type: str) -> tuple[str, ...]:
    """The kinds whose detectors run on cases of ``case_type``, in the registry's order."""
    return tuple(kind.code for kind in REGISTRY if case_type in kind.case_types)


def applies(kind: str, case_type: str) -> bool:
    return kind in BY_CODE and case_type in BY_CODE[kind].case_types


class DetailError(ValueError):
    """A finding's detail that does not match its kind's schema."""


def _matches(value: object, types: tuple[FieldType, ...]) -> bool:
    for expected in types:
        if expected is None:
            if value is None:
                return True
        elif expected is int:
            # JSON has one number type; a bool is not a number here.
            if isinstance(value, int) and not isinstance(value, bool):
                return True
        elif expected is list:
            if isinstance(value, list) and all(isinstance(item, str) for item in value):
                return True
        elif isinstance(value, expected):
            return True
    return False


def validate_detail(kind: str, detail: Mapping[str, Any]) -> dict[str, Any]:
    """The detail as a plain dict when it has exactly the fields of the kind's schema, each of its
    type; raises DetailError naming every problem otherwise."""
    if kind not in BY_CODE:
        raise DetailError(f"unknown kind {kind!r}")
    schema = BY_CODE[kind].detail
    problems = [f"missing {name!r}" for name in schema if name not in detail]
    problems += [f"unexpected {name!r}" for name in detail if name not in schema]
    problems += [
        f"{name!r} is {detail[name]!r}"
        for name, types in schema.items()
        if name in detail and not _matches(detail[name], types)
    ]
    if problems:
        raise DetailError(f"{kind}: " + "; ".join(problems))
    return dict(detail)
