"""Django app configuration for web."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "congvu.web"
    label = "congvu_web"
    verbose_name = _("Web pages")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from congvu.core.logins import mark_session_renewed

        # A fresh login has just set the session's expiry: no renewal on the next page.
        user_logged_in.connect(mark_session_renewed, dispatch_uid="congvu_session_renewed")
