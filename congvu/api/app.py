"""The NinjaAPI instance: /api/v1/, token or session auth, JSON errors, one router per domain."""

from ninja import NinjaAPI

from congvu.api import findings, org, people, tasks
from congvu.api.auth import BearerToken, SessionOfficial
from congvu.api.docs import OfflineSwagger
from congvu.api.errors import install_error_handlers

# The title and description are built once at import, before any request picks a language, so
# they are written in Vietnamese directly rather than through gettext.
api = NinjaAPI(
    title="API congvu: theo dõi nhiệm vụ của chính quyền địa phương",
    version="1",
    description=(
        "Nhiệm vụ do Ủy ban nhân dân giao, nhật ký sự kiện của từng nhiệm vụ và báo cáo tổng hợp "
        "bốn nhóm (hoàn thành đúng hạn, hoàn thành quá hạn, đang thực hiện trong hạn, quá hạn "
        "chưa hoàn thành).\n\n"
        "Xác thực: `Authorization: Bearer <mã>` (tạo bằng `congvu create_api_token TÊN_ĐĂNG_NHẬP "
        "--name ...`), hoặc phiên đăng nhập của trang web kèm mã CSRF (`X-CSRFToken`). "
        "Lỗi trả về JSON: `code` (mã máy đọc), `message` (câu tiếng Việt), `errors` (theo trường)."
        "\n\nTasks assigned by the People's Committee, their event logs and the leader overview. "
        "Send `Accept-Language: en` for English messages."
    ),
    urls_namespace="api",
    auth=[BearerToken(), SessionOfficial()],
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", org.router)
api.add_router("/", tasks.router)
api.add_router("/", findings.router)
api.add_router("/", people.router)
