"""Rewards pages ("5 thật", "6 dám"), mounted under /khen-thuong/."""

from django.urls import path

from congvu.web.views import rewards as views

app_name = "rewards"

urlpatterns = [
    path("", views.nomination_list, name="list"),
    path("moi/", views.nomination_create, name="create"),
    path("bang-chung/<int:official_id>/<int:year>/", views.panel_page, name="panel"),
    path("danh-sach/<int:unit_id>/<int:year>/", views.unit_list, name="unit_list"),
    path("danh-sach/<int:unit_id>/<int:year>/pdf/", views.unit_list_pdf, name="unit_pdf"),
    path("<int:nomination_id>/", views.nomination_detail, name="detail"),
    path("<int:nomination_id>/<slug:name>/", views.nomination_action, name="action"),
]
