"""Readers never get Norwegian text under another language's address."""

from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail import hooks

from .facts import language_name


# After Wagtail's own view-restriction check (order 0), so a private page stays private.
@hooks.register("before_serve_page", order=100)
def notice_instead_of_untranslated_page(page, request, serve_args, serve_kwargs):
    """/so/… for a page not published in Somali: a short notice in Somali, with a link.

    Wagtail falls back to the source page when a locale has no translation; we
    serve a notice instead of a Norwegian copy under the Somali address.
    """
    language = get_language()
    if page.locale.language_code == language:
        return None
    return TemplateResponse(
        request,
        "languages/not_translated.html",
        {"page": page, "source_page": page, "language_name": language_name(language)},
    )
