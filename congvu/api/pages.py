"""The page where an official lists their API tokens, issues a new one and revokes old ones."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from congvu.api.tokens import issue_token, revoke_token, tokens_of
from congvu.core.errors import ActionError
from congvu.org.middleware import OfficialRequest
from congvu.web.views.common import official_required, render_page


@official_required
@require_http_methods(["GET", "POST"])
def token_list(request: OfficialRequest) -> HttpResponse:
    """Own tokens only; a POST issues one and shows its key once, on this response."""
    new_key = None
    error = None
    if request.method == "POST":
        try:
            _token, new_key = issue_token(request.official, name=request.POST.get("name", ""))
        except ActionError as exc:
            error = exc.message
    return render_page(
        request,
        "api/tokens.html",
        {
            "tokens": tokens_of(request.official),
            "now": timezone.now(),
            "new_key": new_key,
            "error": error,
            "token_days": settings.CONGVU_API_TOKEN_DAYS,
        },
        status=400 if error else 200,
    )


@official_required
@require_POST
def token_revoke(request: OfficialRequest, token_id: int) -> HttpResponse:
    """Revoke one of one's own tokens; another official's token is not found (404)."""
    token = tokens_of(request.official).filter(pk=token_id).first()
    if token is None:
        raise Http404
    revoke_token(token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("api_tokens"))
