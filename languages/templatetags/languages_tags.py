from django import template
from django.conf import settings
from django.utils.translation import get_language

from languages.facts import language_name, published_translations, translation_facts

register = template.Library()


def _links(page, request):
    # The switcher and the <head> alternates both need them: compute once per page object.
    if not hasattr(page, "_language_links"):
        page._language_links = _compute_links(page, request)
    return page._language_links


def _compute_links(page, request):
    translations = list(published_translations(page, request))
    if request is not None:
        # `p.url` (relative with one site, else absolute) reads the site root paths from
        # Wagtail's cache once per page object it is asked of: these pages share the
        # request's copy, read once.
        root_paths = page._get_site_root_paths(request)
        for p in translations:
            p._wagtail_cached_site_root_paths = root_paths
    return [
        {
            "code": p.locale.language_code,
            "name": language_name(p.locale.language_code),
            "url": p.url,
            "current": p.pk == page.pk and p.locale.language_code == get_language(),
        }
        for p in translations
    ]


@register.inclusion_tag("languages/alternates.html", takes_context=True)
def language_alternates(context, page):
    """<link rel="alternate" hreflang> for each published translation, and x-default."""
    request = context["request"]
    links = [
        {**link, "url": request.build_absolute_uri(link["url"])} for link in _links(page, request)
    ]
    default = next((link for link in links if link["code"] == settings.LANGUAGE_CODE), None)
    return {"links": links, "default": default}


@register.inclusion_tag("languages/switcher.html", takes_context=True)
def language_switcher(context, page):
    """Links to the page in each language it is published in, named in that language."""
    return {"links": _links(page, context.get("request"))}


@register.inclusion_tag("languages/translation_notice.html", takes_context=True)
def translation_notice(context, page):
    return {"facts": translation_facts(page), "request": context.get("request")}
