"""URL configuration: the pages of each domain, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

from congvu.api import pages as api_pages
from congvu.web.views import errors

# Vietnamese error pages (JSON under /api/).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("congvu.api.urls")),
    path("ma-truy-cap-api/", api_pages.token_list, name="api_tokens"),
    path(
        "ma-truy-cap-api/<int:token_id>/thu-hoi/", api_pages.token_revoke, name="api_tokens_revoke"
    ),
    path("dau-hieu/", include("congvu.web.urls.findings")),
    path("ho-so/", include("congvu.web.urls.dossiers")),
    path("dau-tu/", include("congvu.web.urls.investment")),
    path("danh-gia/", include("congvu.web.urls.people")),
    path("bao-cao/", include("congvu.reports.urls")),
    path("ky-luat/", include("congvu.web.urls.discipline")),
    path("doi-moi/", include("congvu.web.urls.innovation")),
    path("khen-thuong/", include("congvu.web.urls.rewards")),
    path("", include("congvu.web.urls")),
]
