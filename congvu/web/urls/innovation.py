"""Innovation pages, mounted under /doi-moi/ (đổi mới, sáng tạo)."""

from django.urls import path

from congvu.web.views import innovation as views

app_name = "innovation"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("moi/", views.proposal_create, name="create"),
    path("<int:proposal_id>/", views.proposal_detail, name="detail"),
    path("<int:proposal_id>/<slug:name>/", views.proposal_action, name="action"),
]
