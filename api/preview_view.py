"""The admin's token page for a headless preview (core.preview.HeadlessPreviewMixin)."""

from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from wagtail.api.v2.utils import get_object_detail_url

from core.http_cache import make_private

from .preview import PREVIEW_TOKEN_PARAMETER, issue_token, may_preview, token_max_age
from .router import api_router

PREVIEW_TEMPLATE = "api_preview/headless.html"


def headless_frontend_url(endpoint_name, obj, token) -> str:
    """settings.PLANPORTAL_HEADLESS_PREVIEW_URL filled in, or "" when there is none for `obj`.

    Placeholders: {model} (the API endpoint: "pages", "measures", …), {id},
    {locale} and {token}. A template without {model} is for pages only.
    """
    template = settings.PLANPORTAL_HEADLESS_PREVIEW_URL
    if not template or (endpoint_name != "pages" and "{model}" not in template):
        return ""
    locale = getattr(obj, "locale", None)
    try:
        return template.format(
            model=quote(endpoint_name, safe=""),
            id=obj.pk,
            locale=quote(locale.language_code if locale else "", safe=""),
            token=quote(token, safe=""),
        )
    except (KeyError, IndexError, ValueError):
        return ""  # a placeholder we do not know: no link rather than a broken preview


def serve_headless_preview(obj, request):
    """The token page: the token, when it expires, the API URL and the front-end link.

    The view of core.preview.HeadlessPreviewMixin's "headless" mode
    (settings.PLANPORTAL_HEADLESS_PREVIEW_VIEW).
    """
    context = {
        "object": obj,
        "model_name": obj._meta.verbose_name,
        "time_zone": settings.TIME_ZONE,
        "max_age_minutes": token_max_age() // 60,
    }
    user = getattr(request, "user", None)
    endpoint = api_router.get_model_endpoint(type(obj))
    if obj.pk is not None and endpoint is not None and user is not None and may_preview(user, obj):
        issued = issue_token(obj, user)
        query = urlencode({PREVIEW_TOKEN_PARAMETER: issued.token})
        context.update(
            token=issued.token,
            expires_at=issued.expires_at,
            expires_local=issued.expires_at.astimezone(ZoneInfo(settings.TIME_ZONE)),
            api_url=f"{get_object_detail_url(api_router, request, type(obj), obj.pk)}?{query}",
            frontend_url=headless_frontend_url(endpoint[0], obj, issued.token),
        )
    # An admin tool page in the site's own language (lang="nb"), whatever page it is for.
    with translation.override(settings.LANGUAGE_CODE):
        response = render(request, PREVIEW_TEMPLATE, context)
    return make_private(response)
