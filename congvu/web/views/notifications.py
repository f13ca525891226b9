"""The official's notifications: what waits for them (the same items as the daily e-mail), the
last digests sent, and their choice to receive the e-mail or not."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from congvu.org.middleware import OfficialRequest
from congvu.web.models import DigestSent, ReminderPreference
from congvu.web.queues import sections, waiting_on
from congvu.web.reminders import address_of
from congvu.web.views.common import official_required, render_page, viewer

RECENT_DIGESTS = 10


@official_required
@require_http_methods(["GET", "POST"])
def notifications(request: OfficialRequest) -> HttpResponse:
    official = request.official
    if request.method == "POST":
        wanted = request.POST.get("daily_email") == "on"
        ReminderPreference.objects.update_or_create(
            official=official, defaults={"daily_email": wanted}
        )
        messages.success(
            request,
            _("You will receive the daily e-mail.")
            if wanted
            else _("You will no longer receive the daily e-mail."),
        )
        return HttpResponseRedirect(reverse("notifications"))
    today = timezone.localdate()
    preference = ReminderPreference.objects.filter(official=official).first()
    return render_page(
        request,
        "web/notifications.html",
        {
            "sections": sections(waiting_on(official, today, viewer(request).scope), today),
            "digests": DigestSent.objects.filter(official=official)[:RECENT_DIGESTS],
            "daily_email": preference is None or preference.daily_email,
            "address": address_of(official),
        },
    )
