"""Template tags of the public site: site name, breadcrumbs, theme, print masthead and the
render cache."""

import logging

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.html import format_html
from wagtail.models import Page, Site

from core import render_cache
from core.content_security import allow_inline_style, allow_style_hashes, inline_style_hashes
from core.visibility import is_public, public
from home.plans import plan_of
from home.theme import accent_properties

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The Wagtail site's name, or the installation's name when the site has none."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=""):
    """Live, public ancestors of `page` (without the tree root), then the current page.

    For views that are not pages (search), pass `current_title` instead: the trail is
    then the site's home page followed by that title.
    """
    request = context.get("request")
    ancestors = []
    current = None
    if page is not None:
        routed = page.routed_ancestors() if hasattr(page, "routed_ancestors") else None
        if routed is not None:
            # Routing read them already.
            ancestors = [p for p in routed if p.live and is_public(p, request)]
        else:
            ancestors = list(
                public(Page.objects.ancestor_of(page).live(), request)
                .filter(depth__gt=1)
                .order_by("depth")
                .only("id", "title", "path", "depth", "url_path", "locale_id")
            )
        current = page.title
    elif current_title:
        site = Site.find_for_request(request) if request is not None else None
        if site is not None:
            home = site.root_page.localized
            if home.live:
                ancestors = [home]
        current = current_title
    return {"request": request, "ancestors": ancestors, "current": current}


@register.filter
def with_heading_levels(stream_value):
    """Pair each block of a chapter body with the heading level its own headings should use.

    Blocks after a numbered section (an h2) head their parts with h3; blocks before
    the first section sit directly under the page's h1 and use h2, so no level is skipped.
    """
    level = 2
    pairs = []
    for block in stream_value:
        if block.block_type == "section":
            pairs.append((block, 2))
            level = 3
        else:
            pairs.append((block, level))
    return pairs


@register.simple_tag(takes_context=True)
def theme_style(context, identity):
    """The adviser's theme colour as Designsystemet's accent custom properties (home.theme).

    Unlayered, so it overrides the theme's layered defaults in light mode. The element is
    allowed by the hash of its text in the page's Content-Security-Policy (core.content_security).
    """
    properties = accent_properties(identity.theme_colour if identity else "")
    if not properties:
        return ""
    declarations = "".join(f"{name}:{value};" for name, value in properties.items())
    css = format_html(":root,[data-color-scheme]{{{}}}", declarations)
    allow_inline_style(context.get("request"), css)
    return format_html("<style>{}</style>", css)


@register.inclusion_tag("includes/print_masthead.html", takes_context=True)
def print_masthead(context, page):
    """What a printout carries on top: the plan's title, version and date, and the page's
    address (shown in print only)."""
    request = context.get("request")
    return {
        "plan": plan_of(page),
        "address": request.build_absolute_uri(page.get_url(request)) if request else page.full_url,
    }


class SharedRenderNode(template.Node):
    """`{% shared_render "name" var… %}…{% endshared_render %}`: see core.render_cache."""

    def __init__(self, nodelist, name: str, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        try:
            key = render_cache.key(request, self.name, *(v.resolve(context) for v in self.vary_on))
            html = cache.get(key) if key is not None else None
        except Exception:
            logger.warning("Render cache unavailable; rendering %s", self.name, exc_info=True)
            key = html = None
        if html is not None:
            # What the fragment needs beside its HTML: its inline styles' CSP hashes.
            html, style_hashes = html
            allow_style_hashes(request, style_hashes)
            return html
        before = set(inline_style_hashes(request)) if request is not None else set()
        html = self.nodelist.render(context)
        if key is not None:
            kept = (html, [h for h in inline_style_hashes(request) if h not in before])
            try:
                cache.set(key, kept, settings.PLANPORTAL_RENDER_CACHE_SECONDS)
            except Exception:
                logger.warning("Render cache unavailable; not kept: %s", self.name, exc_info=True)
        return html


@register.tag
def shared_render(parser, token):
    """Keep what the tag encloses in the render cache, for every anonymous reader alike.

    `{% shared_render "page" page.pk %}`: a fragment's name (a literal), then the values it
    depends on beyond the site's generation, language, host and address (core.render_cache).
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
    nodelist = parser.parse(("endshared_render",))
    parser.delete_first_token()
    return SharedRenderNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])
