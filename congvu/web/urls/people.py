"""Rating pages, mounted under /danh-gia/ (đánh giá)."""

from django.urls import path

from congvu.web.views import people as views
from congvu.web.views import people_history, streamlining

app_name = "people"

urlpatterns = [
    path("", views.my_ratings, name="mine"),
    path("nhom/", views.my_team, name="team"),
    path("don-vi/", views.my_unit, name="unit"),
    path("don-vi/<int:unit_id>/", views.my_unit, name="unit_of"),
    path("don-vi/<int:unit_id>/mau-02.pdf", views.form02, name="form02"),
    path("don-vi/<int:unit_id>/<slug:step>/", views.unit_step, name="unit_step"),
    path("toan-tinh/", views.province, name="province"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("tinh-gian/", streamlining.streamlining_review, name="streamlining"),
    path("tinh-gian/quyet-dinh/", streamlining.streamlining_decide, name="streamlining_decide"),
    path("lich-su/", people_history.history, name="history"),
    path("lich-su/nhap/", people_history.history_import, name="history_import"),
    path("lich-su/<int:official_id>/", people_history.history, name="history_of"),
    path("toan-tinh/xu-huong/", people_history.trend, name="trend"),
    path("nang-luc/", people_history.capacity, name="capacity"),
    path("<int:rating_id>/", views.rating_detail, name="detail"),
    path("<int:rating_id>/mau-01.pdf", views.form01, name="form01"),
    path("<int:rating_id>/<slug:step>/", views.rating_step, name="step"),
]
