"""Inline styles the public pages' Content-Security-Policy allows by their hash.

The public policy (CONTENT_SECURITY_POLICY in cms.settings.base) has no 'unsafe-inline'. A
`<style>` element we render ourselves (the municipality's theme colour) is allowed by the
SHA-256 hash of its text, which the view records on the request here and the CSP middleware
(cms.middleware) adds to the response's style-src. A hash, not a nonce: public pages are
stored by the edge cache and served to everyone, so a nonce in them would be the same for
every reader for a day; a hash stays right however long the page is kept.
"""

import base64
import hashlib

from django.http import HttpRequest

_ATTRIBUTE = "_planportal_csp_style_hashes"


def allow_inline_style(request: HttpRequest | None, css: str) -> None:
    """Let the `<style>` element whose text is exactly `css` apply on this response."""
    if request is None:
        return
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    hashes = getattr(request, _ATTRIBUTE, [])
    if f"'sha256-{digest}'" not in hashes:
        hashes.append(f"'sha256-{digest}'")
    setattr(request, _ATTRIBUTE, hashes)


def allow_style_hashes(request: HttpRequest | None, hashes) -> None:
    """Allow styles by their CSP sources, as `inline_style_hashes` gave them (a rendering
    kept by core.render_cache brings the hashes its styles need)."""
    if request is None:
        return
    kept = getattr(request, _ATTRIBUTE, [])
    kept.extend(source for source in hashes if source not in kept)
    setattr(request, _ATTRIBUTE, kept)


def inline_style_hashes(request: HttpRequest) -> list[str]:
    """The CSP sources ('sha256-…') of the inline styles rendered for this request."""
    return list(getattr(request, _ATTRIBUTE, []))
