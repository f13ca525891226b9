"""Page URLs."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from congvu.web.views import account, assign, home, notifications, overview, reads, sso, tasks

urlpatterns = [
    path(
        "login/",
        sso.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", sso.LogoutView.as_view(), name="logout"),
    # Single sign-on with the province's provider (docs/sso.md); 404 unless configured.
    path("dang-nhap-mot-cua/", sso.StartView.as_view(), name="sso_start"),
    path("dang-nhap-mot-cua/callback/", sso.CallbackView.as_view(), name="sso_callback"),
    # Password reset by e-mail and password change: Django's views with congvu's templates.
    path("quen-mat-khau/", account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", home.home, name="home"),
    path("viec-cua-toi/", home.my_work, name="my_work"),
    path("thong-bao/", notifications.notifications, name="notifications"),
    path("tong-quan/", overview.overview_page, name="overview"),
    path("nhiem-vu/", tasks.task_list, name="task_list"),
    path("nhiem-vu/xuat-excel/", tasks.task_export, name="task_export"),
    path("nhiem-vu/giao-moi/", assign.task_create, name="task_create"),
    path("nhiem-vu/giao-moi/van-ban/", assign.document_options, name="task_create_documents"),
    path("nhiem-vu/<int:task_id>/", tasks.task_detail, name="task_detail"),
    path("nhiem-vu/<int:task_id>/<slug:name>/", tasks.task_action, name="task_action"),
    path("ai-da-xem/", reads.read_log, name="read_log"),
    path("ai-da-xem/<int:official_id>/", reads.read_log, name="read_log_of"),
    path("tep/<int:attachment_id>/", tasks.attachment_download, name="attachment"),
]
