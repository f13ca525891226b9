"""The Vietnamese text of the analysis report, in one place.

The analytics core has no Django, so no gettext here yet. When the report moves into the app, each
constant becomes a message id (the English in the comment) translated in ``locale/vi``; until then
this module is the catalogue, and nothing else in the core holds user-facing words.
"""

from __future__ import annotations

from congvu.analytics import kinds

TITLE = "Báo cáo phân tích nhật ký công việc"  # Event-log analysis report
SUMMARY = "Tóm tắt"  # Summary
SOURCE = "Tệp nhật ký"  # Log file
EVENTS = "Số sự kiện"  # Events
CASES = "Số hồ sơ, nhiệm vụ"  # Cases
UNITS = "Số đơn vị"  # Units
HANDOVERS = "Số lần chuyển giao giữa các đơn vị"  # Hand-overs between units
FINDINGS = "Dấu hiệu phát hiện"  # Findings
KIND = "Loại dấu hiệu"  # Kind
COUNT = "Số lượng"  # Count
UNIT = "Đơn vị"  # Unit
FROM_UNIT = "Đơn vị chuyển"  # From unit
TO_UNIT = "Đơn vị nhận"  # To unit
BACK_TO = "Trả về đơn vị"  # Back to
NETWORK = "Mạng chuyển giao giữa các đơn vị"  # Hand-over network
NETWORK_NOTE = "Các cặp chuyển giao nhiều nhất; độ dày mũi tên theo số lần."
PING_PONG_PAIRS = "Các cặp đơn vị chuyển qua lại nhiều nhất"  # Top ping-pong pairs
STALL_BY_UNIT = "Hồ sơ bị để lâu không xử lý, theo đơn vị"  # Stalls per unit
OVERDUE_BY_UNIT = "Hồ sơ quá hạn, theo đơn vị"  # Overdue per unit
PLACEHOLDERS = "Đơn vị có tên giống giá trị giữ chỗ hoặc tài khoản hệ thống"
PLACEHOLDERS_NOTE = (
    "Nên xem xét loại bỏ bằng tùy chọn --ignore-unit nếu đây không phải đơn vị thật."
)
IGNORED = "Đơn vị đã loại bỏ"  # Ignored units
NONE = "Không có"  # None
DEFINITIONS = "Định nghĩa"  # Definitions
FAIRNESS = (
    "Mỗi dấu hiệu là một câu hỏi để đơn vị giải trình, không phải kết luận hay căn cứ xử lý "
    "tự động. Số liệu đã chuẩn hóa theo khối lượng công việc trong tệp chỉ số (metrics.csv)."
)

# The kinds' names and definitions are those of the registry (`kinds.py`), the one list of kinds.
KIND_NAMES = kinds.KIND_NAMES
KIND_DEFINITIONS = kinds.KIND_DEFINITIONS

HANDOVER_DEFINITION = (
    "Chuyển giao: với nhật ký có sự kiện chuyển, trả lại (transfer, return) thì chính các sự "
    "kiện đó; với nhật ký khác, các sự kiện liên tiếp của cùng đơn vị trong một hồ sơ được gộp "
    "thành một lượt, và mỗi lần đổi đơn vị giữa hai lượt là một lần chuyển giao."
)
