"""What the demo's tasks say: titles per field, directive documents, notes and answers.

This is content (Vietnamese data), not interface text, so it does not go through gettext.
"""

from __future__ import annotations

import random

PLACES = (
    "phường Hạ Long", "phường Hồng Gai", "phường Bãi Cháy", "phường Cao Xanh", "phường Hà Tu",
    "phường Hà Lầm", "phường Tuần Châu", "phường Việt Hưng", "phường Hoành Bồ", "phường Cẩm Phả",
    "phường Uông Bí", "phường Đông Triều", "xã Quảng La", "xã Thống Nhất", "xã Tiên Yên",
    "đặc khu Vân Đồn", "đặc khu Cô Tô",
)  # fmt: skip
PROJECTS = (
    "đường bao biển nối Hạ Long - Cẩm Phả",
    "cầu Cửa Lục 3",
    "Khu đô thị Cao Xanh - Hà Khánh",
    "Khu công nghiệp Việt Hưng",
    "tuyến đường nối cao tốc Hạ Long - Vân Đồn với Quốc lộ 4B",
    "Trung tâm Hội nghị tỉnh",
    "Bệnh viện Sản Nhi tỉnh (cơ sở 2)",
    "kè chống sạt lở bờ sông Trới",
    "đường trục chính Khu kinh tế Vân Đồn",
    "Trường THPT chuyên Hạ Long (giai đoạn 2)",
    "hồ chứa nước Cao Vân",
    "bãi rác Đèo Sen",
)
TOPICS = {
    "DD": (
        "Giải quyết kiến nghị về giao đất, cho thuê đất tại {place}",
        "Rà soát, cấp giấy chứng nhận quyền sử dụng đất lần đầu tại {place}",
        "Xử lý vi phạm về sử dụng đất tại {place}",
        "Hoàn thiện hồ sơ thu hồi đất, bồi thường, hỗ trợ tái định cư dự án {project}",
        "Xác định giá đất cụ thể làm căn cứ bồi thường dự án {project}",
        "Kiểm tra việc sử dụng đất công tại {place}",
    ),
    "MT": (
        "Kiểm tra công tác bảo vệ môi trường tại các cơ sở sản xuất trên địa bàn {place}",
        "Xử lý phản ánh ô nhiễm nước thải tại {place}",
        "Thẩm định báo cáo đánh giá tác động môi trường dự án {project}",
        "Triển khai phân loại chất thải rắn sinh hoạt tại nguồn ở {place}",
        "Khắc phục tình trạng ô nhiễm tại {project}",
    ),
    "NN": (
        "Kiểm tra, gia cố đê điều, hồ đập trước mùa mưa bão tại {place}",
        "Triển khai phương án phòng chống thiên tai năm trên địa bàn {place}",
        "Hỗ trợ khôi phục sản xuất nông nghiệp sau bão tại {place}",
        "Tăng cường quản lý, bảo vệ rừng và phòng cháy chữa cháy rừng tại {place}",
        "Rà soát vùng nuôi trồng thủy sản trên biển tại {place}",
    ),
    "XD": (
        "Rà soát quy hoạch chung xây dựng {place}",
        "Kiểm tra trật tự xây dựng, xử lý công trình vi phạm tại {place}",
        "Thẩm định thiết kế cơ sở dự án {project}",
        "Lập quy hoạch phân khu khu vực {place}",
        "Tháo gỡ vướng mắc về cấp phép xây dựng tại {place}",
        "Đánh giá an toàn chung cư cũ tại {place}",
    ),
    "GT": (
        "Khắc phục điểm đen tai nạn giao thông trên tuyến qua {place}",
        "Tổ chức lại giao thông khu vực {place}",
        "Đẩy nhanh tiến độ thi công {project}",
        "Sửa chữa mặt đường, hệ thống thoát nước tuyến qua {place}",
    ),
    "DT": (
        "Đẩy nhanh giải ngân vốn đầu tư công dự án {project}",
        "Hoàn thiện thủ tục điều chỉnh chủ trương đầu tư dự án {project}",
        "Báo cáo tình hình thực hiện kế hoạch vốn đầu tư công của {place}",
        "Quyết toán vốn đầu tư dự án hoàn thành {project}",
        "Tháo gỡ khó khăn về mặt bằng thi công dự án {project}",
    ),
    "TC": (
        "Xây dựng dự toán ngân sách năm của {place}",
        "Rà soát, sắp xếp lại, xử lý nhà, đất công tại {place}",
        "Thẩm định phương án sử dụng tài sản công tại {place}",
        "Báo cáo tình hình thu, chi ngân sách quý của {place}",
        "Đề xuất bổ sung kinh phí thực hiện chính sách an sinh cho {place}",
    ),
    "CT": (
        "Kiểm tra, kiểm soát thị trường hàng hóa dịp cao điểm tại {place}",
        "Phát triển chợ truyền thống và cửa hàng tiện lợi tại {place}",
        "Tháo gỡ vướng mắc cho cụm công nghiệp tại {place}",
        "Bảo đảm cung ứng điện cho sản xuất, sinh hoạt tại {place}",
        "Xúc tiến thương mại sản phẩm OCOP của {place}",
    ),
    "YT": (
        "Triển khai tiêm chủng mở rộng tại {place}",
        "Phòng chống dịch sốt xuất huyết tại {place}",
        "Kiểm tra an toàn thực phẩm tại các bếp ăn tập thể ở {place}",
        "Nâng cao chất lượng khám chữa bệnh tại trạm y tế {place}",
        "Bảo đảm thuốc, vật tư y tế cho {project}",
    ),
    "GD": (
        "Rà soát mạng lưới trường lớp tại {place}",
        "Chuẩn bị cơ sở vật chất cho năm học mới tại {place}",
        "Tổ chức kỳ thi tuyển sinh vào lớp 10 trên địa bàn {place}",
        "Xóa phòng học tạm, phòng học mượn tại {place}",
        "Bố trí giáo viên còn thiếu cho các trường ở {place}",
    ),
    "VH": (
        "Tổ chức lễ hội truyền thống năm tại {place}",
        "Tu bổ, tôn tạo di tích lịch sử - văn hóa tại {place}",
        "Tổ chức giải thể thao quần chúng tại {place}",
        "Xây dựng thiết chế văn hóa cơ sở tại {place}",
    ),
    "DL": (
        "Chấn chỉnh hoạt động kinh doanh du lịch tại {place}",
        "Xây dựng sản phẩm du lịch mới tại {place}",
        "Bảo đảm an toàn cho khách du lịch trên vịnh khu vực {place}",
        "Quảng bá điểm đến du lịch {place}",
    ),
    "KH": (
        "Triển khai Đề án 06 về dữ liệu dân cư tại {place}",
        "Nâng cấp hệ thống thông tin giải quyết thủ tục hành chính của {place}",
        "Phủ sóng di động, internet cho các thôn, khu tại {place}",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại {place}",
    ),
    "NV": (
        "Sắp xếp, bố trí cán bộ, công chức sau sắp xếp đơn vị hành chính tại {place}",
        "Rà soát vị trí việc làm, biên chế của {place}",
        "Thực hiện chính sách tinh giản biên chế tại {place}",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức năm của {place}",
    ),
    "XH": (
        "Chi trả chế độ trợ cấp xã hội tại {place}",
        "Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo tại {place}",
        "Giải quyết việc làm cho lao động bị ảnh hưởng bởi {project}",
        "Rà soát hộ nghèo, hộ cận nghèo tại {place}",
    ),
    "TP": (
        "Góp ý dự thảo quy định về bồi thường, hỗ trợ, tái định cư",
        "Rà soát văn bản quy phạm pháp luật sau sắp xếp bộ máy tại {place}",
        "Tăng cường hòa giải ở cơ sở tại {place}",
        "Kiểm tra công tác chứng thực, hộ tịch tại {place}",
    ),
    "DG": (
        "Thực hiện chính sách hỗ trợ đồng bào dân tộc thiểu số tại {place}",
        "Giải quyết đề nghị của cơ sở tôn giáo tại {place}",
        "Triển khai Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số tại {place}",
    ),
    "TT": (
        "Giải quyết đơn khiếu nại của công dân tại {place}",
        "Tiếp công dân và xử lý kiến nghị liên quan dự án {project}",
    ),
    "HC": (
        "Nâng cao Chỉ số cải cách hành chính (PAR Index) của {place}",
        "Giảm tỷ lệ hồ sơ thủ tục hành chính quá hạn tại {place}",
        "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của {place}",
        "Nâng cao chỉ số DDCI của {place}",
    ),
}
# Office department suffixes of Văn phòng UBND tỉnh per field (số/ký hiệu such as 123/UBND-XD).
OFFICE_DESK = {
    "DD": "NLN", "MT": "NLN", "NN": "NLN", "DG": "NLN", "XD": "XD", "GT": "GT", "DT": "KT",
    "TC": "KT", "CT": "KT", "KH": "KT", "DL": "VX", "YT": "VX", "GD": "VX", "VH": "VX", "XH": "VX",
    "NV": "NC", "TP": "NC", "TT": "NC", "HC": "TH",
}  # fmt: skip
DOCUMENT_KINDS = (
    # (ký hiệu pattern, weight, summary pattern)
    ("{n}/UBND-{desk}", 60, "V/v {topic}"),
    ("{n}/TB-UBND", 15, "Thông báo kết luận của lãnh đạo UBND tại buổi làm việc về {topic}"),
    ("{n}/KH-UBND", 10, "Kế hoạch {topic}"),
    ("{n}/QĐ-UBND", 10, "Quyết định giao nhiệm vụ {topic}"),
    ("{n}/CT-UBND", 5, "Chỉ thị về {topic}"),
)
PROGRESS_NOTES = (
    "Đã tổ chức họp triển khai, phân công cụ thể cho các phòng chuyên môn.",
    "Đã khảo sát hiện trạng, thu thập hồ sơ, tài liệu liên quan.",
    "Đang tổng hợp số liệu, dự thảo báo cáo.",
    "Đã làm việc với các đơn vị liên quan, thống nhất phương án xử lý.",
    "Đã kiểm tra thực địa, lập biên bản làm việc.",
    "Đã hoàn thành dự thảo, đang lấy ý kiến góp ý.",
    "Đã trình lãnh đạo đơn vị xem xét dự thảo văn bản.",
    "Đang hoàn thiện hồ sơ theo ý kiến góp ý.",
)
RESULTS = (
    "Đã ban hành văn bản số {n}/BC-{unit} báo cáo kết quả thực hiện.",
    "Đã hoàn thành, gửi báo cáo kết quả kèm hồ sơ liên quan.",
    "Đã xử lý dứt điểm, có văn bản trả lời số {n}/{unit}.",
    "Đã trình UBND ban hành văn bản theo đúng yêu cầu.",
)
QUESTIONS = (
    "Đề nghị quý cơ quan cho ý kiến về nội dung thuộc lĩnh vực quản lý.",
    "Đề nghị cung cấp số liệu, hồ sơ liên quan để tổng hợp báo cáo.",
    "Đề nghị phối hợp kiểm tra thực địa và có văn bản tham gia ý kiến.",
)
ANSWERS = (
    "Cơ bản thống nhất với dự thảo, đề nghị bổ sung một số nội dung.",
    "Gửi kèm số liệu, hồ sơ theo đề nghị.",
    "Đã cử cán bộ phối hợp kiểm tra; có ý kiến tham gia kèm theo.",
)
LATE_ANSWERS = (
    "Xin lỗi vì chậm trễ; gửi ý kiến tham gia kèm theo.",
    "Gửi ý kiến tham gia (chậm do đơn vị đang tập trung nhiệm vụ khác).",
)
TRANSFER_REASONS = (
    "Nội dung thuộc chức năng, nhiệm vụ của {unit}, đề nghị chuyển xử lý theo thẩm quyền.",
    "Không thuộc thẩm quyền giải quyết của đơn vị; chuyển {unit} xem xét, xử lý.",
    "Đề nghị {unit} chủ trì, đơn vị sẽ phối hợp khi có yêu cầu.",
)
RETURN_NOTES = (
    "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị.",
    "Đề nghị Văn phòng UBND giao đơn vị khác chủ trì theo đúng thẩm quyền.",
)
REROUTE_NOTES = ("Giao {unit} chủ trì thực hiện theo chức năng, nhiệm vụ.",)
EXTENSION_REASONS = (
    "Cần thêm thời gian lấy ý kiến các đơn vị liên quan.",
    "Vướng mắc về mặt bằng, đang phối hợp địa phương tháo gỡ.",
    "Khối lượng công việc lớn, hồ sơ phải bổ sung theo quy định.",
    "Chờ ý kiến thẩm định của cơ quan chuyên môn.",
)
ESCALATION_QUESTIONS = {
    "procurement_under_limit": (
        "Xin ý kiến chỉ đạo về việc phê duyệt kế hoạch lựa chọn nhà thầu gói thầu dưới hạn mức."
    ),
    "approve_plan_under_limit": (
        "Xin ý kiến chỉ đạo về việc phê duyệt phương án, dự toán dưới hạn mức."
    ),
    "land_allocation_small": "Xin ý kiến chỉ đạo về việc giao đất, cho thuê đất diện tích nhỏ lẻ.",
    "construction_permit": "Xin ý kiến về việc cấp giấy phép xây dựng công trình.",
    "": "Xin ý kiến chỉ đạo về hướng xử lý nhiệm vụ.",
}  # fmt: skip
ESCALATION_ANSWERS = (
    "Nội dung thuộc thẩm quyền đã được phân cấp; đề nghị đơn vị chủ động quyết định.",
    "Đồng ý với phương án đề xuất, đề nghị khẩn trương triển khai.",
    "Đề nghị đơn vị nghiên cứu, báo cáo thêm căn cứ pháp lý.",
)
REMINDERS = (
    "Đề nghị khẩn trương thực hiện, báo cáo kết quả đúng thời hạn.",
    "Nhiệm vụ chưa có báo cáo tiến độ; đề nghị đơn vị báo cáo.",
    "Nhiệm vụ đã quá hạn; đề nghị khẩn trương hoàn thành, báo cáo rõ nguyên nhân chậm.",
)
SEND_BACK_NOTES = (
    "Kết quả chưa đáp ứng yêu cầu; đề nghị bổ sung số liệu và đánh giá cụ thể.",
    "Báo cáo chưa đề xuất giải pháp; đề nghị hoàn thiện lại.",
    "Hồ sơ còn thiếu căn cứ pháp lý; đề nghị rà soát, hoàn thiện.",
)
APPROVE_NOTES = ("", "", "Đồng ý kết quả.", "Kết quả đạt yêu cầu.")
CANCEL_NOTES = ("Nhiệm vụ không còn phù hợp do thay đổi chủ trương.",)
EXTENSION_GRANTED = ("Đồng ý gia hạn.", "Đồng ý gia hạn; đề nghị không để chậm thêm.")
EXTENSION_REFUSED = ("Không đồng ý gia hạn; đề nghị hoàn thành đúng thời hạn đã giao.",)


def task_title(rng: random.Random, field_code: str, place: str) -> str:
    """A title for a task in a field, naming a place or a project of the province."""
    template = rng.choice(TOPICS[field_code])
    return template.format(place=place, project=rng.choice(PROJECTS))
