"""What a locked-out client gets: the login page it used, with the lockout in Norwegian.

django-axes calls `lockout_response` (AXES_LOCKOUT_CALLABLE) through its middleware for a
login attempt it refused, or the one that reached the limit, with the response the login
view made. The Wagtail admin's login view, like Django's, answers with a TemplateResponse
holding the form; the form's error is replaced by the lockout and the page rendered again,
with status AXES_HTTP_RESPONSE_CODE (429). Anything else gets the message as plain text.
"""

import math

from django.conf import settings
from django.forms.forms import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from .lockouts import lockout_of


def minutes_left(request) -> int:
    """Whole minutes (at least one) until the client's address may try again."""
    lockout = lockout_of(request.axes_ip_address)
    if lockout is None:  # unlocked meanwhile: say the whole cool-off, never zero
        return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return max(1, math.ceil((lockout.until - timezone.now()).total_seconds() / 60))


def message_for(minutes: int) -> str:
    return ngettext(
        "Too many failed login attempts. Try again in %(minutes)d minute, "
        "or ask the communications adviser to unlock the account.",
        "Too many failed login attempts. Try again in %(minutes)d minutes, "
        "or ask the communications adviser to unlock the account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    message = message_for(minutes_left(request))
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([message], "nonfield")})
        original_response.content = original_response.rendered_content
        original_response.status_code = status
        return original_response
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
