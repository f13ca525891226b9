"""Password reset by e-mail and password change: Django's own views, with the site's address
(CONGVU_SITE_URL) in the e-mailed link rather than whatever Host the request claimed."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpResponse


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view; the link in the e-mail points at CONGVU_SITE_URL when it is set."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        site_url = settings.CONGVU_SITE_URL
        if not site_url:
            return super().form_valid(form)
        parts = urlsplit(site_url)
        # Django's own save(), with the domain and scheme of the configured address.
        form.save(
            domain_override=parts.netloc + parts.path,
            use_https=parts.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return super(auth_views.PasswordResetView, self).form_valid(form)
